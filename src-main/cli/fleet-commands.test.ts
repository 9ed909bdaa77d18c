// Headless capture from the command line, against a real OpenSSH host with the real sensor (root, BTF).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Fingerprint } from '../fleet/fingerprint.ts';
import { labAvailable, startSshLab, type SshLab } from '../fleet/lab/ssh-lab.ts';
import { nodePaths } from '../platform/index.ts';
import { runCli } from './program.ts';

let lab: SshLab;
const dataDir = mkdtempSync(join(tmpdir(), 'wb-cli-fleet-'));
beforeAll(async () => {
  const unavailable = labAvailable() ?? (existsSync(join(nodePaths({}).sensorDir, 'workbench-sensor-x86_64')) ? null : 'the sensor is not built');
  if (unavailable) throw new Error(`cannot run the CLI fleet tests: ${unavailable}`);
  lab = await startSshLab();
});
afterAll(async () => lab?.stop());

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: { WORKBENCH_DATA_DIR: dataDir, HOME: dataDir } });
  return { code, out, err };
}

describe('headless capture with the CLI', () => {
  it('adds a host, refuses its unknown key without a terminal, then deploys, streams and uninstalls', async () => {
    const created = await cli(['cases', 'create', 'headless']);
    const caseFile = created.out.trim();
    expect((await cli(['hosts', 'add', 'a', '--case', caseFile, '--address', lab.a.address, '--identity', lab.key.path])).out).toBe(`added a (root@${lab.a.address}:22)\n`);
    const refused = await cli(['sensor', 'deploy', 'a', '--case', caseFile]);
    expect(refused.code).toBe(1);
    const fingerprint = sha256Fingerprint(Buffer.from(lab.a.publicKey.split(' ')[1]!, 'base64'));
    expect(refused.err).toContain(`Refused. Check it on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then pass --accept-host-key ${fingerprint}`);
    const trust = ['--accept-host-key', fingerprint];
    expect((await cli(['sensor', 'deploy', 'a', '--case', caseFile, ...trust])).out).toBe('a: sensor deployed\n');
    expect((await cli(['sensor', 'start', 'a', '--case', caseFile])).out).toBe('a: sensor running\n'); // the key is remembered now
    const streamed = await cli(['stream', 'a', '--case', caseFile, '--duration', '3']);
    expect(streamed.out).toMatch(/^a: [1-9]\d* events in the case\n$/);
    expect(streamed.err).toMatch(/a: streaming · \d+ stored/);
    expect((await cli(['sensor', 'uninstall', 'a', '--case', caseFile])).out).toBe('a: sensor not-deployed\n');
    const events = await cli(['events', '--case', caseFile, '--type', 'exec', '--limit', '1']);
    expect(events.out).toMatch(/1 of \d+ matching events\n$/);
  }, 90_000);
});
