import { describe, expect, it } from 'vitest';
import { errorsOf, evaluate, event, processContext } from './testing.ts';

describe('.length', () => {
  const exec = event('exec', { file: { path: '/usr/bin/python3' }, argv: ['-c', 'import os'] }, { ancestors: [processContext(), processContext(), processContext()] });

  it('counts the characters of a string field', () => {
    expect(evaluate('exec.file.path.length == 16', exec)).toBe(true);
    expect(evaluate('exec.file.path.length > 100', exec)).toBe(false);
  });

  it('counts the elements of a list field', () => {
    expect(evaluate('exec.argv.length == 2', exec)).toBe(true);
    expect(evaluate('exec.file.path != "" && process.ancestors.length >= 3', exec)).toBe(true);
  });

  it('is an integer, so it compares with integers only', () => {
    expect(errorsOf('exec.file.path.length == "16"')[0]).toMatch(/cannot compare exec.file.path.length \(an integer\) with "16" \(a string\)/);
  });
});
