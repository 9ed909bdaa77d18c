// Compact test events → the events a rule meets after ingest.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src-shared/secl/testing.ts';
import { describeTestEvent, expandTestEvent } from './rule-test-events.ts';

describe('expanding a test event', () => {
  it('makes an exec event’s process the executed program, as the sensor reports it', () => {
    const event = expandTestEvent({ type: 'exec', exec: { file: { path: '/usr/bin/dash' }, argv: ['-c', 'id'], argv0: 'sh' }, process: { uid: 33 } });
    expect(event).toMatchObject({
      type: 'exec',
      exec: { file: { path: '/usr/bin/dash' }, argv: ['-c', 'id'], argv0: 'sh', args: '-c id', args_truncated: false },
      process: { file: { path: '/usr/bin/dash', name: 'dash' }, comm: 'dash', argv: ['-c', 'id'], args: '-c id', argv0: 'sh', uid: 33, euid: 33, gid: 33, user: 'www-data', container: { id: '' } },
    });
    expect(evaluate('exec.file.name == "dash" && process.user == "www-data" && exec.args == "-c id"', event)).toBe(true);
  });

  it('puts a process with no parent given under a login shell, under sshd, under systemd', () => {
    const event = expandTestEvent({ type: 'open', open: { file: { path: '/etc/hosts' }, flags: 0 } });
    const process = event['process'] as Record<string, unknown>;
    expect((process['ancestors'] as { file: { path: string } }[]).map((view) => view.file.path)).toEqual(['/usr/bin/bash', '/usr/sbin/sshd', '/usr/sbin/sshd', '/usr/lib/systemd/systemd']);
    expect(process['ppid']).toBe((process['parent'] as { pid: number }).pid);
    expect((event['open'] as { retval: number }).retval).toBe(3);
  });

  it('links a given parent and ancestors by pid, nearest first, and lets the parent run as the process does', () => {
    const event = expandTestEvent({ type: 'exec', exec: { file: { path: '/bin/sh' } }, process: { uid: 33 }, parent: { file: { path: '/usr/sbin/php-fpm8.2' } }, ancestors: [{ pid: 840, file: { path: '/usr/sbin/php-fpm8.2' } }] });
    const process = event['process'] as { ppid: number; parent: Record<string, unknown>; ancestors: Record<string, unknown>[] };
    expect(process.parent).toEqual(process.ancestors[0]);
    expect(process.parent).toMatchObject({ pid: 4000, ppid: 840, uid: 33, comm: 'php-fpm8.2', file: { name: 'php-fpm8.2' } });
    expect(process.ancestors[1]).toMatchObject({ pid: 840, ppid: 1 });
    expect(process.ppid).toBe(4000);
    expect(evaluate('exec.file.name == "sh" && process.ancestors.file.name == "php-fpm8.2" && process.parent.uid == 33', event)).toBe(true);
  });

  it('refuses what a real event could not hold, saying what', () => {
    const problems: [Record<string, unknown>, string][] = [
      [{ type: 'exce' }, 'type must be an event type the sensor reports, not "exce"'],
      [{ type: 'open', opne: {} }, 'unknown key opne (a test event has type, the object named by its type, process, parent, ancestors, host)'],
      [{ type: 'open', open: { file: { path: '/x' }, flag: 1 } }, 'open: open.flag is not a field the sensor provides'],
      [{ type: 'exec', exec: { argv: '-c id' } }, 'exec: exec.argv is a list: write [ … ]'],
      [{ type: 'exec', exec: { argv: ['-p', 22] } }, 'exec: exec.argv takes text, not 22'],
      [{ type: 'open', process: { uid: '0' } }, 'process: process.uid takes a number, not "0"'],
      [{ type: 'open', process: { parent: {} } }, 'write parent and ancestors beside process, not inside it'],
      [{ type: 'exec', parent: { euid: 0 } }, 'parent: euid is not in the process view ingest adds (only pid, ppid, uid, comm, file, argv, cwd, created_at)'],
      [{ type: 'exec', ancestors: { pid: 1 } }, 'ancestors must be a list of process views'],
    ];
    for (const [compact, message] of problems) expect(() => expandTestEvent(compact), message).toThrow(message);
  });

  it('accepts the constant names the sensor writes for families that have them', () => {
    const event = expandTestEvent({ type: 'connect', connect: { addr: { ip: '10.0.0.1', port: 22, family: 'AF_INET' }, protocol: 'IPPROTO_TCP' } });
    expect(evaluate('connect.addr.family == AF_INET && connect.protocol == IPPROTO_TCP', event)).toBe(true);
  });

  it('describes an event in a few words, for failure reports', () => {
    expect(describeTestEvent({ type: 'exec', exec: { file: { path: '/bin/sh' }, argv: ['-c', 'id'] } })).toBe('exec /bin/sh -c id');
    expect(describeTestEvent({ type: 'rename', rename: { file: { path: '/tmp/a', destination: { path: '/etc/cron.d/a' } } } })).toBe('rename /tmp/a → /etc/cron.d/a');
    expect(describeTestEvent({ type: 'connect', connect: { addr: { ip: '203.0.113.1', port: 4444 } } })).toBe('connect 203.0.113.1:4444');
    expect(describeTestEvent({ type: 'prctl', prctl: { option: 15, new_name: 'x' } })).toBe('prctl new_name=x');
  });
});
