import { describe, expect, it } from 'vitest';
import { ConditionError, ConditionUnsupported, parseCondition, type Condition } from './condition.ts';

const ids = ['selection', 'selection_img', 'selection_cli', 'filter_main_a', 'filter_main_b', 'filter_optional', '_helper'];

/** A compact reading of a condition tree, to compare groupings at a glance. */
function show(condition: Condition): string {
  switch (condition.k) {
    case 'ref':
      return condition.name;
    case 'not':
      return `!${show(condition.item)}`;
    default:
      return `(${condition.items.map(show).join(condition.k === 'and' ? ' & ' : ' | ')})`;
  }
}

describe('Sigma conditions', () => {
  it('not binds tighter than and, and tighter than or', () => {
    expect(show(parseCondition('selection or selection_img and not filter_optional', ids))).toBe('(selection | (selection_img & !filter_optional))');
    expect(show(parseCondition('(selection or selection_img) and not (filter_main_a or filter_main_b)', ids))).toBe('((selection | selection_img) & !(filter_main_a | filter_main_b))');
  });

  it('expands 1 of, any of and all of against the identifiers, and them without _-prefixed ones', () => {
    expect(show(parseCondition('all of selection_* and not 1 of filter_main_*', ids))).toBe('((selection_img & selection_cli) & !(filter_main_a | filter_main_b))');
    expect(show(parseCondition('all of selection*', ids))).toBe('(selection & selection_img & selection_cli)');
    expect(show(parseCondition('1 of them', ids))).toBe('(selection | selection_img | selection_cli | filter_main_a | filter_main_b | filter_optional)');
    expect(show(parseCondition('any of filter_opt*', ids))).toBe('filter_optional');
  });

  it('reads keywords in any case', () => {
    expect(show(parseCondition('selection AND NOT filter_optional', ids))).toBe('(selection & !filter_optional)');
  });

  it('names what is wrong with a malformed condition', () => {
    expect(() => parseCondition('selection and', ids)).toThrow(ConditionError);
    expect(() => parseCondition('selection and not filter', ids)).toThrow(/no search identifier named 'filter' \(the rule has: selection, /);
    expect(() => parseCondition('1 of filters_*', ids)).toThrow(/'1 of filters_\*' matches no search identifier/);
    expect(() => parseCondition('(selection or selection_img', ids)).toThrow(/expected '\)'/);
    expect(() => parseCondition('selection)', ids)).toThrow(/has no matching '\('/);
    expect(() => parseCondition('selection_*', ids)).toThrow(/wildcards only follow 1 of or all of/);
    expect(() => parseCondition('3 of selection_*', ids)).toThrow(ConditionUnsupported);
  });

  it('refuses conditions over several events', () => {
    expect(() => parseCondition('selection | count(User) by Image > 3', ids)).toThrow(ConditionUnsupported);
  });
});
