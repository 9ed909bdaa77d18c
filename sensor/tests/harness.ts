// The sensor test harness: build, start the real sensor as root, run trigger programs, collect events.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const SENSOR_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARCH = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
export const SENSOR = join(SENSOR_DIR, 'build', `workbench-sensor-${ARCH}`);
export const TRIGGER = join(SENSOR_DIR, 'build', 'triggers', 'trigger');

/** Why the tests cannot run here, or '' when they can. Only these two reasons skip. */
export const skipReason =
  process.getuid?.() !== 0
    ? 'sensor tests need root (they load eBPF programs)'
    : !existsSync('/sys/kernel/btf/vmlinux')
      ? 'sensor tests need a kernel with BTF (/sys/kernel/btf/vmlinux)'
      : '';
if (skipReason) console.warn(`SKIPPING sensor tests: ${skipReason}`);

/** Build the sensor and the trigger programs (a no-op when up to date). */
export function build(): void {
  const r = spawnSync('make', ['-C', SENSOR_DIR, '-s'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make -C sensor failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Proc {
  pid: number;
  tid: number;
  ppid: number;
  uid: number;
  gid: number;
  euid: number;
  egid: number;
  auid: number;
  user?: string;
  comm: string;
  file: { path: string; name: string };
  argv: string[];
  argv0: string;
  args: string;
  args_truncated: boolean;
  cwd: string;
  created_at: number;
  tty_name: string;
  cgroup: { id: number };
  container?: { id: string };
}

export interface SensorEvent {
  seq: number;
  ts: number;
  type: string;
  process: Proc;
  [family: string]: unknown;
}

export interface Line {
  type: string;
  seq?: number;
  [key: string]: unknown;
}

type Waiter = { pred: (e: Line) => boolean; resolve: (e: Line) => void };

/** A running sensor whose stdout is parsed line by line. */
export class Sensor {
  readonly lines: Line[] = [];
  stderr = '';
  private waiters: Waiter[] = [];
  private exited: Promise<number | null>;
  readonly child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.child = child;
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (text) => {
      if (process.env.WB_SENSOR_DUMP) appendFileSync(process.env.WB_SENSOR_DUMP, text + '\n');
      const line = JSON.parse(text) as Line; // every line must be valid JSON
      this.lines.push(line);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(line)) return true;
        w.resolve(line);
        return false;
      });
    });
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Start the sensor and wait for its hello line. */
  static async start(args: string[] = []): Promise<Sensor> {
    const s = new Sensor(spawn(SENSOR, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    await s.waitFor((l) => l.type === 'hello', 30_000);
    return s;
  }

  get hello(): Line {
    return this.lines.find((l) => l.type === 'hello')!;
  }

  get events(): SensorEvent[] {
    return this.lines.filter((l) => typeof l.seq === 'number') as SensorEvent[];
  }

  /** Events of one process (by pid), in order. */
  of(pid: number, types?: string[]): SensorEvent[] {
    return this.events.filter((e) => e.process.pid === pid && (!types || types.includes(e.type)));
  }

  waitFor(pred: (l: Line) => boolean, timeoutMs = 10_000): Promise<Line> {
    const found = this.lines.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching line after ${timeoutMs} ms; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  }

  /** Wait until the exit event of pid arrived: everything the process did is in by then. */
  async waitExit(pid: number, timeoutMs = 10_000): Promise<SensorEvent> {
    return (await this.waitFor(
      (l) => l.type === 'exit' && (l as SensorEvent).process.pid === pid,
      timeoutMs,
    )) as SensorEvent;
  }

  /** The next heartbeat after now. */
  async nextHeartbeat(timeoutMs = 5_000): Promise<Line> {
    const n = this.lines.length;
    return this.waitFor((l) => l.type === 'heartbeat' && this.lines.indexOf(l) >= n, timeoutMs);
  }

  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}

export interface TriggerResult {
  pid: number;
  code: number | null;
  out: Record<string, number>;
}

/** Run the trigger program; resolves when it has exited. */
export function trigger(args: string[], cwd?: string): Promise<TriggerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TRIGGER, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const json = out.split('\n').find((l) => l.startsWith('{'));
      resolve({ pid: child.pid!, code, out: json ? (JSON.parse(json) as Record<string, number>) : {} });
    });
  });
}

/** Run the sensor binary to completion (options tests). */
export function runSensor(args: string[], uid?: number): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(SENSOR, args, { encoding: 'utf8', uid, timeout: 30_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}
