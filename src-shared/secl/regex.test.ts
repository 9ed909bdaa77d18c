import { describe, expect, it } from 'vitest';
import { compileRegex } from './glob.ts';
import { errorsOf, evaluate, event } from './testing.ts';

describe('regular expressions', () => {
  it('match anywhere unless anchored, as Go’s MatchString does', () => {
    expect(compileRegex('kworker')('[kworker/0:1]')).toBe(true);
    expect(compileRegex('^\\[.*\\]$')('[kworker/0:1]')).toBe(true);
    expect(compileRegex('^\\[.*\\]$')('kworker')).toBe(false);
  });

  it('turn Go inline flags into JavaScript flags', () => {
    expect(compileRegex('(?i)^curl$')('CURL')).toBe(true);
  });

  it('anchor at the start and end of the text with Go\u2019s \\A and \\z, even in multi-line mode', () => {
    expect(compileRegex('\\Acurl')('curl -s')).toBe(true);
    expect(compileRegex('\\Acurl')('x\ncurl')).toBe(false);
    expect(compileRegex('(?m)sh\\z')('bash\nzsh')).toBe(true);
    expect(compileRegex('(?m)sh\\z')('bash\nzsh\n')).toBe(false);
  });

  it('read an escaped backslash before z or A as a backslash and a letter, not an anchor', () => {
    expect(compileRegex('C:\\\\zip')('C:\\zip')).toBe(true);
    expect(compileRegex('^\\\\A$')('\\A')).toBe(true);
  });

  it('work with ==, =~ and in', () => {
    const prctl = event('prctl', { option: 15, new_name: '[kthreadd]' });
    expect(evaluate('prctl.new_name == r"^\\[.*\\]$"', prctl)).toBe(true);
    expect(evaluate('prctl.new_name =~ r"thread"', prctl)).toBe(true);
    expect(evaluate('prctl.option == PR_SET_NAME && prctl.new_name in ["systemd", r"^\\[.*\\]$"]', prctl)).toBe(true);
    expect(evaluate('prctl.new_name !~ r"^\\["', prctl)).toBe(false);
  });

  it('report an invalid expression where it is written', () => {
    expect(errorsOf('prctl.new_name =~ r"(unclosed"')[0]).toMatch(/^invalid regular expression r"\(unclosed": .* at 1:19$/);
  });
});
