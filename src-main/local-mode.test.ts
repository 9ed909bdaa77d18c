// Local mode: the machine the workbench runs on as a host of the case, without SSH. A rule author deploys
// the sensor here, sees their own activity arrive, and removes the sensor again. Needs root and BTF.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { installRoot, stateDir } from './fleet/index.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import { Workbench } from './workbench.ts';

let workbench: Workbench;
let api: ReturnType<typeof inProcessApi>;

beforeAll(async () => {
  if (process.getuid?.() !== 0 || !existsSync('/sys/kernel/btf/vmlinux')) throw new Error('local mode tests need root and a kernel with BTF');
  if (existsSync(installRoot) || existsSync(stateDir)) throw new Error(`${installRoot} or ${stateDir} exists on this machine: remove the sensor installed there first`);
  workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir: mkdtempSync(join(tmpdir(), 'wb-local-')) }, secrets: new MemorySecretStore() });
  api = inProcessApi(workbench.handlers());
  await api.call('cases.create', { name: 'my laptop' });
});
afterAll(async () => {
  workbench?.close();
  spawnSync('sh', ['-c', `[ -f ${stateDir}/sensor.pid ] && kill "$(cat ${stateDir}/sensor.pid)"; rm -rf ${installRoot} ${stateDir}`]);
});

describe('local mode', () => {
  it('adds this machine as a host once, and learns what it is without SSH', async () => {
    const added = await api.call('hosts.addLocal', { name: 'this-laptop' });
    expect(added).toMatchObject({ name: 'this-laptop', local: true, connection: 'local' });
    const connected = await api.call('hosts.connect', { id: added.id });
    expect(connected).toMatchObject({ connection: 'local', arch: process.arch === 'x64' ? 'x86_64' : 'aarch64', btf: true, lastError: '' });
    await expect(api.call('hosts.addLocal', {})).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('already in the case, as this-laptop') });
  });

  it('deploys the sensor here, streams this machine\'s activity into the case, and removes it without a trace', async () => {
    const [host] = await api.call('hosts.list', {});
    await api.call('sensor.deploy', { hostId: host!.id });
    expect((await api.call('sensor.start', { hostId: host!.id, profile: 'light' })).sensor).toBe('running');
    const deadline = Date.now() + 30_000;
    let found;
    while (!found && Date.now() < deadline) {
      spawnSync('/bin/echo', ['wb-local-marker-31337']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      found = (await api.call('events.query', { text: 'wb-local-marker-31337', types: ['exec'] })).rows.find((row) => row.executable === '/usr/bin/echo');
    }
    expect(found).toMatchObject({ hostName: 'this-laptop', type: 'exec' });
    const [streaming] = await api.call('hosts.list', {});
    expect(streaming).toMatchObject({ connection: 'local', capture: { state: 'streaming' } });
    expect((await api.call('sensor.uninstall', { hostId: host!.id })).sensor).toBe('not-deployed');
    expect(existsSync(installRoot) || existsSync(stateDir)).toBe(false);
  }, 60_000);
});
