// The spool: a reader killed mid-stream resumes with --since and gets every event exactly once;
// a restarted or killed sensor continues the spool's numbering; a spool made anew has a new identity,
// so a --since counted in the old one is not applied to it; a full spool drops its oldest segment,
// counts it, and the reader reports the gap.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, SENSOR, Sensor, skipReason, trigger, type Line, type SensorEvent } from './harness.ts';

/** A reader process; `stopAfter` kills it (SIGKILL) once it has delivered that many events. */
function read(spool: string, since: number, until: (l: Line) => boolean, stopAfter = Infinity, extra: string[] = []) {
  const child: ChildProcess = spawn(SENSOR, ['--spool', spool, '--since', String(since), ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Line[] = [];
  let events = 0;
  return new Promise<Line[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('reader timed out')), 40_000);
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (text) => {
      if (child.killed) return; // lines after the kill were never "received"
      const line = JSON.parse(text) as Line;
      lines.push(line);
      if (typeof line.seq === 'number') events++;
      if (events >= stopAfter || until(line)) {
        child.kill('SIGKILL');
        clearTimeout(timer);
        resolve(lines);
      }
    });
  });
}

/** Waits until a heartbeat of this sensor run (status.json written after `since`) counts `emitted` events. */
async function spooled(spool: string, since: number, emitted: number): Promise<void> {
  const file = join(spool, 'status.json');
  for (let i = 0; i < 100; i++) {
    if (existsSync(file) && statSync(file).mtimeMs > since) {
      const status = JSON.parse(readFileSync(file, 'utf8')) as { counters: { emitted: number } };
      if (status.counters.emitted >= emitted) return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the sensor never counted ${emitted} events`);
}

describe.skipIf(!!skipReason)('sensor spool', () => {
  let dir: string;
  const writers: Sensor[] = [];

  beforeAll(() => {
    build();
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'wb-spool-')));
  });

  afterAll(async () => {
    for (const w of writers) await w.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a killed reader with --since: every event exactly once, in order', async () => {
    const spool = join(dir, 'spool');
    const files = join(dir, 'files');
    mkdirSync(files);
    const writer = await Sensor.start([
      '--spool', spool, '--segment-size', '64K', '--include-prefix', files, '--no-events', 'network,kernel,privilege',
    ]);
    writers.push(writer);
    expect(writer.hello.type).toBe('hello'); // printed on stdout too
    const t = await trigger(['open-many', files, '2000']);
    expect(t.code).toBe(0);
    const isLast = (l: Line) => l.type === 'open' && (l as SensorEvent).process.pid === t.pid &&
      (l.open as { file: { name: string } }).file.name === 'f1999';

    // the first reader dies after 700 events, the second resumes after the last one it printed
    const first = await read(spool, 0, () => false, 700);
    expect(first[0]!.type).toBe('hello');
    expect(first[0]!.run_id).toBe(writer.hello.run_id);
    const firstEvents = first.filter((l) => typeof l.seq === 'number') as SensorEvent[];
    expect(firstEvents).toHaveLength(700);
    const last = firstEvents.at(-1)!.seq;
    const second = await read(spool, last, isLast);
    const secondEvents = second.filter((l) => typeof l.seq === 'number') as SensorEvent[];

    const all = [...firstEvents, ...secondEvents];
    const seqs = all.map((e) => e.seq);
    expect(seqs[0]).toBe(1);
    seqs.forEach((s, i) => expect(s).toBe(i + 1)); // contiguous: nothing lost, nothing twice
    const names = all
      .filter((e) => e.type === 'open' && e.process.pid === t.pid)
      .map((e) => (e.open as { file: { path: string } }).file.path);
    expect(names).toEqual(Array.from({ length: 2000 }, (_, i) => `${files}/f${i}`));
    expect(second.some((l) => l.type === 'gap')).toBe(false);
  });

  it('continues the numbering after the sensor is stopped or killed, and a following reader misses nothing', async () => {
    const spool = join(dir, 'restarts');
    const files = join(dir, 'restart-files');
    mkdirSync(files);
    const args = ['--spool', spool, '--segment-size', '32K', '--include-prefix', files, '--no-events', 'process,network,kernel,privilege'];
    const lastName = 'f299';
    const ids = new Set<unknown>();
    let following: Promise<Line[]> | undefined;
    for (const [round, stop] of (['term', 'kill', 'term'] as const).entries()) {
      const started = Date.now();
      const writer = await Sensor.start(args);
      writers.push(writer);
      // a reader follows from the first run to after the last
      following ??= read(spool, 0, (l) => l.type === 'open' && (l.open as { file: { path: string } }).file.path === `${files}/r2/${lastName}`);
      ids.add(writer.hello.spool_id);
      mkdirSync(join(files, `r${round}`));
      expect((await trigger(['open-many', join(files, `r${round}`), '300'])).code).toBe(0);
      await spooled(spool, started, 300);
      if (stop === 'kill') writer.child.kill('SIGKILL');
      else await writer.stop();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(ids.size).toBe(1); // one spool, one identity, whatever happened to the sensor
    const followed = (await following!).filter((l) => typeof l.seq === 'number') as SensorEvent[];
    const replayed = (await read(spool, 0, (l) => l.type === 'open' && (l.open as { file: { path: string } }).file.path === `${files}/r2/${lastName}`))
      .filter((l) => typeof l.seq === 'number') as SensorEvent[];
    for (const events of [followed, replayed]) {
      events.forEach((e, i) => expect(e.seq).toBe(i + 1)); // contiguous from 1: nothing lost, nothing twice
      const paths = events.filter((e) => e.type === 'open').map((e) => (e.open as { file: { path: string } }).file.path);
      expect(paths).toEqual([0, 1, 2].flatMap((r) => Array.from({ length: 300 }, (_, i) => `${files}/r${r}/f${i}`)));
    }
  }, 60_000);

  it('gives a spool made anew a new identity, and a reader resuming from the old one starts from its beginning', async () => {
    const spool = join(dir, 'anew');
    const files = join(dir, 'anew-files');
    mkdirSync(files);
    const args = ['--spool', spool, '--include-prefix', files, '--no-events', 'process,network,kernel,privilege'];
    let writer = await Sensor.start(args);
    writers.push(writer);
    const oldId = writer.hello.spool_id as string;
    expect(oldId).toMatch(/^[0-9a-f]{32}$/);
    expect(readFileSync(join(spool, 'id'), 'utf8')).toBe(`${oldId}\n`);
    await trigger(['open-many', files, '50']);
    const old = await read(spool, 0, (l) => (l.open as { file?: { name: string } } | undefined)?.file?.name === 'f49');
    const oldLast = (old.filter((l) => typeof l.seq === 'number').at(-1) as SensorEvent).seq;
    await writer.stop();

    rmSync(spool, { recursive: true }); // uninstalled and deployed again, or removed by hand
    writer = await Sensor.start(args);
    writers.push(writer);
    expect(writer.hello.spool_id).not.toBe(oldId);
    expect(writer.hello.first_seq).toBe(1);
    await trigger(['open-many', files, '20']);
    const isLast = (l: Line) => (l.open as { file?: { name: string } } | undefined)?.file?.name === 'f19';
    const resumed = await read(spool, oldLast, isLast, Infinity, ['--spool-id', oldId]);
    expect(resumed[0]!.spool_id).toBe(writer.hello.spool_id);
    const events = resumed.filter((l) => typeof l.seq === 'number') as SensorEvent[];
    expect(events[0]!.seq).toBe(1); // the old position means nothing here: everything is new
    expect(events.filter((e) => e.type === 'open')).toHaveLength(20);
    // with the spool's own id, --since applies as usual
    const same = await read(spool, 5, isLast, Infinity, ['--spool-id', writer.hello.spool_id as string]);
    expect((same.find((l) => typeof l.seq === 'number') as SensorEvent).seq).toBe(6);
  });

  it('keeps the events and the numbering of a spool from before spool ids, giving it an id', async () => {
    const spool = join(dir, 'older');
    const files = join(dir, 'older-files');
    mkdirSync(files);
    const args = ['--spool', spool, '--include-prefix', files, '--no-events', 'process,network,kernel,privilege'];
    let writer = await Sensor.start(args);
    writers.push(writer);
    await trigger(['open-many', files, '30']);
    const before = (await read(spool, 0, (l) => (l.open as { file?: { name: string } } | undefined)?.file?.name === 'f29')).filter((l) => typeof l.seq === 'number') as SensorEvent[];
    await writer.stop();
    rmSync(join(spool, 'id')); // as a sensor of the previous version left it
    writer = await Sensor.start(args);
    writers.push(writer);
    expect(writer.hello.spool_id).toMatch(/^[0-9a-f]{32}$/);
    expect(writer.hello.first_seq).toBe(before.at(-1)!.seq + 1); // numbering goes on
    const again = (await read(spool, 0, (l) => typeof l.seq === 'number' && l.seq === before.at(-1)!.seq)).filter((l) => typeof l.seq === 'number');
    expect(again.map((l) => l.seq)).toEqual(before.map((e) => e.seq)); // nothing unread was thrown away
  });

  it('says in its heartbeats how far the reader is behind the spool', async () => {
    const spool = join(dir, 'lag');
    const files = join(dir, 'lag-files');
    mkdirSync(files);
    const writer = await Sensor.start(['--spool', spool, '--include-prefix', files, '--no-events', 'process,network,kernel,privilege']);
    writers.push(writer);
    const started = Date.now();
    await trigger(['open-many', files, '400']);
    await spooled(spool, started, 400);
    const heartbeats: Array<{ last_seq: number; spool_last_seq: number; writer_alive: boolean }> = [];
    await read(spool, 0, (l) => {
      if (l.type === 'heartbeat') heartbeats.push(l.reader as (typeof heartbeats)[number]);
      return heartbeats.length >= 2;
    });
    // the first heartbeat comes after the reader's first chunk, well behind; the next after it caught up
    expect(heartbeats[0]!.writer_alive).toBe(true);
    expect(heartbeats[0]!.spool_last_seq).toBeGreaterThanOrEqual(400);
    expect(heartbeats[0]!.last_seq).toBeLessThan(heartbeats[0]!.spool_last_seq);
    expect(heartbeats[1]!.last_seq).toBe(heartbeats[1]!.spool_last_seq);
  });

  it('drops the oldest segment when the spool is full, counts it, and the reader reports the gap', async () => {
    const spool = join(dir, 'small');
    const files = join(dir, 'small-files');
    mkdirSync(files);
    const writer = await Sensor.start([
      '--spool', spool, '--segment-size', '16K', '--spool-size', '64K', '--include-prefix', files,
      '--no-events', 'process,network,kernel,privilege',
    ]);
    writers.push(writer);
    const t = await trigger(['open-many', files, '1000']);
    expect(t.code).toBe(0);
    await new Promise((r) => setTimeout(r, 1500)); // one heartbeat into status.json
    const status = JSON.parse(readFileSync(join(spool, 'status.json'), 'utf8')) as {
      counters: { spool_drops: number; emitted: number; kernel_drops: number };
    };
    expect(status.counters.kernel_drops).toBe(0);
    expect(status.counters.spool_drops).toBeGreaterThan(500);

    const lines = await read(spool, 0, (l) => l.type === 'open' && (l.open as { file: { name: string } }).file.name === 'f999');
    const gap = lines.find((l) => l.type === 'gap')!;
    expect(gap).toEqual({ type: 'gap', from: 1, to: status.counters.spool_drops });
    const events = lines.filter((l) => typeof l.seq === 'number') as SensorEvent[];
    expect(events[0]!.seq).toBe(status.counters.spool_drops + 1);
    events.forEach((e, i) => expect(e.seq).toBe(events[0]!.seq + i));
    expect(events.at(-1)!.seq).toBe(status.counters.emitted);
  });
});
