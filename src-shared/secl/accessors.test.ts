import { describe, expect, it } from 'vitest';
import { argsFlags, argsOptions } from './accessors.ts';
import { evaluate } from './testing.ts';

// A line as the sensor writes it (sensor/src/events.c), with parent and ancestors added at ingest.
const sensorExec = {
  seq: 7,
  ts: 1_700_000_000_000_000_000,
  type: 'exec',
  host: 'web-1',
  process: {
    pid: 300, tid: 300, ppid: 200, uid: 0, gid: 0, euid: 0, egid: 0, auid: 4294967295, user: 'root', group: 'root', comm: 'curl',
    file: { path: '/usr/bin/curl', name: 'curl' }, argv: ['-s', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/role'],
    argv0: 'curl', args: '-s http://169.254.169.254/latest/meta-data/iam/security-credentials/role', args_truncated: false, cwd: '/root',
    created_at: 1_700_000_000_000_000_000 - 1000, tty_name: '', cgroup: { id: 9876 }, container: { id: 'a'.repeat(64) },
    parent: { pid: 200, comm: 'sh', file: { path: '/bin/sh', name: 'sh' }, argv: ['-c', 'curl …'] },
    ancestors: [{ pid: 200, comm: 'sh', file: { path: '/bin/sh', name: 'sh' } }, { pid: 100, comm: 'node', file: { path: '/usr/bin/node', name: 'node' } }],
  },
  exec: { file: { path: '/usr/bin/curl', name: 'curl' }, argv: ['-s', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/role'], argv0: 'curl', args: '-s http://169.254.169.254/latest/meta-data/iam/security-credentials/role', args_truncated: false },
};

describe('field accessors', () => {
  it('read the sensor’s JSON by the dotted names', () => {
    expect(evaluate('exec.file.name == "curl" && exec.args in [~"*169.254.169.254/latest/meta-data/iam/security-credentials/*"]', sensorExec)).toBe(true);
    expect(evaluate('exec.comm == "curl" && exec.uid == 0 && exec.auid == AUDIT_AUID_UNSET', sensorExec)).toBe(true);
    expect(evaluate('exec.file.path != "" && container.id != "" && process.container.id == container.id', sensorExec)).toBe(true);
    expect(evaluate('exec.file.path != "" && process.cgroup.id == "9876" && event.hostname == "web-1" && event.origin == "ebpf"', sensorExec)).toBe(true);
    expect(evaluate('exec.file.path != "" && process.parent.file.name == "sh" && process.ancestors.file.name in ["node"]', sensorExec)).toBe(true);
  });

  it('derive what the event lacks: file names, args, cmdline', () => {
    const bare = { ts: 1, type: 'exec', process: { pid: 1 }, exec: { file: { path: '/opt/x/run.sh' }, argv: ['--force', 'now'], argv0: './run.sh' } };
    expect(evaluate('exec.file.name == "run.sh" && exec.args == "--force now" && exec.cmdline == "./run.sh --force now"', bare)).toBe(true);
    expect(evaluate('exec.file.path != "" && process.file.name == "" && process.argv.length == 0', bare)).toBe(true);
  });

  it('derive a file’s extension as Go’s filepath.Ext does', () => {
    const open = (path: string) => ({ ts: 1, type: 'open', process: { pid: 1 }, open: { file: { path } } });
    expect(evaluate('open.file.extension == ".yaml"', open('/etc/kubernetes/manifests/pod.yaml'))).toBe(true);
    expect(evaluate('open.file.extension == ".gz"', open('/tmp/a.tar.gz'))).toBe(true);
    expect(evaluate('open.file.extension == ""', open('/etc/passwd'))).toBe(true);
  });

  it('read any shape without throwing, as the type’s zero value', () => {
    const hostile = { ts: 'x', type: 'exec', process: { pid: 'one', file: 7, argv: 'not-a-list', ancestors: { 0: 1 } }, exec: null };
    expect(evaluate('exec.file.path == "" && process.pid == 0 && process.argv.length == 0 && process.ancestors.length == 0', hostile)).toBe(true);
  });

  it('split flags and options as Datadog does', () => {
    expect(argsFlags(['-la', '--recursive', '--depth=2', '-', 'file'])).toEqual(['l', 'a', 'la', 'recursive']);
    expect(argsOptions(['-o', 'out', '--depth=2', '-v', '-x', '--name', 'n'])).toEqual(['o=out', 'depth=2', 'x=--name'.slice(0, 0) || 'name=n']);
  });
});
