import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSecl, type Node } from '../secl/index.ts';
import { formatSecl } from './format.ts';
import { parsePolicy } from './policy.ts';

/** A tree without its source positions: what an expression means, not where it was written. */
function meaning(node: Node): unknown {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === 'span' || key === 'opSpan' ? undefined : value)));
}

function meaningOf(source: string): unknown {
  const parsed = parseSecl(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return meaning(parsed.ast);
}

const space = fc.constantFrom('', ' ', '  ', '\n', '\t', ' \n  ');
const stringFields = ['exec.file.name', 'exec.file.path', 'process.parent.file.name', 'exec.argv', 'process.ancestors.file.name', 'exec.args'];
const stringValues = ['"curl"', '~"/tmp/*"', 'r"^-c .*$"', '"a b"', '"x\\"y"', '"/usr/lib/a-rather-long-path/of/some/kind"'];

const comparison: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(fc.constantFrom(...stringFields), fc.constantFrom('==', '!=', '=~'), fc.constantFrom(...stringValues)).map(([f, op, v]) => [f, op, v]),
  fc.tuple(fc.constantFrom('==', '<', '>=', '!='), fc.constantFrom('0', '1000', '-1', '0x10', '- 2')).map(([op, v]) => ['process.uid', op, ...v.split(' ')]),
  fc.tuple(fc.constantFrom(...stringFields), fc.constantFrom('in', 'not in'), fc.array(fc.constantFrom(...stringValues), { minLength: 1, maxLength: 14 })).map(([f, op, vs]) => [f, ...op.split(' '), '[', ...vs.flatMap((v, i) => (i === 0 ? [v] : [',', v])), ']']),
  fc.constant<string[]>(['open.flags', '&', 'O_CREAT', '>', '0']),
  fc.constant<string[]>(['process.uid', '&', '^', '1', '==', '0']),
);

/** Token lists of SECL expressions (chains, parentheses, negations), to be joined with arbitrary whitespace. */
const expressionTokens: fc.Arbitrary<string[]> = fc.letrec<{ expr: string[]; cond: string[] }>((tie) => ({
  cond: fc.oneof({ depthSize: 'small' }, comparison, tie('expr').map((inner) => ['(', ...inner, ')']), tie('expr').map((inner) => ['!', '(', ...inner, ')']), tie('expr').map((inner) => ['not', '(', ...inner, ')'])),
  expr: fc.array(tie('cond'), { minLength: 1, maxLength: 5 }).chain((conds) =>
    fc.array(fc.constantFrom('&&', '||', 'and', 'or'), { minLength: conds.length - 1, maxLength: conds.length - 1 }).map((ops) => conds.flatMap((cond, i) => (i === 0 ? cond : [ops[i - 1] as string, ...cond]))),
  ),
})).expr;

/** SECL text: generated tokens joined by random whitespace (a space at least between two words). */
const seclSource: fc.Arbitrary<string> = expressionTokens.chain((tokens) =>
  fc.array(space, { minLength: tokens.length, maxLength: tokens.length }).map((gaps) =>
    tokens.reduce((out, token, i) => {
      const gap = gaps[i] as string;
      const glue = out !== '' && /[\w"\]]$/.test(out) && /^[\w~"]/.test(token) && gap === '';
      return out + (glue ? ' ' : out === '' ? '' : gap) + token;
    }, ''),
  ),
);

function realExpressions(): string[] {
  const repo = resolve(import.meta.dirname, '..', '..');
  const packDir = join(repo, 'rules', 'runtime');
  const texts = readdirSync(packDir).filter((name) => name.endsWith('.policy')).map((name) => readFileSync(join(packDir, name), 'utf8'));
  texts.push(readFileSync(join(repo, '..', 'shared', 'corpora', 'datadog-cws', 'default.policy'), 'utf8'));
  return texts.flatMap((text) => parsePolicy(text).expressions.filter((expression) => !expression.empty).map((expression) => expression.text)).filter((text) => parseSecl(text).ok);
}

describe('formatting SECL', () => {
  it('puts one space around binary operators and none inside brackets or after a unary operator', () => {
    expect(formatSecl('exec.file.name   in[ "curl" ,"wget" ]&&process.uid==0')).toBe('exec.file.name in ["curl", "wget"] && process.uid == 0');
    expect(formatSecl('! ( process.uid == - 1 )  ||open.flags&O_CREAT>0')).toBe('!(process.uid == -1) || open.flags & O_CREAT > 0');
  });

  it('breaks a chain that does not fit one condition per line, and opens long parentheses', () => {
    const source = 'open.file.path == "/etc/shadow" && (process.file.name == "aaaaaaaaaaaaaaaaaaaaaa" || process.file.name == "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb") && process.uid != 0';
    expect(formatSecl(source, { maxLineLength: 60 })).toBe(
      [
        'open.file.path == "/etc/shadow"',
        '&& (',
        '  process.file.name == "aaaaaaaaaaaaaaaaaaaaaa"',
        '  || process.file.name == "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"',
        ')',
        '&& process.uid != 0',
      ].join('\n'),
    );
  });

  it('fills long lists over lines aligned under their first value', () => {
    const out = formatSecl('exec.file.name in ["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "eeeeeeeeee"]', { maxLineLength: 50 });
    expect(out).toBe('exec.file.name in ["aaaaaaaaaa", "bbbbbbbbbb",\n                   "cccccccccc", "dddddddddd",\n                   "eeeeeeeeee"]');
  });

  it('leaves alone what does not parse, and comments it would have to move', () => {
    expect(formatSecl('exec.file.name ==')).toBe('exec.file.name ==');
    expect(formatSecl('exec.file.name  == "x" # why')).toBe('exec.file.name  == "x" # why');
  });

  it('is idempotent and never changes the meaning (generated expressions)', () => {
    fc.assert(
      fc.property(seclSource, fc.constantFrom(40, 60, 100), (source, width) => {
        const parsed = parseSecl(source);
        fc.pre(parsed.ok);
        const once = formatSecl(source, { maxLineLength: width });
        expect(formatSecl(once, { maxLineLength: width })).toBe(once);
        expect(meaningOf(once)).toEqual(meaningOf(source));
        expect(once).not.toMatch(/[ \t]$|\t|\S {2,}\S/m); // no tabs, trailing or double spaces
      }),
      { numRuns: 400 },
    );
  });

  it('is idempotent and never changes the meaning of every rule and macro of the bundled pack and of Datadog’s default policy', () => {
    const expressions = realExpressions();
    expect(expressions.length).toBeGreaterThan(300);
    for (const source of expressions) {
      const once = formatSecl(source, { maxLineLength: 90 });
      expect(formatSecl(once, { maxLineLength: 90 }), source).toBe(once);
      expect(meaningOf(once), source).toEqual(meaningOf(source));
    }
  });
});
