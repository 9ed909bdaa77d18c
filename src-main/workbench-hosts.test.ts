// Hosts as a user manages them through the API, against real OpenSSH servers (needs root).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PromptEvent } from '../src-shared/api/domain.ts';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { sha256Fingerprint } from './fleet/fingerprint.ts';
import { labAvailable, startSshLab, type SshLab } from './fleet/lab/ssh-lab.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import { Workbench } from './workbench.ts';

let lab: SshLab;
beforeAll(async () => {
  const unavailable = labAvailable();
  if (unavailable) throw new Error(`cannot run the host tests: ${unavailable}`);
  lab = await startSshLab();
});
afterAll(async () => lab?.stop());

function newWorkbench() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-hosts-'));
  const userKnownHosts = join(dataDir, 'user_known_hosts');
  writeFileSync(userKnownHosts, '');
  const workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir }, secrets: new MemorySecretStore(), agentSocket: undefined, userKnownHosts });
  const api = inProcessApi(workbench.handlers());
  return { workbench, api, dataDir };
}

/** Answers host-key prompts like a user who checked the fingerprint: yes to `trusted`, no otherwise. */
function answerPrompts(api: ReturnType<typeof newWorkbench>['api'], trusted: string[], password?: string) {
  const seen: PromptEvent[] = [];
  api.subscribe('prompts', {}, (event) => {
    seen.push(event);
    if (event.state !== 'open') return;
    const { prompt } = event;
    const answer = prompt.kind === 'host-key' ? trusted.includes(prompt.fingerprint) : (password ?? null);
    void api.call('prompts.answer', { id: prompt.id, answer });
  });
  return seen;
}

const fingerprint = (publicKey: string) => sha256Fingerprint(Buffer.from(publicKey.split(' ')[1]!, 'base64'));

describe('hosts of a case', () => {
  it('adds a host, asks about its unknown key, connects and learns what it is', async () => {
    const { api, workbench } = newWorkbench();
    await api.call('cases.create', { name: 'lab' });
    const seen = answerPrompts(api, [fingerprint(lab.a.publicKey)]);
    const added = await api.call('hosts.add', { name: 'host-a', address: lab.a.address, user: lab.user, identityFile: lab.key.path });
    expect(added).toMatchObject({ name: 'host-a', port: 22, connection: 'offline', jumpHostId: null });
    const connected = await api.call('hosts.connect', { id: added.id });
    expect(connected).toMatchObject({ connection: 'connected', arch: process.arch === 'x64' ? 'x86_64' : 'aarch64', btf: true, lastError: '' });
    expect(connected.kernel).toBe((await import('node:os')).release());
    expect(seen[0]).toMatchObject({ state: 'open', prompt: { kind: 'host-key', host: 'host-a', address: lab.a.address, fingerprint: fingerprint(lab.a.publicKey) } });
    expect(seen[1]).toMatchObject({ state: 'closed' });
    workbench.close();
  });

  it('reaches a host through its jump host, asking for its password', async () => {
    const { api, workbench } = newWorkbench();
    await api.call('cases.create', { name: 'lab' });
    answerPrompts(api, [fingerprint(lab.a.publicKey), fingerprint(lab.b.publicKey)], lab.password);
    const a = await api.call('hosts.add', { name: 'host-a', address: lab.a.address, user: lab.user, identityFile: lab.key.path });
    const b = await api.call('hosts.add', { name: 'host-b', address: lab.b.address, user: lab.user, jumpHostId: a.id });
    expect((await api.call('hosts.connect', { id: b.id })).connection).toBe('connected');
    workbench.close();
  });

  it('marks a host whose key the user refused as failed, saying why', async () => {
    const { api, workbench } = newWorkbench();
    await api.call('cases.create', { name: 'lab' });
    answerPrompts(api, []);
    const a = await api.call('hosts.add', { name: 'host-a', address: lab.a.address, user: lab.user, identityFile: lab.key.path });
    await expect(api.call('hosts.connect', { id: a.id })).rejects.toMatchObject({ code: 'host_error', message: expect.stringContaining('was refused') });
    const [host] = await api.call('hosts.list', {});
    expect(host).toMatchObject({ connection: 'error', lastError: expect.stringContaining('host-a: the host key SHA256:') });
    workbench.close();
  });

  it('refuses duplicate names, unknown and looping jump hosts', async () => {
    const { api, workbench } = newWorkbench();
    await api.call('cases.create', { name: 'lab' });
    const a = await api.call('hosts.add', { name: 'a', address: '127.0.0.1' });
    await expect(api.call('hosts.add', { name: 'a', address: '127.0.0.2' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(api.call('hosts.add', { name: 'b', address: '127.0.0.2', jumpHostId: 999 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(api.call('hosts.add', { name: 'c d', address: '127.0.0.2' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(api.call('hosts.add', { name: 'e', address: 'x; rm -rf /' })).rejects.toMatchObject({ code: 'invalid_input' });
    const b = await api.call('hosts.add', { name: 'b', address: '127.0.0.2', jumpHostId: a.id });
    await api.call('hosts.update', { id: a.id, jumpHostId: b.id });
    await expect(api.call('hosts.connect', { id: a.id })).rejects.toThrow(/form a loop/);
    await api.call('hosts.remove', { id: a.id });
    expect((await api.call('hosts.list', {})).map((h) => [h.name, h.jumpHostId])).toEqual([['b', null]]);
    workbench.close();
  });
});
