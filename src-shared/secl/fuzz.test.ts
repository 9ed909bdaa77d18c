// The parser meets text typed in an editor and policies from anywhere: whatever the input, it must
// answer with a tree or a positioned error, quickly, and never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSecl } from './parser.ts';
import { compileRule } from './rule.ts';

const fragments = [
  'exec.file.path', 'process.ancestors[A].comm', 'open.flags', '==', '!=', '=~', '!~', '<', '>=', 'in', 'not in', 'allin', '&&', '||', 'and', 'or',
  '!', 'not', '&', '|', '^', '(', ')', '[', ']', ',', '"/bin/sh"', '~"/etc/*"', 'r"^a.*$"', '0x1f', '42', '-1', '10s', '5m', '10.0.0.0/8', '::1',
  'true', 'false', '${process.pid}', 'O_CREAT', 'SHELLS', '.length', ' ', '\n', '#c\n', '"', '~', '$', '{', '}', '@', 'é', '"\\"', '=',
];

const seclish = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(' '));

function wellFormed(source: string): void {
  const result = parseSecl(source);
  if (result.ok) return;
  const { span } = result.error;
  expect(span.offset).toBeGreaterThanOrEqual(0);
  expect(span.offset + span.length).toBeLessThanOrEqual(source.length);
  expect(span.line).toBeGreaterThanOrEqual(1);
  expect(result.error.message).toMatch(/ at \d+:\d+$/);
}

describe('the parser under fuzzing', () => {
  it('answers any string with a tree or a positioned error', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), wellFormed), { numRuns: 2000 });
  });

  it('answers SECL-like token soup the same way', () => {
    fc.assert(fc.property(seclish, wellFormed), { numRuns: 3000 });
  });

  it('never throws from the checker and compiler either', () => {
    fc.assert(
      fc.property(seclish, (source) => {
        const outcome = compileRule({ id: 'fuzz', expression: source }, { allowAnyEventType: true });
        if (outcome.ok) outcome.rule.matches({ type: 'exec', process: { pid: 1 } });
      }),
      { numRuns: 2000 },
    );
  });

  it('stays fast on long and deep inputs', () => {
    const started = Date.now();
    wellFormed('('.repeat(100_000));
    wellFormed('"'.repeat(100_000));
    wellFormed(`${'a == 1 && '.repeat(20_000)}a == 1`);
    const long = compileRule({ id: 'long', expression: `${'exec.file.path == "a" || '.repeat(20_000)}exec.file.path == "b"` });
    expect(long.ok && long.rule.matches({ type: 'exec', exec: { file: { path: 'b' } } })).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
