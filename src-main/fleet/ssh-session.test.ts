// Against real OpenSSH servers in network namespaces (see lab/ssh-lab.ts); needs root.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../platform/index.ts';
import { sha256Fingerprint } from './fingerprint.ts';
import { KnownHosts } from './known-hosts.ts';
import { labAvailable, startSshLab, type LabHost, type SshLab } from './lab/ssh-lab.ts';
import { SshSession, type SessionOptions } from './ssh-session.ts';
import type { HostKeyQuestion, Prompter, SecretQuestion, SshTarget } from './ssh-types.ts';

const unavailable = labAvailable();
let lab: SshLab;

beforeAll(async () => {
  if (unavailable) throw new Error(`cannot run the SSH tests: ${unavailable}`);
  lab = await startSshLab();
});
afterAll(async () => {
  await lab?.stop();
});

/** A prompter that records what it was asked and answers from a script. */
function scriptedPrompter(answers: { acceptKey?: boolean; secrets?: Partial<Record<SecretQuestion['kind'], string | null>> } = {}) {
  const asked: Array<HostKeyQuestion | SecretQuestion> = [];
  const prompter: Prompter = {
    async confirmHostKey(question) {
      asked.push(question);
      return answers.acceptKey ?? true;
    },
    async askSecret(question) {
      asked.push(question);
      return answers.secrets?.[question.kind] ?? null;
    },
  };
  return { prompter, asked };
}

function fingerprintOf(host: LabHost): string {
  return sha256Fingerprint(Buffer.from(host.publicKey.split(' ')[1]!, 'base64'));
}

/** known_hosts that already trust both lab hosts, as after a first accepted connection. */
function trustingKnownHosts(): KnownHosts {
  const file = join(mkdtempSync(join(tmpdir(), 'wb-kh-')), 'known_hosts');
  writeFileSync(file, `${lab.a.address} ${lab.a.publicKey}\n${lab.b.address} ${lab.b.publicKey}\n`);
  return new KnownHosts([file], join(mkdtempSync(join(tmpdir(), 'wb-kh-')), 'own'));
}

function target(host: LabHost, extra: Partial<SshTarget> = {}): SshTarget {
  return { name: host.name, host: host.address, port: host.port, user: lab.user, ...extra };
}

function options(prompter: Prompter, extra: Partial<SessionOptions> = {}): SessionOptions {
  return { knownHosts: trustingKnownHosts(), prompter, secrets: new MemorySecretStore(), readyTimeoutMs: 8000, ...extra };
}

describe('SSH host keys', () => {
  it('shows an unknown key fingerprint to the user, and remembers it once accepted', async () => {
    const { prompter, asked } = scriptedPrompter({ acceptKey: true });
    const knownHosts = new KnownHosts([], join(mkdtempSync(join(tmpdir(), 'wb-kh-')), 'own'));
    const first = await SshSession.open(target(lab.a, { identityFile: lab.key.path }), options(prompter, { knownHosts }));
    first.close();
    expect(asked).toEqual([{ host: lab.a.address, name: 'host-a', port: 22, keyType: 'ssh-ed25519', fingerprint: fingerprintOf(lab.a) }]);
    const second = await SshSession.open(target(lab.a, { identityFile: lab.key.path }), options(prompter, { knownHosts }));
    second.close();
    expect(asked).toHaveLength(1);
  });

  it('does not connect when the user refuses an unknown key', async () => {
    const { prompter } = scriptedPrompter({ acceptKey: false });
    const knownHosts = new KnownHosts([], join(mkdtempSync(join(tmpdir(), 'wb-kh-')), 'own'));
    await expect(SshSession.open(target(lab.a, { identityFile: lab.key.path }), options(prompter, { knownHosts }))).rejects.toThrow(`host-a: the host key ${fingerprintOf(lab.a)} was refused`);
  });

  it('refuses a changed key loudly, with both fingerprints, without asking', async () => {
    const { prompter, asked } = scriptedPrompter({ acceptKey: true });
    const file = join(mkdtempSync(join(tmpdir(), 'wb-kh-')), 'known_hosts');
    writeFileSync(file, `${lab.a.address} ${lab.b.publicKey}\n`); // the record says A has B's key
    const knownHosts = new KnownHosts([file], join(mkdtempSync(join(tmpdir(), 'wb-kh-')), 'own'));
    const error = await SshSession.open(target(lab.a, { identityFile: lab.key.path }), options(prompter, { knownHosts })).catch((e: Error) => e);
    expect(String(error)).toContain('REFUSED: THE HOST KEY HAS CHANGED');
    expect(String(error)).toContain(fingerprintOf(lab.a));
    expect(String(error)).toContain(`${file}:1`);
    expect(asked).toEqual([]);
  });
});

