// Each event family, end to end: a trigger program acts, the real sensor (default profile) reports it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, Sensor, skipReason, trigger, TRIGGER, type SensorEvent } from './harness.ts';

const O_WRONLY = 0o1, O_RDWR = 0o2, O_CREAT = 0o100, O_TRUNC = 0o1000, O_APPEND = 0o2000;

describe.skipIf(!!skipReason)('sensor events (default profile)', () => {
  let sensor: Sensor;
  let dir: string;
  let sleeper: ChildProcess;

  beforeAll(async () => {
    build();
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'wb-sensor-')));
    // a process that exists before the sensor starts: it must come from the snapshot
    sleeper = spawn('/bin/sleep', ['300'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 100));
    sensor = await Sensor.start();
  });

  afterAll(async () => {
    sleeper?.kill('SIGKILL');
    if (sensor) expect(await sensor.stop()).toBe(0);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says hello first, with version, kernel, BTF, hooks and boot id', () => {
    const hello = sensor.lines[0]!;
    expect(hello.type).toBe('hello');
    expect(hello).toMatchObject({ sensor: { version: '0.1.0' }, btf: true });
    expect(hello.hooks).toEqual([
      'tp_btf/sched_process_exec',
      'tp_btf/sched_process_fork',
      'tp_btf/sched_process_exit',
      'tp_btf/sys_exit',
      'iter/task',
    ]);
    expect(hello.boot_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(hello.kernel).toBe(spawnText('uname', ['-r']));
  });

  it('snapshots running processes at start, with the identity later events use', async () => {
    const snap = (await sensor.waitFor(
      (l) => l.type === 'snapshot' && (l as SensorEvent).process.pid === sleeper.pid,
    )) as SensorEvent;
    expect(snap.process).toMatchObject({
      ppid: process.pid,
      comm: 'sleep',
      file: { path: realpathSync('/bin/sleep'), name: 'sleep' },
      argv: ['300'],
      argv0: '/bin/sleep',
    });
    sleeper.kill('SIGTERM');
    const exit = await sensor.waitExit(sleeper.pid!);
    expect(exit.exit).toEqual({ code: 15, cause: 'SIGNALED' });
    expect(exit.process.created_at).toBe(snap.process.created_at);
    expect(exit.seq).toBeGreaterThan(snap.seq);
  });

  it('reports fork, exec and exit with argv, parent and ancestry', async () => {
    const t = await trigger(['exec', '/bin/echo', 'hello', 'world'], dir);
    const child = t.out.child!;
    await sensor.waitExit(t.pid);
    const [texec] = sensor.of(t.pid, ['exec']);
    expect(texec!.process).toMatchObject({
      pid: t.pid,
      tid: t.pid,
      ppid: process.pid,
      uid: 0,
      euid: 0,
      gid: 0,
      comm: 'trigger',
      file: { path: TRIGGER, name: 'trigger' },
      argv: ['exec', '/bin/echo', 'hello', 'world'],
      argv0: TRIGGER,
      args: 'exec /bin/echo hello world',
      args_truncated: false,
      cwd: dir,
    });

    const events = sensor.of(child);
    expect(events.map((e) => e.type)).toEqual(['fork', 'exec', 'exit']);
    const [fork, exec, exit] = events as [SensorEvent, SensorEvent, SensorEvent];
    expect(fork.process).toMatchObject({ pid: child, ppid: t.pid, file: { path: TRIGGER } });
    expect(fork.fork).toEqual({ child: { pid: child }, parent: { pid: t.pid } });
    expect(exec.exec).toEqual({
      file: { path: realpathSync('/bin/echo'), name: 'echo' },
      argv: ['hello', 'world'],
      argv0: '/bin/echo',
      args: 'hello world',
      args_truncated: false,
    });
    expect(exec.process).toMatchObject({ pid: child, ppid: t.pid, comm: 'echo', cwd: dir });
    expect(exec.process.created_at).toBe(fork.process.created_at);
    expect(exit.exit).toEqual({ code: 0, cause: 'EXITED' });
    expect(fork.seq).toBeLessThan(exec.seq);
    expect(exec.seq).toBeLessThan(exit.seq);

    // ancestry through a process table built only from the stream: echo -> trigger -> this test -> ... -> 1
    const table = new Map<number, SensorEvent>();
    for (const e of sensor.events) if (['snapshot', 'fork', 'exec'].includes(e.type)) table.set(e.process.pid, e);
    const chain: number[] = [];
    for (let pid = child; pid > 0 && chain.length < 64; pid = table.get(pid)!.process.ppid) {
      expect(table.has(pid), `pid ${pid} is in the process table`).toBe(true);
      chain.push(pid);
    }
    expect(chain.slice(0, 3)).toEqual([child, t.pid, process.pid]);
    expect(chain.at(-1)).toBe(1);
    expect(table.get(process.pid)!.process.file.path).toBe(realpathSync(process.execPath));
  });

  it('reports the exit signal and the script interpreter', async () => {
    const s = await trigger(['signaled']);
    expect((await sensor.waitExit(s.out.child!)).exit).toEqual({ code: 10, cause: 'SIGNALED' });

    const script = join(dir, 'script.sh');
    writeFileSync(script, '#!/bin/sh\nexit 4\n');
    chmodSync(script, 0o755);
    const t = await trigger(['exec', script, 'arg1']);
    const child = t.out.child!;
    const exit = await sensor.waitExit(child);
    expect(exit.exit).toEqual({ code: 4, cause: 'EXITED' });
    const [exec] = sensor.of(child, ['exec']);
    expect(exec!.exec).toMatchObject({
      file: { path: script, name: 'script.sh' },
      interpreter: { file: { path: realpathSync('/bin/sh') } },
      argv: [script, 'arg1'], // the kernel rewrote argv to: /bin/sh script arg1
      argv0: '/bin/sh',
    });
  });

  it('bounds argv and flags the truncation', async () => {
    const long = Array.from({ length: 100 }, (_, i) => `argument-${i}-${'x'.repeat(40)}`);
    const t = await trigger(['exec', '/bin/true', ...long]);
    await sensor.waitExit(t.pid);
    const [exec] = sensor.of(t.out.child!, ['exec']);
    const e = exec!.exec as { argv: string[]; args_truncated: boolean };
    expect(e.args_truncated).toBe(true);
    expect(exec!.process.args_truncated).toBe(true);
    // complete arguments are exact; the last one may be cut
    const complete = e.argv.slice(0, -1);
    expect(complete.length).toBeGreaterThan(50);
    expect(complete).toEqual(long.slice(0, complete.length));
    expect(long[complete.length]!.startsWith(e.argv.at(-1)!)).toBe(true);
  });

  it('reports file events with absolute paths, flags, modes and owners', async () => {
    const t = await trigger(['files', dir]);
    expect(t.code).toBe(0);
    await sensor.waitExit(t.pid);
    const summary = sensor
      .of(t.pid)
      .filter((e) => !['snapshot', 'fork', 'exec', 'exit'].includes(e.type))
      .map((e) => ({ type: e.type, ...(e[e.type] as object) }));
    const f = (path: string) => ({ path, name: path.split('/').pop() });
    expect(summary).toEqual([
      { type: 'chdir', file: f(dir), retval: 0 },
      { type: 'mkdir', file: { ...f(`${dir}/sub`), destination: { mode: 0o750 } }, retval: 0 },
      { type: 'open', file: f(`${dir}/a.txt`), flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o640, retval: 4 },
      { type: 'open', file: f(`${dir}/sub/b.txt`), flags: O_RDWR | O_CREAT | O_APPEND, mode: 0o600, retval: 4 },
      { type: 'truncate', file: f(`${dir}/sub/b.txt`), retval: 0 },
      { type: 'open', file: f(`${dir}/c.txt`), flags: O_WRONLY | O_CREAT, mode: 0o604, retval: 4 },
      { type: 'truncate', file: f(`${dir}/a.txt`), retval: 0 },
      { type: 'rename', file: { ...f(`${dir}/a.txt`), destination: f(`${dir}/sub/renamed.txt`) }, retval: 0 },
      { type: 'chmod', file: { ...f(`${dir}/sub/renamed.txt`), destination: { mode: 0o755 } }, retval: 0 },
      {
        type: 'chown',
        file: { ...f(`${dir}/sub/renamed.txt`), destination: { uid: 1234, gid: 5678 } },
        retval: 0,
      },
      { type: 'link', file: { ...f(`${dir}/c.txt`), destination: f(`${dir}/hard.txt`) }, retval: 0 },
      { type: 'symlink', file: { path: 'c.txt', destination: f(`${dir}/soft.txt`) }, retval: 0 },
      { type: 'utimes', file: f(`${dir}/c.txt`), retval: 0 },
      { type: 'unlink', file: f(`${dir}/sub/renamed.txt`), retval: 0 },
      { type: 'unlink', file: f(`${dir}/sub/b.txt`), retval: 0 },
      { type: 'rmdir', file: f(`${dir}/sub`), retval: 0 },
      { type: 'unlink', file: f(`${dir}/missing.txt`), retval: -2 },
      { type: 'mkdir', file: { ...f(`${dir}/x`), destination: { mode: 0o700 } }, retval: 0 },
      { type: 'chmod', file: { ...f(`${dir}/c.txt`), destination: { mode: 0o600 } }, retval: 0 },
      { type: 'rmdir', file: f(`${dir}/x`), retval: 0 },
    ]);
    // every event carries the process context
    for (const e of sensor.of(t.pid)) expect(e.process).toMatchObject({ pid: t.pid, ppid: process.pid, uid: 0 });
  });

  it('reports read-only opens only under the read prefixes', async () => {
    const link = join(dir, 'innocent');
    symlinkSync('/etc/shadow', link);
    const t = await trigger(['reads', link]);
    await sensor.waitExit(t.pid);
    const opens = sensor.of(t.pid, ['open']).map((e) => e.open);
    const shadow = { file: { path: '/etc/shadow', name: 'shadow' }, flags: 0, mode: 0, retval: 3 };
    expect(opens).toEqual([shadow, shadow]); // the second through the symlink; /etc/hostname is not reported
  });

  it('reports reads at any depth under a read prefix, and only there', async () => {
    const root = join(dir, 'reads');
    for (const sub of ['deep/a/b', 'other']) mkdirSync(join(root, sub), { recursive: true });
    const files = ['deep/a/b/c.txt', 'deep/top.txt', 'deeper.txt', 'other/x.txt'];
    for (const file of files) writeFileSync(join(root, file), 'x');
    const reader = await Sensor.start(['--read-prefix', `${root}/deep/`, '--read-prefix', '/etc/ho', '--no-events', 'process,network,kernel,privilege']);
    try {
      const t = await trigger(['read-files', ...files.map((f) => join(root, f)), '/etc/hostname']);
      await reader.waitFor((l) => l.type === 'open' && (l as SensorEvent).process.pid === t.pid && (l.open as { file: { path: string } }).file.path === '/etc/hostname');
      await new Promise((r) => setTimeout(r, 200));
      const paths = reader.of(t.pid, ['open']).map((e) => (e.open as { file: { path: string } }).file.path);
      // deep/a/b/c.txt is found by its path as written (no name on its way up is "deep" within two levels);
      // deeper.txt only looks like a candidate; a prefix shorter than 8 bytes works as well
      expect(paths).toEqual([join(root, 'deep/a/b/c.txt'), join(root, 'deep/top.txt'), '/etc/hostname']);
    } finally {
      await reader.stop();
    }
  });

  it('reports bind, listen, connect and accept with addresses and ports', async () => {
    const t = await trigger(['net']);
    await sensor.waitExit(t.pid);
    const { server_port: sport, client_port: cport } = t.out as { server_port: number; client_port: number };
    const net = sensor.of(t.pid, ['bind', 'listen', 'connect', 'accept']).map((e) => ({ type: e.type, ...(e[e.type] as object) }));
    const v4 = (ip: string, port: number) => ({ ip, port, family: 'AF_INET', is_public: false });
    expect(net).toEqual([
      { type: 'bind', addr: v4('127.0.0.1', 0), protocol: 6, retval: 0 },
      { type: 'listen', addr: v4('127.0.0.1', sport), protocol: 6, backlog: 7, retval: 0 },
      { type: 'connect', addr: v4('127.0.0.1', sport), protocol: 6, retval: 0 },
      { type: 'accept', addr: v4('127.0.0.1', cport), protocol: 6, retval: 5 },
      { type: 'connect', addr: { ip: '::1', port: 5353, family: 'AF_INET6', is_public: false }, protocol: 17, retval: 0 },
    ]);
  });

  it('reports capset, setgid and setuid with the new credentials', async () => {
    const t = await trigger(['priv']);
    const child = t.out.child!;
    await sensor.waitExit(child);
    const events = sensor.of(child, ['capset', 'setgid', 'setuid']);
    expect(events.map((e) => e.type)).toEqual(['capset', 'setgid', 'setuid']);
    const cap = events[0]!.capset as { cap_effective: number; cap_permitted: number };
    // CAP_NET_RAW dropped from the effective set
    expect(BigInt(cap.cap_effective)).toBe(BigInt(cap.cap_permitted) & ~(1n << 13n));
    expect(events[1]!.setgid).toEqual({ gid: 4242, egid: 4242, sgid: 4242, fsgid: 4242, syscall: 106, retval: 0 });
    expect(events[2]!.setuid).toEqual({ uid: 4242, euid: 4242, suid: 4242, fsuid: 4242, syscall: 105, retval: 0 });
    expect(events[2]!.process).toMatchObject({ uid: 4242, euid: 4242, gid: 4242, egid: 4242, ppid: t.pid });
  });

  it('reports ptrace, modules, bpf, memfd, mount, prctl and kill', async () => {
    const t = await trigger(['kern', dir]);
    expect(t.code).toBe(0);
    const child = t.out.child!;
    await sensor.waitExit(t.pid);
    const types = ['ptrace', 'load_module', 'unload_module', 'bpf', 'memfd', 'mount', 'umount', 'prctl', 'signal'];
    const events = sensor.of(t.pid, types);
    const by = (type: string) => events.filter((e) => e.type === type).map((e) => e[type] as Record<string, unknown>);
    expect(events.map((e) => e.type)).toEqual(['ptrace', 'ptrace', ...types.slice(1)]);
    expect(by('ptrace')).toEqual([
      { request: 16, tracee: { pid: child }, syscall: 101, retval: 0 },
      { request: 17, tracee: { pid: child }, syscall: 101, retval: 0 },
    ]);
    expect(by('load_module')[0]).toMatchObject({ name: '', loaded_from_memory: false, syscall: 313 });
    expect(by('load_module')[0]!.retval).toBeLessThan(0);
    expect(by('unload_module')[0]).toMatchObject({ name: 'wb_no_such_module', syscall: 176 });
    expect(by('unload_module')[0]!.retval).toBeLessThan(0);
    expect(by('bpf')[0]).toMatchObject({ cmd: 5, syscall: 321 });
    expect(by('bpf')[0]!.retval).toBeLessThan(0);
    expect(by('memfd')[0]).toMatchObject({ name: 'wb-memfd', flags: 1, syscall: 319 });
    expect(by('mount')[0]).toEqual({
      source: { path: 'wb-tmpfs' },
      mountpoint: { path: `${dir}/mnt`, name: 'mnt' },
      fs_type: 'tmpfs',
      flags: 2,
      syscall: 165,
      retval: 0,
    });
    expect(by('umount')[0]).toEqual({ mountpoint: { path: `${dir}/mnt`, name: 'mnt' }, flags: 0, syscall: 166, retval: 0 });
    expect(by('prctl')[0]).toEqual({ option: 15, new_name: 'wb-renamed', syscall: 157, retval: 0 });
    const [signal] = sensor.of(t.pid, ['signal']);
    expect(signal!.signal).toEqual({ type: 15, target: { pid: child }, syscall: 62, retval: 0 });
    expect(signal!.process.comm).toBe('wb-renamed');
  });

  it('never reports itself and keeps seq strictly increasing', async () => {
    await sensor.nextHeartbeat();
    const pid = sensor.child.pid!;
    expect(sensor.events.filter((e) => e.process.pid === pid)).toEqual([]);
    const seqs = sensor.events.map((e) => e.seq);
    seqs.forEach((s, i) => expect(s).toBe(i + 1));
    const hb = sensor.lines.filter((l) => l.type === 'heartbeat').at(-1)!;
    expect(hb.counters).toMatchObject({ kernel_drops: 0, spool_drops: 0, rate_limited: 0 });
  });
});

function spawnText(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
}
