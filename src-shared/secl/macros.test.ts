import { describe, expect, it } from 'vitest';
import { errorsOf, evaluate, event } from './testing.ts';

const shells = { id: 'SHELLS', expression: '["bash", "sh", ~"zsh*"]' };
const shellExec = { id: 'shell_exec', expression: 'exec.file.name in SHELLS' };
const rootShell = { id: 'root_shell', expression: 'shell_exec && process.uid == 0' };
const exec = (name: string, uid = 0) => event('exec', { file: { path: `/bin/${name}`, name } }, { uid });

describe('macros', () => {
  it('hold value lists that rules look values up in', () => {
    expect(evaluate('exec.file.name in SHELLS', exec('zsh5'), { macros: [shells] })).toBe(true);
    expect(evaluate('exec.file.name not in SHELLS', exec('python3'), { macros: [shells] })).toBe(true);
  });

  it('hold expressions, and may refer to other macros', () => {
    const macros = [shells, shellExec, rootShell];
    expect(evaluate('root_shell', exec('sh', 0), { macros })).toBe(true);
    expect(evaluate('root_shell', exec('sh', 1000), { macros })).toBe(false);
    expect(evaluate('!root_shell && exec.file.name == "sh"', exec('sh', 1000), { macros })).toBe(true);
  });

  it('hold single values and constant expressions', () => {
    const macros = [{ id: 'WRITE_FLAGS', expression: 'O_WRONLY|O_RDWR|O_CREAT' }, { id: 'SHADOW', expression: '"/etc/shadow"' }];
    const open = event('open', { file: { path: '/etc/shadow' }, flags: 1 });
    expect(evaluate('open.flags & WRITE_FLAGS > 0 && open.file.path == SHADOW', open, { macros })).toBe(true);
    expect(evaluate('open.file.path in SHADOW', open, { macros })).toBe(true);
  });

  it('report where they went wrong, at the place the rule uses them', () => {
    expect(errorsOf('exec.file.name in BROKEN', { macros: [{ id: 'BROKEN', expression: '["a", ' }] })).toEqual([
      "macro BROKEN does not parse: expected a value after ',', found the end of the expression (at 1:5 of its expression) at 1:19",
    ]);
    expect(errorsOf('exec.file.name == "x" && BAD', { macros: [{ id: 'BAD', expression: 'exec.file.nam == "y"' }] })).toEqual([
      'in macro BAD (at 1:1 of its expression): unknown field exec.file.nam: did you mean exec.file.name? at 1:26',
    ]);
  });

  it('refuse cycles instead of looping', () => {
    const macros = [{ id: 'a', expression: 'b && exec.file.name == "x"' }, { id: 'b', expression: 'a' }];
    expect(errorsOf('a', { macros })[0]).toMatch(/macro a refers to itself: a → b → a/);
  });

  it('name unknown macros and constants, suggesting close names', () => {
    expect(errorsOf('exec.file.name in SHELS', { macros: [shells] })).toEqual(['unknown macro or constant SHELS: did you mean SHELLS? at 1:19']);
  });
});
