// Deploy → start → stream → faults → stop → uninstall, with the real sensor on a real OpenSSH host
// (a network namespace of this machine; the sensor sees the whole kernel). Needs root and BTF.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { installRoot, stateDir } from './fleet/index.ts';
import { labAvailable, startSshLab, type SshLab } from './fleet/lab/ssh-lab.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import { Workbench } from './workbench.ts';

const sensorBinary = join(nodePaths({}).sensorDir, 'workbench-sensor-x86_64');
let lab: SshLab;
let workbench: Workbench;
let api: ReturnType<typeof inProcessApi>;
let hostId: number;

beforeAll(async () => {
  const unavailable = labAvailable() ?? (existsSync(sensorBinary) ? null : `${sensorBinary} is not built (make -C sensor)`);
  if (unavailable) throw new Error(`cannot run the sensor deployment tests: ${unavailable}`);
  lab = await startSshLab();
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-deploy-'));
  const userKnownHosts = join(dataDir, 'user_known_hosts');
  writeFileSync(userKnownHosts, `${lab.a.address} ${lab.a.publicKey}\n`);
  workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir }, secrets: new MemorySecretStore(), agentSocket: undefined, userKnownHosts });
  api = inProcessApi(workbench.handlers());
  await api.call('cases.create', { name: 'deploy' });
  hostId = (await api.call('hosts.add', { name: 'host-a', address: lab.a.address, user: 'root', identityFile: lab.key.path })).id;
});
afterAll(async () => {
  workbench?.close();
  if (lab) {
    lab.runIn(lab.a, ['sh', '-c', `[ -f ${stateDir}/sensor.pid ] && kill "$(cat ${stateDir}/sensor.pid)"; rm -rf ${installRoot} ${stateDir}; true`]);
    await lab.stop();
  }
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; capture: ${JSON.stringify((await api.call('hosts.list', {}))[0]?.capture)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Every seq the sensor wrote into its spool on the host. The lab's hosts are namespaces of this machine,
 * so the spool is read straight from the host's disk (it can hold hundreds of MB).
 */
function spooledSeqs(): number[] {
  const dir = lab.pathOn(lab.a, `${stateDir}/spool`);
  const seqs: number[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ndjson'))) {
    for (const match of readFileSync(join(dir, file), 'latin1').matchAll(/^\{"seq":(\d+),/gm)) seqs.push(Number(match[1]));
  }
  return seqs.sort((a, b) => a - b);
}

function storedSeqs(): number[] {
  const rows = workbench.requireCase();
  const seqs: number[] = [];
  let page = rows.queryEvents({ limit: 1000 });
  seqs.push(...page.rows.map((r) => r.seq));
  while (page.next) {
    page = rows.queryEvents({ limit: 1000, before: page.next });
    seqs.push(...page.rows.map((r) => r.seq));
  }
  return seqs.sort((a, b) => a - b);
}

describe('the sensor on a host', () => {
  it('deploys into a versioned directory after checking the host, verified by SHA-256', async () => {
    const deployed = await api.call('sensor.deploy', { hostId });
    expect(deployed).toMatchObject({ sensor: 'deployed', arch: 'x86_64', btf: true });
    const sha = createHash('sha256').update(readFileSync(sensorBinary)).digest('hex');
    const installed = lab.runIn(lab.a, ['sha256sum', `${installRoot}/0.1.0-${sha.slice(0, 12)}/workbench-sensor`]);
    expect(installed.split(' ')[0]).toBe(sha);
  });

  it('starts it and streams what happens on the host into the case', async () => {
    // process events only: the sensor sees the whole machine, and the rest of the suite may be busy
    const started = await api.call('sensor.start', { hostId, profile: 'light' });
    expect(started.sensor).toBe('running');
    await until('the stream', async () => (await api.call('hosts.list', {}))[0]?.capture?.state === 'streaming');
    lab.runIn(lab.a, ['sh', '-c', '/bin/echo wb-marker-5150 > /dev/null']);
    const found = await until('the marker exec event', async () => (await api.call('events.query', { text: 'wb-marker-5150', types: ['exec'] })).rows[0]);
    expect(found).toMatchObject({ hostName: 'host-a', type: 'exec', executable: '/usr/bin/echo' });
    expect((found.raw['process'] as { argv: string[] }).argv).toEqual(['wb-marker-5150']);
    // live health: the reader's heartbeats say how far behind the case is, and when the host last spoke
    const caughtUp = await until('a heartbeat saying the case caught up', async () => {
      const capture = (await api.call('hosts.list', {}))[0]?.capture;
      return capture?.lagEvents === 0 && capture.lastHeardAtMs !== null ? capture : undefined;
    });
    expect(Date.now() - caughtUp.lastHeardAtMs!).toBeLessThan(5000);
    expect(caughtUp.eventsPerSecond).toBeGreaterThanOrEqual(0);
  });

  it('loses and duplicates nothing when the SSH connection is killed 20 times mid-stream', async () => {
    // a steady stream of execs on the host while we break the connection again and again
    const done = `/tmp/wb-load-done-${process.pid}`;
    lab.runIn(lab.a, ['sh', '-c', `rm -f ${done}; nohup sh -c "i=0; while [ \\$i -lt 400 ]; do /bin/true wb-load-\\$i; i=\\$((i+1)); sleep 0.02; done; touch ${done}" > /dev/null 2>&1 &`]);
    for (let round = 0; round < 20; round++) {
      await until('a live session', async () => workbench.fleet.session(hostId) !== null && (await api.call('hosts.list', {}))[0]?.capture?.state === 'streaming');
      workbench.fleet.session(hostId)?.destroy();
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await until('the load to finish', async () => lab.runIn(lab.a, ['sh', '-c', `test -e ${done} && echo done || true`]).trim() === 'done', 60_000);
    const spooled = spooledSeqs();
    await until('the case to catch up with the spool', async () => storedSeqs().at(-1)! >= spooled.at(-1)!, 60_000);
    const stored = storedSeqs();
    expect(new Set(stored).size).toBe(stored.length); // nothing twice
    // nothing lost: every event still in the spool is in the case; only what the full spool dropped
    // before we read it (reported as gaps, counted) can be missing
    const inRange = (seq: number) => seq >= spooled[0]! && seq <= spooled.at(-1)!; // the sensor goes on writing after we read the spool
    const spooledSet = new Set(spooled);
    const storedSet = new Set(stored);
    const extra = stored.filter((seq) => inRange(seq) && !spooledSet.has(seq));
    const missing = spooled.filter((seq) => inRange(seq) && !storedSet.has(seq));
    expect({ extra: extra.slice(0, 20), extraCount: extra.length, missing: missing.slice(0, 20), missingCount: missing.length, spooledFirst: spooled[0], spooledLast: spooled.at(-1), storedLast: stored.at(-1) }).toMatchObject({ extraCount: 0, missingCount: 0 });
    const [host] = await api.call('hosts.list', {});
    expect(stored.length + host!.capture!.lostInGaps).toBeGreaterThanOrEqual(spooled.length);
    const markers = await api.call('events.query', { text: 'wb-load', types: ['exec'], limit: 1000 });
    expect(markers.rows.filter((row) => row.executable === '/usr/bin/true').length).toBe(400); // each /bin/true wb-load-N, once
    expect(host!.capture!.reconnects).toBeGreaterThanOrEqual(20);
  }, 180_000);

  it('stops and uninstalls, leaving nothing behind', async () => {
    expect((await api.call('sensor.stop', { hostId })).sensor).toBe('stopped');
    expect(lab.runIn(lab.a, ['sh', '-c', `ps -eo args= | grep '^${installRoot}/' || true`]).trim()).toBe('');
    expect((await api.call('sensor.uninstall', { hostId })).sensor).toBe('not-deployed');
    expect(lab.runIn(lab.a, ['sh', '-c', `ls -d ${installRoot} ${stateDir} /root/.workbench-sensor-upload-* 2>/dev/null || true`]).trim()).toBe('');
  });
});
