import { describe, expect, it } from 'vitest';
import { fieldDef } from './fields.ts';
import { defineMacros } from './macros.ts';
import { completeAt, constantsFor, fieldReferenceMarkdown, fieldsFor } from './reference.ts';

const labels = (source: string, macros = defineMacros([])) => completeAt(source, source.length, macros).map((item) => item.label);

describe('the dictionary for the editor and the docs', () => {
  it('lists the fields of an event type, process context included', () => {
    const names = fieldsFor('open').map((def) => def.name);
    expect(names).toContain('open.file.path');
    expect(names).toContain('process.ancestors.file.name');
    expect(names).not.toContain('exec.file.path');
  });

  it('lists the constants that fit a field', () => {
    expect(constantsFor(fieldDef('open.flags') as never)).toContain('O_CREAT');
    expect(constantsFor(fieldDef('process.comm') as never)).toEqual([]);
  });

  it('completes fields of the event type the rule already names', () => {
    expect(labels('open.flags > 0 && open.file.pa')).toEqual(['open.file.path']);
    expect(labels('exec.file.path == "x" && open.file.pa')).toEqual([]);
    expect(labels('exec.file.name == "x" && process.parent.file.n')).toEqual(['process.parent.file.name']);
  });

  it('completes macros, the constants of the field being compared, and keywords', () => {
    expect(labels('exec.file.name in SH', defineMacros([{ id: 'SHELLS', expression: '["sh"]' }]))).toEqual(['SHELLS']);
    expect(labels('open.flags & O_CR')).toEqual(['O_CREAT']);
    expect(labels('ptrace.request in [PTRACE_ATTACH, PTRACE_PO')).toEqual(['PTRACE_POKETEXT', 'PTRACE_POKEDATA', 'PTRACE_POKEUSR']);
    expect(labels('exec.file.name n')).toEqual(['not in', 'not']);
  });

  it('writes a Markdown reference of every field', () => {
    const markdown = fieldReferenceMarkdown();
    expect(markdown).toContain('## connect');
    expect(markdown).toContain('| `connect.addr.ip` | ip |');
    expect(markdown).toContain('| `process.ancestors.file.name` | string list |');
  });
});
