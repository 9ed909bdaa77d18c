// Live capture from two real hosts (B reached through A) while the network and the hosts misbehave:
// the link to A goes down and up, sshd on A is killed and restarted, the sensor is restarted, and a
// sensor is uninstalled and deployed again. After each, every event the sensors spooled is in the case
// exactly once. Needs root and BTF: the hosts are namespaces of this machine, the sensors real.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import type { HostSummary } from '../src-shared/api/domain.ts';
import { installRoot, stateDir } from './fleet/index.ts';
import { labAvailable, startSshLab, type LabHost, type SshLab } from './fleet/lab/ssh-lab.ts';
import { compareSeqs, readSpool, storedSeqs } from './fleet/lab/stream-checks.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import { Workbench } from './workbench.ts';

const sensorBinary = join(nodePaths({}).sensorDir, 'workbench-sensor-x86_64');
const rounds = 20;
let lab: SshLab;
let workbench: Workbench;
let api: ReturnType<typeof inProcessApi>;
let caseFile: string;
const ids = { a: 0, b: 0 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function host(id: number): Promise<HostSummary> {
  return (await api.call('hosts.list', {})).find((h) => h.id === id)!;
}

async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; hosts: ${JSON.stringify((await api.call('hosts.list', {})).map((h) => [h.name, h.capture?.state, h.capture?.detail]))}`);
    await sleep(100);
  }
}

const streaming = async (id: number) => (await host(id)).capture?.state === 'streaming';

/** Both hosts streaming, each having delivered something since `since` (their received counters then). */
async function bothFlowing(since: { a: number; b: number }): Promise<void> {
  await until('both streams flowing', async () => {
    const [a, b] = [await host(ids.a), await host(ids.b)];
    return a.capture?.state === 'streaming' && b.capture?.state === 'streaming' && a.capture.received > since.a && b.capture.received > since.b;
  });
}

async function received(): Promise<{ a: number; b: number }> {
  return { a: (await host(ids.a)).capture!.received, b: (await host(ids.b)).capture!.received };
}

/** Starts execs of `/bin/true <tag>-N` on a host, one every 20 ms; resolves a check for their end. */
function startLoad(on: LabHost, tag: string, count: number): () => boolean {
  const done = `/tmp/${tag}-done`;
  lab.runIn(on, ['sh', '-c', `rm -f ${done}; nohup sh -c "i=0; while [ \\$i -lt ${count} ]; do /bin/true ${tag}-\\$i; i=\\$((i+1)); sleep 0.02; done; touch ${done}" > /dev/null 2>&1 &`]);
  return () => lab.runIn(on, ['sh', '-c', `test -e ${done} && echo done || true`]).trim() === 'done';
}

/** After the faults: every event in each host's spool reaches the case exactly once, the load's execs included. */
async function expectEverythingOnce(tag: string, count: number): Promise<void> {
  for (const [on, id] of [[lab.a, ids.a], [lab.b, ids.b]] as const) {
    const spool = readSpool(lab.pathOn(on, `${stateDir}/spool`));
    await until(`${on.name} to catch up with its spool`, () => (storedSeqs(caseFile, id, spool.streamId).at(-1) ?? 0) >= spool.seqs.at(-1)!, 60_000);
    const comparison = compareSeqs(spool, storedSeqs(caseFile, id, spool.streamId));
    expect({ host: on.name, duplicates: comparison.duplicates, missing: comparison.missing.slice(0, 10), extra: comparison.extra.slice(0, 10) })
      .toEqual({ host: on.name, duplicates: 0, missing: [], extra: [] });
  }
  // The load ran on A; both sensors see the whole machine, so both hosts have each exec exactly once.
  for (const id of [ids.a, ids.b]) {
    const rows = (await api.call('events.query', { hostIds: [id], text: tag, types: ['exec'], limit: 1000 })).rows;
    expect(rows.filter((row) => row.executable === '/usr/bin/true')).toHaveLength(count);
  }
}

beforeAll(async () => {
  const unavailable = labAvailable() ?? (existsSync(sensorBinary) ? null : `${sensorBinary} is not built (make -C sensor)`);
  if (unavailable) throw new Error(`cannot run the capture fault tests: ${unavailable}`);
  lab = await startSshLab();
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-faults-'));
  const userKnownHosts = join(dataDir, 'user_known_hosts');
  writeFileSync(userKnownHosts, `${lab.a.address} ${lab.a.publicKey}\n${lab.b.address} ${lab.b.publicKey}\n`);
  // Dead connections noticed within about 3 s (keepalives every second), as a user on a flaky link would set it.
  workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir }, secrets: new MemorySecretStore(), agentSocket: undefined, userKnownHosts, sshTiming: { keepaliveSeconds: 1, readyTimeoutMs: 5000 } });
  api = inProcessApi(workbench.handlers());
  caseFile = (await api.call('cases.create', { name: 'faults' })).path;
  ids.a = (await api.call('hosts.add', { name: 'host-a', address: lab.a.address, user: 'root', identityFile: lab.key.path })).id;
  ids.b = (await api.call('hosts.add', { name: 'host-b', address: lab.b.address, user: 'root', identityFile: lab.key.path, jumpHostId: ids.a })).id;
  for (const id of [ids.a, ids.b]) {
    await api.call('sensor.deploy', { hostId: id });
    expect((await api.call('sensor.start', { hostId: id, profile: 'light' })).sensor).toBe('running');
  }
  await until('both streams', async () => (await streaming(ids.a)) && (await streaming(ids.b)));
}, 120_000);

afterAll(async () => {
  workbench?.close();
  if (lab) {
    for (const on of [lab.a, lab.b]) lab.runIn(on, ['sh', '-c', `[ -f ${stateDir}/sensor.pid ] && kill "$(cat ${stateDir}/sensor.pid)"; rm -rf ${installRoot} ${stateDir}; true`]);
    await lab.stop();
  }
});

describe('capture from two hosts under faults', () => {
  it('gives each host its own sensor and spool', async () => {
    const spoolA = readSpool(lab.pathOn(lab.a, `${stateDir}/spool`));
    const spoolB = readSpool(lab.pathOn(lab.b, `${stateDir}/spool`));
    expect(spoolA.streamId).not.toBe(spoolB.streamId);
    const pids = [lab.a, lab.b].map((on) => lab.runIn(on, ['cat', `${stateDir}/sensor.pid`]).trim());
    expect(new Set(pids).size).toBe(2);
  });

  it(`loses and duplicates nothing when the link to A goes down and up ${rounds} times (B is reached through A)`, async () => {
    const finished = startLoad(lab.a, 'wb-link', 600);
    let broken = 0;
    let counts = { a: -1, b: -1 };
    for (let round = 0; round < rounds; round++) {
      await bothFlowing(counts);
      counts = await received();
      lab.linkDown(lab.a);
      // Every other outage outlasts the keepalives, so the connection dies; the others are blips TCP rides out.
      if (round % 2 === 0) {
        await until('the capture to notice', async () => !(await streaming(ids.a)), 10_000);
        broken++;
      } else {
        await sleep(300);
      }
      lab.linkUp(lab.a);
    }
    await until('the load to finish', finished, 120_000);
    const during = await host(ids.a);
    expect(during.capture!.eventsPerSecond).toBeGreaterThan(0); // 600 execs in ~15 s, three events each
    await expectEverythingOnce('wb-link', 600);
    expect(broken).toBe(rounds / 2);
    expect((await host(ids.a)).capture!.reconnects).toBeGreaterThanOrEqual(rounds / 2);
    expect((await host(ids.b)).capture!.reconnects).toBeGreaterThanOrEqual(rounds / 2);
  }, 300_000);

  it(`loses and duplicates nothing when sshd on A is killed and restarted ${rounds} times`, async () => {
    const finished = startLoad(lab.a, 'wb-sshd', 600);
    const before = (await host(ids.a)).capture!.reconnects;
    let counts = { a: -1, b: -1 };
    for (let round = 0; round < rounds; round++) {
      await bothFlowing(counts);
      counts = await received();
      lab.killSshd(lab.a); // the listener and every session, the jump to B included
      await until('the capture to notice', async () => !(await streaming(ids.a)), 10_000);
      await sleep(200 + (round % 4) * 200); // reconnect attempts meanwhile are refused
      await lab.startSshd(lab.a);
    }
    await until('the load to finish', finished, 120_000);
    await expectEverythingOnce('wb-sshd', 600);
    expect((await host(ids.a)).capture!.reconnects - before).toBeGreaterThanOrEqual(rounds);
  }, 300_000);

  it('loses and duplicates nothing when the sensor is restarted mid-stream, and keeps one spool', async () => {
    const finished = startLoad(lab.a, 'wb-restart', 300);
    const { streamId } = readSpool(lab.pathOn(lab.a, `${stateDir}/spool`));
    for (let round = 0; round < 3; round++) {
      await sleep(700);
      expect((await api.call('sensor.stop', { hostId: ids.a })).sensor).toBe('stopped');
      expect((await api.call('sensor.start', { hostId: ids.a, profile: 'light' })).sensor).toBe('running');
      await until('A streaming again', () => streaming(ids.a));
    }
    await until('the load to finish', finished, 60_000);
    expect(readSpool(lab.pathOn(lab.a, `${stateDir}/spool`)).streamId).toBe(streamId);
    // The execs that ran while A's sensor was down are not on A (it was not watching); B saw them all.
    const spool = readSpool(lab.pathOn(lab.a, `${stateDir}/spool`));
    await until('A to catch up', () => (storedSeqs(caseFile, ids.a, spool.streamId).at(-1) ?? 0) >= spool.seqs.at(-1)!, 60_000);
    expect(compareSeqs(spool, storedSeqs(caseFile, ids.a, spool.streamId))).toMatchObject({ duplicates: 0, missing: [], extra: [] });
    const onB = (await api.call('events.query', { hostIds: [ids.b], text: 'wb-restart', types: ['exec'], limit: 1000 })).rows;
    expect(onB.filter((row) => row.executable === '/usr/bin/true')).toHaveLength(300);
  }, 120_000);

  it('streams a spool made anew from its start after the sensor is uninstalled and deployed again', async () => {
    const old = readSpool(lab.pathOn(lab.b, `${stateDir}/spool`));
    expect((await api.call('sensor.uninstall', { hostId: ids.b })).sensor).toBe('not-deployed');
    await api.call('sensor.deploy', { hostId: ids.b });
    expect((await api.call('sensor.start', { hostId: ids.b, profile: 'light' })).sensor).toBe('running');
    await until('B streaming again', () => streaming(ids.b));
    const finished = startLoad(lab.a, 'wb-anew', 100);
    await until('the load to finish', finished, 60_000);
    const spool = readSpool(lab.pathOn(lab.b, `${stateDir}/spool`));
    expect(spool.streamId).not.toBe(old.streamId);
    expect(spool.seqs[0]).toBe(1); // numbered from 1 again: the old position must not apply
    await until('B to catch up', () => (storedSeqs(caseFile, ids.b, spool.streamId).at(-1) ?? 0) >= spool.seqs.at(-1)!, 60_000);
    expect(compareSeqs(spool, storedSeqs(caseFile, ids.b, spool.streamId))).toMatchObject({ duplicates: 0, missing: [], extra: [] });
    const onB = (await api.call('events.query', { hostIds: [ids.b], text: 'wb-anew', types: ['exec'], limit: 1000 })).rows;
    expect(onB.filter((row) => row.executable === '/usr/bin/true')).toHaveLength(100);
  }, 120_000);
});
