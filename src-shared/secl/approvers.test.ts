// Approvers are what lets the rule index skip a rule, so they must be necessary: whenever the rule can
// match, one of them holds. These tests build regexes together with strings they match, and rules with
// events, and check that the literal or value an approver names is always there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseApprovers } from './approver-index.ts';
import { approversOf, type Approver } from './approvers.ts';
import { regexLiterals, regexMinLength } from './regex-analysis.ts';
import { checkRule } from './checker.ts';
import { parseSecl } from './parser.ts';
import { compileRule } from './rule.ts';

function approvers(expression: string): string[] | null {
  const parsed = parseSecl(expression);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const checked = checkRule(parsed.ast);
  if (!checked.cond) throw new Error(checked.errors.map((e) => e.message).join('; '));
  const found = approversOf(checked.cond);
  return found && found.map(show).sort();
}

function show(approver: Approver): string {
  switch (approver.kind) {
    case 'exact':
      return `${approver.field.name} == ${JSON.stringify(approver.value)}`;
    case 'contains':
      return `${approver.field.name} ~ ${approver.literal}${approver.caseInsensitive ? ' (i)' : ''}`;
    case 'minLength':
      return `${approver.field.name} length >= ${approver.length}`;
    case 'bits':
      return `${approver.field.name} & ${approver.mask}`;
  }
}

