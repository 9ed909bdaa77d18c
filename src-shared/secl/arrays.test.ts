import { describe, expect, it } from 'vitest';
import { errorsOf, evaluate, event } from './testing.ts';

const exec = (argv: string[]) => event('exec', { file: { path: '/usr/bin/curl' }, argv }, {});

describe('array fields', () => {
  it('match ==, in and =~ when ANY element matches', () => {
    expect(evaluate('exec.argv == "-k"', exec(['-k', 'https://x']))).toBe(true);
    expect(evaluate('exec.argv in ["-k", "--insecure"]', exec(['--insecure']))).toBe(true);
    expect(evaluate('exec.argv =~ "http*"', exec(['-s', 'https://x']))).toBe(true);
    expect(evaluate('exec.argv == "-k"', exec([]))).toBe(false);
  });

  it('match !=, not in and !~ when NO element matches', () => {
    expect(evaluate('exec.argv != "-k"', exec(['-s', '-k']))).toBe(false);
    expect(evaluate('exec.argv != "-k"', exec(['-s']))).toBe(true);
    expect(evaluate('exec.argv not in ["-k", "-s"]', exec(['-o', 'out']))).toBe(true);
    expect(evaluate('exec.argv not in ["-k", "-s"]', exec(['-o', '-s']))).toBe(false);
    expect(evaluate('exec.argv !~ "http*"', exec(['https://x']))).toBe(false);
    expect(evaluate('exec.argv != "-k"', exec([]))).toBe(true);
  });

  it('match allin when EVERY element is in the list (and there is at least one)', () => {
    expect(evaluate('exec.argv allin ["-s", "-k"]', exec(['-k', '-s']))).toBe(true);
    expect(evaluate('exec.argv allin ["-s", "-k"]', exec(['-k', '-o']))).toBe(false);
    expect(evaluate('exec.argv allin ["-s"]', exec([]))).toBe(false);
  });

  it('derive args, argv0, args_flags, args_options and cmdline from argv', () => {
    const e = event('exec', { file: { path: '/bin/tar' }, argv: ['-czf', 'out.tgz', '--exclude=*.log', '-C', '/tmp', '--verbose'], argv0: 'tar' });
    expect(evaluate('exec.args == "-czf out.tgz --exclude=*.log -C /tmp --verbose"', e)).toBe(true);
    expect(evaluate('exec.args_flags allin ["c", "z", "f", "czf", "C", "verbose"]', e)).toBe(true);
    expect(evaluate('exec.args_options in ["exclude=*.log"] && exec.args_options in ["C=/tmp"] && exec.args_options in ["czf=out.tgz"]', e)).toBe(true);
    expect(evaluate('exec.cmdline == "tar -czf out.tgz --exclude=*.log -C /tmp --verbose"', e)).toBe(true);
    expect(evaluate('exec.argv0 == "tar"', e)).toBe(true);
  });

  it('look a value up in a list field', () => {
    const e = event('exec', { file: { path: '/bin/tar' }, argv: ['-x'] });
    expect(evaluate('"-x" in exec.argv', e)).toBe(true);
    expect(evaluate('"-y" not in exec.argv', e)).toBe(true);
    expect(evaluate('~"-*" in exec.argv', e)).toBe(true);
    expect(evaluate('r"^-[a-z]$" not in exec.argv', e)).toBe(false);
  });

  it('refuse to compare a list with ==', () => {
    expect(errorsOf('exec.file.name == ["a", "b"]')).toEqual(["compare with a list using 'in' (or 'not in'), not '==' at 1:16"]);
    expect(errorsOf('exec.file.name in ["a", 1]')).toEqual(['the list mixes a string and an integer at 1:19']);
    expect(errorsOf('exec.file.name allin ["a"]')[0]).toMatch(/'allin' needs a list on its left/);
  });
});
