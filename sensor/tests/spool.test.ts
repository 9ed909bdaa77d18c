// The spool: a reader killed mid-stream resumes with --since and gets every event exactly once;
// a full spool drops its oldest segment, counts it, and the reader reports the gap.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, SENSOR, Sensor, skipReason, trigger, type Line, type SensorEvent } from './harness.ts';

/** A reader process; `stopAfter` kills it (SIGKILL) once it has delivered that many events. */
function read(spool: string, since: number, until: (l: Line) => boolean, stopAfter = Infinity) {
  const child: ChildProcess = spawn(SENSOR, ['--spool', spool, '--since', String(since)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Line[] = [];
  let events = 0;
  return new Promise<Line[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('reader timed out')), 20_000);
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