describe('the literals a regex needs', () => {
  it.each([
    ['(?i)/etc/doas\\.conf$', ['/etc/doas.conf'], true],
    ['^/etc/cron\\.d/', ['/etc/cron.d/'], false],
    ['(?i)\\{base64,-d\\}', ['{base64,-d}'], true],
    ['stratum[0-9]?\\+tcp://', ['stratum'], false],
    ['abc?def', ['def'], false],
    ['ab+cd', ['ab'], false],
    ['xy{2,3}zzz', ['zzz'], false],
    ['(?i)curl|WGET', ['curl', 'wget'], true],
    ['foo(bar|baz)+quux', ['quux'], false],
    ['a(?i)bcd', ['bcd'], true],
    ['^\\[?(kworker|kthreadd|migration/)', ['kworker', 'kthreadd', 'migration/'], false],
    ['(stratum\\+(tcp|ssl)://|--donate-level|(^|\\s)-a\\s+(rx/0|cn/))', ['stratum+', '--donate-level', 'rx/0', 'cn/'], false],
    ['(?:ab|cd)?efg', ['efg'], false],
    ['x(?P<name>ab|cd)+', ['ab', 'cd'], false],
  ] as const)('%s needs %j', (source, literals, caseInsensitive) => {
    expect(regexLiterals(source)).toEqual({ literals, caseInsensitive });
  });

  it.each(['.*', '^(a|.*)$', '[abc]+', '\\d+', 'x|.*', '(?i)é', '(unclosed', 'a)b'])('%s needs nothing it can name', (source) => {
    expect(regexLiterals(source)).toBeNull();
  });

  // A piece of regex and a generator of the strings it matches.
  type Piece = { source: string; sample: fc.Arbitrary<string> };
  const char = fc.constantFrom('a', 'b', 'c', 'x', '/', '-', '_');
  const special = fc.constantFrom('.', '+', '*', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$', '\\');
  const pieces: fc.Arbitrary<Piece> = fc.oneof(
    char.map((c) => ({ source: c, sample: fc.constant(c) })),
    special.map((c) => ({ source: `\\${c}`, sample: fc.constant(c) })),
    char.map((c) => ({ source: `${c}?`, sample: fc.constantFrom('', c) })),
    char.map((c) => ({ source: `${c}*`, sample: fc.nat(3).map((n) => c.repeat(n)) })),
    char.map((c) => ({ source: `${c}+`, sample: fc.integer({ min: 1, max: 3 }).map((n) => c.repeat(n)) })),
    char.map((c) => ({ source: `${c}{1,2}`, sample: fc.constantFrom(c, c + c) })),
    fc.constant({ source: '[a-c]', sample: fc.constantFrom('a', 'b', 'c') }),
    fc.constant({ source: '.', sample: char }),
    fc.constant({ source: '\\d', sample: fc.constantFrom('0', '7') }),
    char.map((c) => ({ source: `[^${c}]{2,}`, sample: fc.integer({ min: 2, max: 4 }).map((n) => (c === 'a' ? 'b' : 'a').repeat(n)) })),
    char.map((c) => ({ source: `${c}{3}?`, sample: fc.constant(c.repeat(3)) })),
    fc.tuple(fc.string({ unit: char, minLength: 1, maxLength: 3 }), fc.string({ unit: char, minLength: 1, maxLength: 3 })).map(([a, b]) => ({ source: `(${a}|${b})`, sample: fc.constantFrom(a, b) })),
    fc.tuple(fc.string({ unit: char, minLength: 1, maxLength: 3 }), fc.string({ unit: char, minLength: 1, maxLength: 3 })).map(([a, b]) => ({ source: `(?:${a}|${b})?`, sample: fc.constantFrom('', a, b) })),
    fc.tuple(fc.string({ unit: char, minLength: 1, maxLength: 3 }), fc.string({ unit: char, minLength: 1, maxLength: 3 })).map(([a, b]) => ({ source: `(${a}|${b}x+)+`, sample: fc.constantFrom(a, b + 'x', a + b + 'xx') })),
  );
  const regexWithMatch = fc
    .tuple(fc.array(pieces, { minLength: 1, maxLength: 8 }), fc.boolean())
    .chain(([parts, caseInsensitive]) =>
      fc.tuple(...parts.map((part) => part.sample)).chain((samples) =>
        fc.tuple(fc.constant((caseInsensitive ? '(?i)' : '') + parts.map((part) => part.source).join('')), fc.constant(samples.join('')), fc.boolean(), fc.string({ unit: char, maxLength: 3 })),
      ),
    );

  it('every string a regex matches contains one of its literals', () => {
    fc.assert(
      fc.property(regexWithMatch, ([source, sample, upper, around]) => {
        const caseInsensitive = source.startsWith('(?i)');
        const text = `${around}${caseInsensitive && upper ? sample.toUpperCase() : sample}${around}`;
        expect(new RegExp(source.replace('(?i)', ''), caseInsensitive ? 'i' : '').test(text)).toBe(true);
        const required = regexLiterals(source);
        if (required === null) return;
        const haystack = required.caseInsensitive ? text.toLowerCase() : text;
        expect(required.literals.some((literal) => haystack.includes(literal))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('no string a regex matches is shorter than its shortest length', () => {
    fc.assert(
      fc.property(regexWithMatch, ([source, sample]) => {
        expect(regexMinLength(source)).toBeLessThanOrEqual(sample.length);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the shortest match of a regex', () => {
  it.each([
    ['[^/]{100,}$', 100],
    ['(?i)^/tmp/', 5],
    ['ab?c*d+', 2],
    ['x{2,5}?y', 3],
    ['(abc|de)f', 3],
    ['(?:ab|)c', 1],
    ['a(?i)b', 2],
    ['\\bfoo\\b', 3],
    ['\\d\\s\\.', 3],
    ['a{,5}', 5], // not a repeat, in Go as in JavaScript: the literal text a{,5}
    ['.*', 0],
  ] as const)('%s is at least %d long', (source, length) => {
    expect(regexMinLength(source)).toBe(length);
    const shortest = new RegExp(source.replace('(?i)', '')).exec('a{,5} abc bcdf xxy ef c foo 7 . ' + '-'.repeat(120))?.[0];
    if (shortest !== undefined) expect(shortest.length).toBeGreaterThanOrEqual(length);
  });

  it.each(['\\x41{200}', '\\p{Greek}{50}', '(?=a{9})', 'a\\1{50}', '(unclosed{9}', 'a**'])('%s claims nothing', (source) => {
    expect(regexMinLength(source)).toBe(0);
  });
});

describe('the approvers of a rule', () => {
  it('takes the values of an equality or a list', () => {
    expect(approvers('exec.file.name in ["nc", "ncat"] && process.uid != 0')).toEqual(['exec.file.name == "nc"', 'exec.file.name == "ncat"']);
  });

  it('prefers a value that selects to the empty string most events carry', () => {
    expect(approvers('process.tty_name == "" && exec.file.name == "tcpdump"')).toEqual(['exec.file.name == "tcpdump"']);
  });

  it('needs every side of an or', () => {
    expect(approvers('exec.file.name == "nc" || exec.file.path =~ "/tmp/**"')).toEqual(['exec.file.name == "nc"', 'exec.file.path ~ /tmp/']);
    expect(approvers('exec.file.name == "nc" || process.uid > 0')).toBeNull();
  });

  it('has none for negations, which hold for values no list can name', () => {
    expect(approvers('exec.file.name != "nc"')).toBeNull();
    expect(approvers('exec.file.name not in ["nc"]')).toBeNull();
    expect(approvers('!(exec.file.name == "nc")')).toBeNull();
  });

  it('reads a register-bound ancestor through all ancestors', () => {
    expect(approvers('process.ancestors[A].file.name == "nginx" && exec.file.name != "sh"')).toEqual(['process.ancestors.file.name == "nginx"']);
  });

  it('approves a regex without literals by the length of its shortest match when that selects', () => {
    expect(approvers('open.file.path =~ r"[^/]{100,}$"')).toEqual(['open.file.path length >= 100']);
    expect(approvers('open.file.path =~ r"[^/]{3}$"')).toBeNull();
  });

  it('approves a bit test that needs a bit set, by the mask', () => {
    expect(approvers('open.flags & O_CREAT > 0 && open.file.path =~ r"[0-9]"')).toEqual(['open.flags & 64']);
    expect(approvers('open.flags & (O_CREAT | O_TRUNC) != 0')).toEqual(['open.flags & 576']);
    expect(approvers('open.flags & O_CREAT == O_CREAT')).toEqual(['open.flags & 64']);
    // These hold with no bit set, so they approve nothing.
    expect(approvers('open.flags & O_CREAT == 0')).toBeNull();
    expect(approvers('open.flags & O_CREAT >= 0')).toBeNull();
    expect(approvers('open.flags | O_CREAT > 0')).toBeNull();
  });

  it('uses the literal part of a pattern and of a case-insensitive regex', () => {
    expect(approvers('open.file.path =~ "/etc/cron.d/*"')).toEqual(['open.file.path ~ /etc/cron.d/']);
    expect(approvers('open.file.path =~ r"(?i)^/etc/sudoers\\.d/"')).toEqual(['open.file.path ~ /etc/sudoers.d/ (i)']);
    expect(approvers('~"*curl*" in exec.argv')).toEqual(['exec.argv ~ curl']);
  });
});

describe('choosing among the ways to approve a rule', () => {
  function rule(expression: string) {
    const compiled = compileRule({ id: expression, expression });
    if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join('; '));
    return compiled.rule;
  }
  const names = (chosen: readonly Approver[] | null) => (chosen ? [...new Set(chosen.map((a) => a.field.name))].sort() : null);

  it('offers one way per conjunct, and a way for both sides of an or together', () => {
    const options = rule('process.ancestors.file.name == "nginx" && exec.file.name in ["sh", "bash"]').approverOptions!;
    expect(options.map((option) => names(option))).toHaveLength(2);
    expect(options.map((option) => names(option))).toEqual(expect.arrayContaining([['process.ancestors.file.name'], ['exec.file.name']]));
    const either = rule('exec.file.name == "nc" || (exec.args =~ "*/dev/tcp/*" && process.uid == 33)').approverOptions!;
    expect(either.map((option) => names(option))).toEqual(expect.arrayContaining([['exec.args', 'exec.file.name'], ['exec.file.name', 'process.uid']]));
  });

  it('indexes a rule by a field that is cheap to read when it selects as well, and keeps an ancestors field only when nothing else approves', () => {
    const [cheap, onlyAncestors, weakOtherwise] = chooseApprovers([
      rule('process.ancestors.file.name == "nginx" && exec.file.name in ["sh", "bash"]'),
      rule('process.ancestors.file.name == "omiagent" && exec.uid >= 0'),
      rule('process.ancestors.comm == "gcc" && exec.file.path =~ "/t*"'),
    ]);
    expect(names(cheap!)).toEqual(['exec.file.name']);
    expect(names(onlyAncestors!)).toEqual(['process.ancestors.file.name']);
    // a one-letter literal would let nearly every exec through; the ancestors field is read anyway
    expect(names(weakOtherwise!)).toEqual(['process.ancestors.comm']);
  });
});