describe('SSH authentication', () => {
  it('logs in with a key', async () => {
    const session = await SshSession.open(target(lab.a, { identityFile: lab.key.path }), options(scriptedPrompter().prompter));
    const result = await session.exec('id -un');
    session.close();
    expect(result).toMatchObject({ code: 0, stdout: `${lab.user}\n` });
  });

  it('asks for the passphrase of a locked key', async () => {
    const { prompter, asked } = scriptedPrompter({ secrets: { passphrase: lab.lockedKey.passphrase } });
    const session = await SshSession.open(target(lab.a, { identityFile: lab.lockedKey.path }), options(prompter));
    expect((await session.exec('echo ok')).stdout).toBe('ok\n');
    session.close();
    expect(asked).toEqual([{ host: 'host-a', kind: 'passphrase', prompt: `Passphrase for ${lab.lockedKey.path}` }]);
  });

  it('logs in through ssh-agent', async () => {
    const session = await SshSession.open(target(lab.a), options(scriptedPrompter().prompter, { agentSocket: lab.agentSocket }));
    expect((await session.exec('id -un')).stdout).toBe(`${lab.user}\n`);
    session.close();
    await lab.waitForLog(lab.a, /Accepted publickey for wbtest .* ED25519 SHA256:/);
  });

  it('answers keyboard-interactive with the password the user typed', async () => {
    const { prompter, asked } = scriptedPrompter({ secrets: { password: lab.password } });
    const session = await SshSession.open(target(lab.a), options(prompter));
    session.close();
    expect(asked).toEqual([{ host: 'host-a', kind: 'password', prompt: `Password for ${lab.user}@host-a` }]);
    await lab.waitForLog(lab.a, /Accepted keyboard-interactive\/pam for wbtest/);
  });

  it('uses password authentication where the server offers only that, through a jump host', async () => {
    const { prompter } = scriptedPrompter({ secrets: { password: lab.password } });
    const session = await SshSession.open(target(lab.b, { jump: target(lab.a, { identityFile: lab.key.path }) }), options(prompter));
    const addresses = await session.exec('ip -4 -o addr show');
    session.close();
    expect(addresses.stdout).toContain(lab.b.address);
    await lab.waitForLog(lab.b, /Accepted password for wbtest from 10\.232\.\d+\.1/);
  });

  it('reports a wrong password as an authentication failure for that host, and forgets it', async () => {
    const secrets = new MemorySecretStore();
    const { prompter } = scriptedPrompter({ secrets: { password: 'wrong-password' } });
    await expect(SshSession.open(target(lab.b, { jump: target(lab.a, { identityFile: lab.key.path }) }), options(prompter, { secrets }))).rejects.toThrow(
      'host-b: authentication failed for wbtest',
    );
    expect(await secrets.get(`ssh:password:${lab.user}@${lab.b.address}:22`)).toBeNull();
  });

  it('logs in as root directly with a key', async () => {
    const session = await SshSession.open(target(lab.a, { user: 'root', identityFile: lab.key.path }), options(scriptedPrompter().prompter));
    expect((await session.exec('id -u')).stdout).toBe('0\n');
    session.close();
  });

  it('names the host when it cannot be reached', async () => {
    const session = SshSession.open({ name: 'ghost', host: '127.0.0.1', port: 1, user: 'x' }, options(scriptedPrompter().prompter));
    await expect(session).rejects.toThrow(/^ghost: cannot connect to x@127.0.0.1:1: connect ECONNREFUSED/);
  });
});
