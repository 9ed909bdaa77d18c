// Builds a case with one big process tree (a CI build: a runner, make, 50 sub-makes each compiling 99
// files: 5,003 processes, each forked, exec'd, opening its source and exiting) and one small tree (an SSH
// session running a dozen commands) as a baseline, through the real import path, as sensor lines.
// Deterministic. Not a test.
//   node bench/ui/make-process-tree-case.ts [out.wbcase]
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { importSensorStream } from '../../src-main/ingest/index.ts';
import { CaseStore } from '../../src-main/store/index.ts';

export const treeStartNs = 1_795_000_000_000_000_000;

export interface TreeCase {
  hostId: number;
  /** The root of the build (make -j8), 5,000 processes below it. */
  big: { pid: number; startNs: number; size: number };
  /** The SSH session's shell, 12 commands below it. */
  small: { pid: number; startNs: number; size: number };
}

class Lines {
  readonly lines = [JSON.stringify({ type: 'hello', sensor: { version: '0.1.0' }, host: 'ci-runner-01', boot_id: 'boot-bench-tree' })];
  private seq = 0;
  ts = treeStartNs;

  private process(pid: number, ppid: number, path: string, argv: string[], createdAt: number, user = 'gitlab-runner') {
    const name = path.split('/').at(-1)!;
    const uid = user === 'root' ? 0 : 999;
    return { pid, tid: pid, ppid, uid, gid: uid, euid: uid, egid: uid, auid: 4294967295, user, comm: name.slice(0, 15), file: { path, name }, argv, argv0: name, args: argv.join(' '), args_truncated: false, cwd: '/builds/app', created_at: createdAt, tty_name: '', cgroup: { id: 4242 }, container: { id: '' } };
  }

  private push(type: string, process: Record<string, unknown>, detail: Record<string, unknown>) {
    this.seq++;
    this.ts += 50_000;
    this.lines.push(JSON.stringify({ seq: this.seq, ts: this.ts, type, process, [type]: detail }));
  }

  snapshot(pid: number, ppid: number, path: string): number {
    const createdAt = treeStartNs - 3600e9;
    this.push('snapshot', this.process(pid, ppid, path, [], createdAt, 'root'), {});
    return createdAt;
  }

  spawn(pid: number, ppid: number, path: string, argv: string[], user?: string): number {
    const createdAt = this.ts + 25_000;
    this.push('fork', this.process(pid, ppid, '/usr/bin/make', [], createdAt, user), { child: { pid }, parent: { pid: ppid } });
    this.push('exec', this.process(pid, ppid, path, argv, createdAt, user), { file: { path, name: path.split('/').at(-1) }, argv, argv0: path.split('/').at(-1), args: argv.join(' '), args_truncated: false });
    return createdAt;
  }

  open(pid: number, ppid: number, path: string, createdAt: number, file: string, user?: string): void {
    this.push('open', this.process(pid, ppid, path, [], createdAt, user), { file: { path: file, name: file.split('/').at(-1) }, flags: 0, mode: 0, retval: 3 });
  }

  exit(pid: number, ppid: number, path: string, createdAt: number, user?: string): void {
    this.push('exit', this.process(pid, ppid, path, [], createdAt, user), { code: 0, cause: 'EXITED' });
  }
}

export function makeTreeCase(path: string): TreeCase {
  rmSync(path, { force: true });
  for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
  const store = CaseStore.create(path, 'Process tree benchmark', 0);
  try {
    const hostId = store.addHost({ name: 'ci-runner-01', address: '10.0.3.10', os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-28-amd64', arch: 'x86_64' }, 0);
    const s = new Lines();
    s.snapshot(1, 0, '/usr/lib/systemd/systemd');
    s.snapshot(600, 1, '/usr/sbin/sshd');
    // the baseline: an administrator's session
    const shell = s.spawn(700, 600, '/usr/bin/bash', ['-l'], 'root');
    for (let i = 0; i < 12; i++) {
      const command = ['/usr/bin/ls', '/usr/bin/ps', '/usr/bin/df', '/usr/bin/uptime'][i % 4]!;
      const started = s.spawn(701 + i, 700, command, ['-a'], 'root');
      s.open(701 + i, 700, command, started, `/proc/${i}/status`, 'root');
      s.exit(701 + i, 700, command, started, 'root');
    }
    const runner = s.spawn(100, 1, '/usr/bin/gitlab-runner', ['run', '--working-directory', '/builds']);
    const make = s.spawn(101, 100, '/usr/bin/make', ['-j8', 'all']);
    let pid = 1000;
    for (let lib = 0; lib < 50; lib++) {
      const sub = pid++;
      const subStart = s.spawn(sub, 101, '/usr/bin/make', ['-C', `lib${lib}`]);
      for (let file = 0; file < 99; file++) {
        const cc = pid++;
        const started = s.spawn(cc, sub, '/usr/bin/cc', ['-c', '-O2', `lib${lib}/f${file}.c`, '-o', `lib${lib}/f${file}.o`]);
        s.open(cc, sub, '/usr/bin/cc', started, `/builds/app/lib${lib}/f${file}.c`);
        s.exit(cc, sub, '/usr/bin/cc', started);
      }
      s.exit(sub, 101, '/usr/bin/make', subStart);
    }
    importSensorStream(store, hostId, 'ci-runner-01', 'bench.ndjson', `${s.lines.join('\n')}\n`);
    void runner;
    return { hostId, big: { pid: 101, startNs: make, size: 2 + 1 + 50 + 50 * 99 }, small: { pid: 700, startNs: shell, size: 3 + 12 } };
  } finally {
    store.close();
  }
}

if (import.meta.main) {
  const out = resolve(process.argv[2] ?? '.scratch/process-tree.wbcase');
  const started = performance.now();
  const made = makeTreeCase(out);
  console.log(`${out}: trees of ${made.big.size} and ${made.small.size} processes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
