import { describe, expect, it } from 'vitest';
import { errorsOf, evaluate, event } from './testing.ts';

describe('variables', () => {
  it('read ${process.pid} as the event’s process ID', () => {
    const own = event('open', { file: { path: '/proc/4242/environ' } }, { pid: 4242 });
    expect(evaluate('open.file.path == "/proc/${process.pid}/environ"', own)).toBe(true);
    const other = event('open', { file: { path: '/proc/1/environ' } }, { pid: 4242 });
    expect(evaluate('open.file.path == "/proc/${process.pid}/environ"', other)).toBe(false);
    expect(evaluate('signal.target.pid == ${process.pid}', event('signal', { type: 9, target: { pid: 4242 } }, { pid: 4242 }))).toBe(true);
  });

  it('know variables a policy declares, and flag those set by actions we do not run', () => {
    const variables = { 'cgroup.seen': { type: 'string' as const, array: true, fromActions: true } };
    expect(errorsOf('exec.file.path not in ${cgroup.seen}', { variables })).toEqual(['${cgroup.seen} is set by rule actions, which the workbench does not run at 1:23']);
    expect(errorsOf('exec.file.path == "" && ${procss.pid} == 1')).toEqual(['unknown variable ${procss.pid}: did you mean ${process.pid}? at 1:25']);
  });

  it('type-check variables like fields', () => {
    expect(errorsOf('exec.file.path == "" && ${process.pid} == "x"')[0]).toMatch(/cannot compare \$\{process.pid\} \(an integer\) with "x" \(a string\)/);
  });
});
