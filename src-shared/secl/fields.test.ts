import { describe, expect, it } from 'vitest';
import { fieldDef, fields, eventTypeNames, isDatadogOnlyField } from './fields.ts';

describe('the field dictionary', () => {
  it('gives every event type at least one field of its own', () => {
    for (const type of eventTypeNames) expect([...fields.values()].some((def) => def.events !== 'all' && def.events.includes(type)), type).toBe(true);
  });

  it('gives every process context the same sub-fields, ancestors as lists', () => {
    for (const prefix of ['process', 'process.parent', 'exec', 'ptrace.tracee', 'signal.target']) {
      expect(fieldDef(`${prefix}.file.path`)).toMatchObject({ type: 'string', path: true });
      expect(fieldDef(`${prefix}.created_at`)?.type).toBe('time');
    }
    expect(fieldDef('process.ancestors.file.name')).toMatchObject({ array: true, iterator: 'process.ancestors' });
    expect(fieldDef('exec.argv')).toMatchObject({ type: 'string', array: true, events: ['exec'] });
  });

  it('documents every field', () => {
    for (const def of fields.values()) expect(def.doc.length, def.name).toBeGreaterThan(5);
  });

  it('knows the Datadog fields it does not provide, apart from misspellings', () => {
    expect(isDatadogOnlyField('process.file.modification_time')).toBe(true);
    expect(isDatadogOnlyField('dns.question.name')).toBe(true);
    expect(isDatadogOnlyField('exec.file.path')).toBe(false);
    expect(isDatadogOnlyField('exec.file.pth')).toBe(false);
  });
});
