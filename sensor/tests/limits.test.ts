// Overload, rate limits and the light profile: the sensor drops and counts, it never stalls a traced process.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, SENSOR, Sensor, skipReason, trigger, type Line } from './harness.ts';

interface Counters {
  emitted: number;
  kernel_drops: number;
  kernel_events: number;
  rate_limited: number;
  ringbuf_fill: number;
}

describe.skipIf(!!skipReason)('sensor limits', () => {
  let dir: string;

  beforeAll(() => {
    build();
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'wb-limits-')));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('under overload with a stalled reader, drops and counts, and never blocks the traced process', async () => {
    // sensor | cat, and this test reads cat; stopping cat (SIGSTOP) stalls the sensor's reader
    const child = spawn(SENSOR, ['--ringbuf-size', '64K'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const cat = spawn('cat', [], { stdio: [child.stdout, 'pipe', 'inherit'] });
    let text = '';
    cat.stdout.on('data', (d: Buffer) => (text += d.toString()));
    const catDone = new Promise<void>((r) => cat.on('close', () => r()));
    while (!text.includes('\n')) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(text.split('\n')[0]!).type).toBe('hello');
    cat.kill('SIGSTOP'); // the pipe fills, the sensor blocks writing, its ring buffer fills

    const start = Date.now();
    const storm = await trigger(['storm', '2']);
    const wall = (Date.now() - start) / 1000;
    expect(storm.code).toBe(0);
    expect(wall).toBeLessThan(6); // the storm ran its 2 s and was never held up
    expect(storm.out.opens).toBeGreaterThan(10_000);

    // the reader reads again; stop the sensor: it must exit promptly with the drops counted
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    cat.kill('SIGCONT');
    child.kill('SIGTERM');
    const stopStart = Date.now();
    expect(await exited).toBe(0);
    expect(Date.now() - stopStart).toBeLessThan(10_000);
    await catDone;
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Line);
    const last = lines.filter((l) => l.type === 'heartbeat').at(-1)!.counters as Counters;
    expect(last.kernel_drops).toBeGreaterThan(0);
    expect(last.kernel_events + last.kernel_drops).toBeGreaterThanOrEqual(storm.out.opens!);
    const fills = lines.filter((l) => l.type === 'heartbeat').map((l) => (l.counters as Counters).ringbuf_fill);
    expect(Math.max(...fills)).toBeGreaterThan(0.5); // the peak fill since the previous heartbeat
    // every record that made it into the ring buffer was emitted (the snapshot adds its own)
    const snapshots = lines.filter((l) => l.type === 'snapshot').length;
    expect(last.emitted).toBe(last.kernel_events + snapshots);
    expect(lines.filter((l) => typeof l.seq === 'number')).toHaveLength(last.emitted);
  });

  it('stops promptly on SIGTERM even when its reader has stalled', async () => {
    const child = spawn(SENSOR, ['--no-events', 'process'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((r) => child.stdout.once('data', () => r()));
    child.stdout.pause();
    const storm = await trigger(['storm', '1']); // fills the pipe and the ring buffer
    expect(storm.code).toBe(0);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const start = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - start).toBeLessThan(12_000); // it gives a stalled reader 1 + 5 s
    child.stdout.destroy();
  }, 30_000);

  it('rate-limits one event type and counts what it held back', async () => {
    const files = join(dir, 'rate');
    mkdirSync(files);
    const sensor = await Sensor.start(['--rate', 'open=5', '--include-prefix', files]);
    const t = await trigger(['open-many', files, '50']);
    await sensor.waitExit(t.pid);
    const hb = (await sensor.nextHeartbeat()).counters as Counters;
    const opens = sensor.of(t.pid, ['open']);
    expect(await sensor.stop()).toBe(0);
    // 50 opens within at most two one-second windows
    expect(opens.length).toBeGreaterThanOrEqual(5);
    expect(opens.length).toBeLessThanOrEqual(10);
    expect(opens.length + hb.rate_limited).toBe(50);
    expect(opens.map((e) => (e.open as { file: { name: string } }).file.name)).toEqual(
      Array.from({ length: opens.length }, (_, i) => `f${i}`),
    );
  });

  it('light profile: process events only, no syscall hook', async () => {
    const files = join(dir, 'light');
    mkdirSync(files);
    const sensor = await Sensor.start(['--profile', 'light']);
    expect(sensor.hello.hooks).toEqual([
      'tp_btf/sched_process_exec',
      'tp_btf/sched_process_fork',
      'tp_btf/sched_process_exit',
      'iter/task',
    ]);
    expect(sensor.hello.events).toEqual(['exec', 'fork', 'exit']);
    const t = await trigger(['files', files]);
    await sensor.waitExit(t.pid);
    // (the trigger may also be in the start-up snapshot, which runs after the hello)
    const types = sensor.of(t.pid).map((e) => e.type).filter((type) => type !== 'snapshot');
    expect(types).toEqual(['fork', 'exec', 'exit']);
    expect(await sensor.stop()).toBe(0);
  });
});
