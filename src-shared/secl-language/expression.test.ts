import { describe, expect, it } from 'vitest';
import { compileRule, defineMacros } from '../secl/index.ts';
import type { Diagnostic } from '../language-service/types.ts';
import { seclExpressionService as secl } from './service.ts';
import type { SeclContext } from './context.ts';

const context: SeclContext = {
  macros: [
    { id: 'is_root', expression: 'process.uid == 0', description: 'the process runs as root', packId: 'runtime', file: 'macros.policy' },
    { id: 'SHELLS', expression: '["sh", "bash"]', values: ['sh', 'bash'], packId: 'runtime', file: 'macros.policy' },
  ],
};

/** Completion labels at the end of `text` (or at `|`), filtered by the word typed, as the editor filters them. */
function labels(text: string): string[] {
  const offset = text.includes('|') ? text.indexOf('|') : text.length;
  const source = text.replace('|', '');
  const word = /[A-Za-z0-9_.[\]]*$/.exec(source.slice(0, offset))?.[0] ?? '';
  return secl
    .complete(source, offset, context)
    .filter((item) => item.label.startsWith(word))
    .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label))
    .map((item) => item.label);
}

function typed(text: string, kinds: string[]): string[] {
  return secl.highlight(text, context).filter((token) => kinds.includes(token.type)).map((token) => `${token.type}:${text.slice(token.start, token.end)}`);
}

