// The literal index must report exactly the literals String.prototype.includes finds, and, folding ASCII
// case, exactly those a (?i) regex of the literal finds: the rule index skips a rule on its word.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiteralSet } from './literal-set.ts';

function found(set: LiteralSet<number>, text: string): number[] {
  const tags = new Set<number>();
  set.scan(text, (tag) => tags.add(tag));
  return [...tags].sort((a, b) => a - b);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// A small alphabet makes overlaps, shared prefixes and failure links common.
const alphabet = fc.constantFrom('a', 'b', 'A', '/', '.', 'é', 'ſ', 'K', 'k', '\u212a');
const word = fc.string({ unit: alphabet, minLength: 1, maxLength: 6 });
const text = fc.string({ unit: alphabet, maxLength: 40 });

describe('the literal index', () => {
  it('finds overlapping and nested literals in one pass', () => {
    const set = new LiteralSet<number>();
    ['he', 'she', 'his', 'hers', '/etc/', 'etc/shadow'].forEach((literal, i) => set.add(literal, i));
    expect(found(set, 'ushers')).toEqual([0, 1, 3]);
    expect(found(set, 'cat /etc/shadow')).toEqual([4, 5]);
    expect(found(set, 'ETC/SHADOW')).toEqual([]);
  });

  it('agrees with includes on any literals and text', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), text, (literals, sample) => {
        const set = new LiteralSet<number>();
        literals.forEach((literal, i) => set.add(literal, i));
        const expected = literals.flatMap((literal, i) => (sample.includes(literal) ? [i] : []));
        expect(found(set, sample)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('folding ASCII case, agrees with a (?i) regex of each literal (the Kelvin sign and long s stay apart)', () => {
    const ascii = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', 'k', 'K', 's', '/', '.'), minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(ascii, { minLength: 1, maxLength: 10 }), text, (literals, sample) => {
        const set = new LiteralSet<number>({ foldAsciiCase: true });
        literals.forEach((literal, i) => set.add(literal, i));
        const expected = literals.flatMap((literal, i) => (new RegExp(escapeRegex(literal), 'i').test(sample) ? [i] : []));
        expect(found(set, sample)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an empty literal, which would hold for every value', () => {
    expect(() => new LiteralSet<number>().add('', 0)).toThrow(/empty literal/);
  });
});
