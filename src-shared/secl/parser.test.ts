import { describe, expect, it } from 'vitest';
import { parseSecl } from './parser.ts';

function error(source: string): string {
  const result = parseSecl(source);
  if (result.ok) throw new Error(`expected a syntax error for ${source}`);
  return result.error.message;
}

describe('the SECL parser', () => {
  it('keeps the exact place of every node', () => {
    const result = parseSecl('exec.file.path == "/bin/sh"\n  && process.uid == 0');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ast = result.ast;
    expect(ast.kind).toBe('logic');
    if (ast.kind !== 'logic' || ast.right.kind !== 'compare') return;
    expect(ast.opSpan).toEqual({ offset: 30, length: 2, line: 2, column: 3 });
    expect(ast.right.left).toEqual({ kind: 'ident', name: 'process.uid', span: { offset: 33, length: 11, line: 2, column: 6 } });
    expect(ast.span).toEqual({ offset: 0, length: 49, line: 1, column: 1 });
  });

  it('reads every literal: strings, patterns, regexes, integers, hex, booleans, durations, IPs and CIDRs', () => {
    const result = parseSecl('[ "a\\"b\\n", ~"/etc/*", r"^x\\.y$", 42, 0x1F, true, 10s, 1h30m, 10.0.0.1, 10.0.0.0/8, ::1, fd00::/8 ]');
    expect(result.ok).toBe(true);
    if (!result.ok || result.ast.kind !== 'array') return;
    expect(result.ast.items.map((item) => [item.kind, 'value' in item ? item.value : 'ns' in item ? item.ns : null])).toEqual([
      ['string', 'a"b\n'],
      ['pattern', '/etc/*'],
      ['regex', '^x\\.y$'],
      ['int', 42],
      ['int', 31],
      ['bool', true],
      ['duration', 10e9],
      ['duration', 5400e9],
      ['ip', '10.0.0.1'],
      ['cidr', '10.0.0.0/8'],
      ['ip', '::1'],
      ['cidr', 'fd00::/8'],
    ]);
  });

  it('reads registers, .length, variables, keywords and comments', () => {
    const result = parseSecl('process.ancestors[A].file.name == "git" and process.argv.length > ${process.pid} # trailing comment');
    expect(result.ok && result.ast.kind === 'logic' && result.ast.op).toBe('&&');
    expect(parseSecl('a not in [1] or not b').ok).toBe(true);
  });

  it('says what it expected and where', () => {
    expect(error('process.uid == ')).toBe("expected a value after '==', found the end of the expression at 1:13");
    expect(error('exec.file.path == "/bin/sh" && open.file.path ==')).toBe("expected a value after '==', found the end of the expression at 1:47");
    expect(error('(a == 1')).toBe("expected ')' to close the '(' at 1:1, found the end of the expression at 1:8");
    expect(error('a == 1)')).toBe("unexpected ')' after a complete expression: this ')' has no matching '(' at 1:7");
    expect(error('a in [1, 2')).toBe("expected ',' or ']' in the list opened at 1:6, found the end of the expression at 1:11");
    expect(error('a == "unterminated')).toBe(`unterminated string: missing the closing '"' at 1:6`);
    expect(error('a = 1')).toBe("unexpected '=': compare with '==' at 1:3");
    expect(error('a == 1 b == 2')).toBe("unexpected 'b' after a complete expression: join conditions with && or || at 1:8");
    expect(error('a == 1 == 2')).toBe("comparisons cannot be chained: join them with && or add parentheses before '==' at 1:8");
    expect(error('a == 10x')).toBe("'10x' is not a number, a duration (like 10s) or an IP address at 1:6");
    expect(error('')).toBe('the expression is empty at 1:1');
    expect(error('a && @')).toBe("unexpected character '@' at 1:6");
    expect(error('a == ~x')).toBe('unexpected \'~\': a pattern is written ~"…" and a match operator is =~ at 1:6');
  });

  it('refuses nesting deep enough to exhaust the stack, with an error rather than a crash', () => {
    expect(error(`${'('.repeat(5000)}a${')'.repeat(5000)}`)).toMatch(/nested more than 200 levels deep at 1:201/);
    expect(error(`${'!'.repeat(5000)}a`)).toMatch(/nested more than 200 levels deep/);
  });

  it('builds long && chains without recursion', () => {
    const long = Array.from({ length: 5000 }, (_, i) => `a == ${i}`).join(' && ');
    expect(parseSecl(long).ok).toBe(true);
  });
});