function apply(text: string, edits: { range: { start: number; end: number }; text: string }[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((out, edit) => out.slice(0, edit.range.start) + edit.text + out.slice(edit.range.end), text);
}

describe('SECL highlighting', () => {
  it('tells fields, macros, lists, constants and unknown names apart, as the checker does', () => {
    const text = 'open.flags & O_CREAT > 0 && is_root && process.file.name in SHELLS && process.file.nme == "x"';
    expect(typed(text, ['field', 'macro', 'list', 'constant', 'identifier'])).toEqual([
      'field:open.flags', 'constant:O_CREAT', 'macro:is_root', 'field:process.file.name', 'list:SHELLS', 'identifier:process.file.nme',
    ]);
  });

  it('goes on after a bad character and keeps comments', () => {
    const text = 'exec.file.name = "curl" # the downloader\n&& process.uid == 0';
    expect(typed(text, ['invalid', 'string', 'comment', 'number'])).toEqual(['invalid:=', 'string:"curl"', 'comment:# the downloader', 'number:0']);
  });
});

describe('SECL completion', () => {
  it('offers the fields of the event type the expression already uses, with their type and documentation', () => {
    const items = secl.complete('open.flags > 0 && open.file.', 'open.flags > 0 && open.file.'.length, context);
    const path = items.find((item) => item.label === 'open.file.path');
    expect(path?.detail).toBe('string');
    expect(path?.documentation).toContain('Path of the opened file');
    expect(path?.range).toEqual({ start: 18, end: 28 });
    expect(items.some((item) => item.label.startsWith('exec.'))).toBe(false);
    expect(labels('exec.file.path == "/bin/sh" && process.parent.file.n')).toContain('process.parent.file.name');
  });

  it('offers the operators that fit the field on the left, then && and || after a comparison', () => {
    expect(labels('exec.file.name ')).toEqual(['==', '!=', '=~', '!~', 'in', 'not in']);
    expect(labels('process.uid ')).toEqual(['==', '!=', '<', '<=', '>', '>=', '&', '|', 'in', 'not in']);
    expect(labels('exec.argv ')).toContain('allin');
    expect(labels('exec.file.name == "curl" ')).toEqual(['&&', '||']);
    expect(labels('exec.file.name in SHELLS ')).toEqual(['&&', '||']);
  });

  it('offers the constants of the field being compared, first', () => {
    expect(labels('open.flags & O_CR')).toEqual(['O_CREAT']);
    expect(labels('signal.type == SIGK')).toEqual(['SIGKILL']);
    expect(labels('signal.type in [SIGKILL, ').slice(0, 3)).toEqual(['SIGABRT', 'SIGALRM', 'SIGBUS']);
    expect(labels('signal.type in [SIGKILL, ')).not.toContain('O_CREAT');
  });

  it('offers the macros and lists of the loaded packs, lists first after in', () => {
    expect(labels('exec.file.name in ')[0]).toBe('SHELLS');
    expect(labels('exec.file.name == "x" && is_')).toEqual(['is_root']);
    const doc = secl.complete('exec.file.name in S', 19, context).find((item) => item.label === 'SHELLS')?.documentation;
    expect(doc).toContain('["sh", "bash"]');
  });

  it('offers nothing inside a string', () => {
    expect(secl.complete('exec.file.name == "cur', 22, context)).toEqual([]);
  });
});

describe('SECL hover', () => {
  it('documents fields, constants, macros and operators', () => {
    const text = 'open.flags & O_CREAT > 0 && is_root';
    expect(secl.hover(text, 2, context)?.markdown).toContain('Flags passed to open');
    expect(secl.hover(text, 2, context)?.range).toEqual({ start: 0, end: 10 });
    expect(secl.hover(text, 15, context)?.markdown).toContain('Value 64 (hex 0x40, octal 0100)');
    expect(secl.hover(text, 30, context)?.markdown).toContain('process.uid == 0');
    expect(secl.hover(text, 30, context)?.markdown).toContain('runtime · macros.policy');
    expect(secl.hover(text, 11, context)?.markdown).toContain('Bitwise and');
  });
});

describe('SECL diagnostics and quick fixes', () => {
  const macros = defineMacros((context.macros ?? []).map(({ id, expression }) => ({ id, expression })));

  it('reports what the engine reports, at the same characters', () => {
    for (const text of ['exec.file.name == ', 'exec.file.nme == "curl"', 'exec.file.name == 1', 'exec.file.name == "x" && open.flags > 0', 'process.uid == 0', 'exec.file.name in SHELL']) {
      const outcome = compileRule({ id: 'r', expression: text }, { macros });
      const engine = outcome.ok ? [] : outcome.errors.map((error) => [error.code, error.reason, error.span.offset]);
      expect(secl.diagnose(text, context).map((d) => [d.code, d.message, d.range.start]), text).toEqual(engine);
    }
  });

  it('underlines the whole misspelt name and does not complain about an empty field', () => {
    const [error] = secl.diagnose('exec.file.name == "x" && process.file.pth == "/bin/sh"', context);
    expect(error?.range).toEqual({ start: 25, end: 41 });
    expect(secl.diagnose('  ', context)).toEqual([]);
  });

  const fixed = (text: string, index = 0): string => {
    const diagnostic = secl.diagnose(text, context)[index] as Diagnostic;
    const fixes = secl.quickFixes(text, diagnostic, context);
    const preferred = fixes.find((fix) => fix.preferred) ?? fixes[0];
    return preferred ? apply(text, preferred.edits) : text;
  };

  it('fixes misspelt fields, constants and macros, and = for ==', () => {
    expect(fixed('exec.file.name == "x" && process.file.pth == "/bin/sh"')).toBe('exec.file.name == "x" && process.file.path == "/bin/sh"');
    expect(fixed('open.flags & O_CRAET > 0')).toBe('open.flags & O_CREAT > 0');
    expect(fixed('exec.file.name in SHELLZ')).toBe('exec.file.name in SHELLS');
    expect(fixed('exec.file.name = "curl"')).toBe('exec.file.name == "curl"');
    expect(fixed('exec.file.name == "x" && process.ancestors[A].file.nme == "sshd"')).toBe('exec.file.name == "x" && process.ancestors[A].file.name == "sshd"');
    for (const text of ['exec.file.name == "x" && process.file.pth == "/bin/sh"', 'open.flags & O_CRAET > 0', 'exec.file.name = "curl"']) expect(secl.diagnose(fixed(text), context)).toEqual([]);
  });

  it('offers several candidates, the closest first', () => {
    const text = 'exec.file.nme == "curl"';
    const titles = secl.quickFixes(text, secl.diagnose(text, context)[0] as Diagnostic, context).map((fix) => fix.title);
    expect(titles[0]).toBe('Change to exec.file.name');
    expect(titles.length).toBeGreaterThan(1);
  });
});

describe('SECL formatting through the service', () => {
  it('returns one edit for the whole text, or none when it is formatted', () => {
    expect(secl.format('exec.file.name=="x"', context)).toEqual([{ range: { start: 0, end: 19 }, text: 'exec.file.name == "x"' }]);
    expect(secl.format('exec.file.name == "x"', context)).toEqual([]);
  });
});
