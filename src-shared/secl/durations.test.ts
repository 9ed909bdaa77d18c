import { describe, expect, it } from 'vitest';
import { parseDuration } from './parser.ts';
import { errorsOf, evaluate, event, eventTime } from './testing.ts';

const second = 1e9;
const execAged = (ageSeconds: number) => event('exec', { file: { path: '/bin/x' } }, { created_at: eventTime - ageSeconds * second });

describe('durations', () => {
  it('read units from nanoseconds to days, and compound forms', () => {
    expect(['1ns', '2us', '3ms', '10s', '5m', '2h', '1d', '1h30m'].map(parseDuration)).toEqual([1, 2e3, 3e6, 10e9, 300e9, 7200e9, 86400e9, 5400e9]);
  });

  it('compare a timestamp’s age, now being the event’s time', () => {
    expect(evaluate('exec.file.path != "" && process.created_at < 5s', execAged(2))).toBe(true);
    expect(evaluate('exec.file.path != "" && process.created_at < 5s', execAged(6))).toBe(false);
    expect(evaluate('exec.file.path != "" && process.created_at > 1m', execAged(61))).toBe(true);
    expect(evaluate('exec.file.path != "" && process.created_at >= 1h', execAged(3600))).toBe(true);
    expect(evaluate('exec.file.path != "" && 5s > process.created_at', execAged(2))).toBe(true);
  });

  it('apply to every process context, ancestors included', () => {
    const young = { pid: 2, created_at: eventTime - 1 * second };
    const e = event('exec', { file: { path: '/bin/x' } }, { ancestors: [young] });
    expect(evaluate('exec.file.path != "" && process.ancestors.created_at < 10s', e)).toBe(true);
  });

  it('only meet timestamps', () => {
    expect(errorsOf('exec.file.path != "" && process.pid < 5s')[0]).toMatch(/'<' orders integers \(or timestamps against durations\), not process.pid \(an integer\) and 5s \(a duration\)/);
    expect(errorsOf('exec.file.path != "" && process.created_at < 5')[0]).toMatch(/compare process.created_at \(a timestamp\) with a duration such as 5s or 10m/);
  });
});
