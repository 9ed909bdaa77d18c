// What the query bar and the rule editor show while typing, from the engine's own checker: where to
// underline, the one-click fix, and tags as the rule dialog reads them.
import { describe, expect, it } from 'vitest';
import { parseTags } from './RuleDraftDialog.tsx';
import { applySuggestion, checkSecl, suggestionOf, underlineRange } from './seclCheck.ts';

describe('checking SECL as it is typed', () => {
  it('underlines a misspelt field and fixes it with the suggestion', () => {
    const text = 'exec.file.name in ["sh", "bash"] && process.parent.file.nme == "nginx"';
    const verdict = checkSecl(text, { anyEventType: true });
    const error = verdict.errors[0]!;
    const { start, end } = underlineRange(text, error);
    expect(text.slice(start, end)).toBe('process.parent.file.nme');
    expect(suggestionOf(error)).toBe('process.parent.file.name');
    const fixed = applySuggestion(text, error, suggestionOf(error)!);
    expect(checkSecl(fixed, { anyEventType: true })).toEqual({ errors: [], eventType: 'exec' });
  });

  it('lets a query name only process fields, but not a rule', () => {
    expect(checkSecl('process.uid == 0', { anyEventType: true })).toEqual({ errors: [], eventType: '*' });
    expect(checkSecl('process.uid == 0', { anyEventType: false }).errors[0]!.code).toBe('no-event-type');
  });

  it('marks an error at the very end with a visible place', () => {
    const text = 'exec.file.name ==';
    const error = checkSecl(text, { anyEventType: true }).errors[0]!;
    const { start, end } = underlineRange(text, error);
    expect(end).toBeGreaterThan(start);
    expect(suggestionOf(error)).toBeNull();
    expect(checkSecl('   ', { anyEventType: true })).toEqual({ errors: [], eventType: null });
  });
});

describe('tags in the rule dialog', () => {
  it('reads name:value pairs and says which entry is wrong', () => {
    expect(parseTags('drafted_from:web-01 seq 18, team: ir')).toEqual({ tags: { drafted_from: 'web-01 seq 18', team: 'ir' }, error: null });
    expect(parseTags('')).toEqual({ tags: {}, error: null });
    expect(parseTags('Team:ir').error).toContain('“Team:ir” is not a tag');
    expect(parseTags('no colon').error).toContain('“no colon”');
  });
});
