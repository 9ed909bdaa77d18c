import { describe, expect, it } from 'vitest';
import { constantFamilies, constantValue } from './constants.ts';
import { errorsOf, evaluate, event } from './testing.ts';

describe('constants', () => {
  it('carry the Linux values under Datadog’s names', () => {
    expect(['O_CREAT', 'O_TRUNC', 'O_RDWR', 'S_IXUSR', 'S_ISUID', 'AF_INET', 'AF_INET6', 'SIGKILL', 'PTRACE_ATTACH', 'PTRACE_TRACEME', 'BPF_PROG_LOAD', 'PR_SET_NAME', 'EACCES'].map(constantValue)).toEqual([
      0o100, 0o1000, 2, 0o100, 0o4000, 2, 10, 9, 16, 0, 5, 15, -13,
    ]);
  });

  it('make capabilities bit masks, beyond bit 31 too', () => {
    expect(constantValue('CAP_SYS_ADMIN')).toBe(2 ** 21);
    expect(constantValue('CAP_BPF')).toBe(2 ** 39);
    const capset = (mask: number) => event('capset', { cap_effective: mask, cap_permitted: mask });
    expect(evaluate('capset.cap_effective & CAP_SYS_ADMIN > 0', capset(2 ** 21 + 1))).toBe(true);
    expect(evaluate('capset.cap_effective & CAP_BPF > 0', capset(2 ** 39))).toBe(true);
    expect(evaluate('capset.cap_effective & CAP_BPF > 0', capset(2 ** 38))).toBe(false);
    expect(evaluate('capset.cap_effective & (CAP_SYS_ADMIN | CAP_BPF) == CAP_SYS_ADMIN | CAP_BPF', capset(2 ** 21 + 2 ** 39))).toBe(true);
  });

  it('compare with integer fields, in lists too', () => {
    const ptrace = event('ptrace', { request: 16, tracee: { pid: 1 } });
    expect(evaluate('ptrace.request == PTRACE_ATTACH', ptrace)).toBe(true);
    expect(evaluate('ptrace.request in [PTRACE_POKETEXT, PTRACE_POKEDATA, PTRACE_ATTACH]', ptrace)).toBe(true);
    expect(evaluate('signal.type == SIGKILL', event('signal', { type: 9, target: { pid: 1 } }))).toBe(true);
    expect(evaluate('chmod.file.destination.mode & (S_IXUSR|S_IXGRP|S_IXOTH) > 0', event('chmod', { file: { path: '/tmp/x', destination: { mode: 0o755 } } }))).toBe(true);
  });

  it('read names the sensor writes as text as the same numbers', () => {
    expect(evaluate('connect.addr.family == AF_INET6', event('connect', { addr: { ip: '::1', port: 1, family: 'AF_INET6' } }))).toBe(true);
    expect(evaluate('exit.cause == COREDUMPED', event('exit', { code: 11, cause: 'COREDUMPED' }))).toBe(true);
    expect(evaluate('exit.cause == EXITED', event('exit', { code: 0, cause: 'EXITED' }))).toBe(true);
  });

  it('name an unknown constant, suggesting a close one', () => {
    expect(errorsOf('open.flags & O_CREATE > 0')).toEqual(['unknown macro or constant O_CREATE: did you mean O_CREAT? at 1:14']);
  });

  it('keep every family free of clashing values for one name', () => {
    const seen = new Map<string, number>();
    for (const members of Object.values(constantFamilies)) {
      for (const [name, value] of Object.entries(members)) {
        if (seen.has(name)) expect(seen.get(name)).toBe(value);
        seen.set(name, value);
      }
    }
  });
});
