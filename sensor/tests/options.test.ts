// Malformed options fail fast with a clear message and exit code 2; no BPF permission gives exit code 3.
import { beforeAll, describe, expect, it } from 'vitest';
import { build, runSensor, skipReason } from './harness.ts';

describe('sensor options', () => {
  beforeAll(() => build());

  it.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['--events', 'nosuch'], "unknown event type or family 'nosuch'"],
    [['--no-events', ''], 'empty event list'],
    [['--profile', 'heavy'], "unknown profile 'heavy'"],
    [['--rate', 'open'], "--rate needs TYPE=N, got 'open'"],
    [['--rate', 'open=x'], '--rate TYPE=N needs a non-negative integer'],
    [['--rate', 'nosuch=5'], "unknown event type 'nosuch' in --rate"],
    [['--rate', 'open=0'], '--rate open=0: disable the type with --no-events instead'],
    [['--read-prefix', 'etc/shadow'], "a path prefix must be absolute: 'etc/shadow'"],
    [['--include-prefix', `/${'x'.repeat(70)}`], 'a path prefix is at most 63 bytes'],
    [['--ringbuf-size', '1000'], '--ringbuf-size must be a power of two of at least 4096: 1000'],
    [['--spool-size', '12Q'], '--spool-size needs a size such as 4096, 64K, 16M or 1G'],
    [['--since', '5'], '--since needs --spool DIR'],
    [['--spool', '/tmp/x', '--segment-size', '2M', '--spool-size', '1M'], '--segment-size is larger than --spool-size'],
    [['--duration', '-1'], "--duration needs a positive number of seconds: '-1'"],
    [['--heartbeat-ms'], "option '--heartbeat-ms' needs a value"],
    [['extra'], "unexpected argument 'extra'"],
  ])('rejects %j', (args, message) => {
    const r = runSensor(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`workbench-sensor: ${message}`);
    expect(r.stderr).toContain('usage: workbench-sensor [options]');
    expect(r.stdout).toBe('');
  });

  it('prints its version and help', () => {
    expect(runSensor(['--version'])).toMatchObject({ status: 0, stdout: 'workbench-sensor 0.1.0\n' });
    const help = runSensor(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--spool DIR');
  });

  it('exits with code 4 and says why when there is no kernel BTF', () => {
    const r = runSensor(['--btf', '/nonexistent/vmlinux', '--duration', '1']);
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('workbench-sensor: no kernel BTF (/nonexistent/vmlinux: No such file or directory)');
    expect(r.stdout).toBe('');
  });

  it.skipIf(!!skipReason)('exits with code 3 and says why when BPF is not permitted', () => {
    const r = runSensor(['--duration', '1'], 65534);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('workbench-sensor: not permitted to load BPF programs');
    expect(r.stdout).toBe('');
  });
});
