import { describe, expect, it } from 'vitest';
import { flattenEvent } from './flatten.ts';

describe('an event flattened for the detail pane', () => {
  it('names every field with its SECL path, the event family before the process', () => {
    const fields = flattenEvent({
      seq: 31,
      ts: 1795183382004245800,
      type: 'open',
      process: { pid: 23024, file: { path: '/usr/bin/curl', name: 'curl' }, argv: ['-so', '/tmp/.x/kworkerd'], container: { id: '' } },
      open: { file: { path: '/tmp/.x/kworkerd' }, flags: 577, retval: 3 },
      host: 'web-01',
    });
    expect(fields).toEqual([
      { name: 'type', value: 'open' },
      { name: 'ts', value: 1795183382004245800 },
      { name: 'seq', value: 31 },
      { name: 'host', value: 'web-01' },
      { name: 'open.file.path', value: '/tmp/.x/kworkerd' },
      { name: 'open.flags', value: 577 },
      { name: 'open.retval', value: 3 },
      { name: 'process.pid', value: 23024 },
      { name: 'process.file.path', value: '/usr/bin/curl' },
      { name: 'process.file.name', value: 'curl' },
      { name: 'process.argv', value: ['-so', '/tmp/.x/kworkerd'] },
      { name: 'process.container.id', value: '' },
    ]);
  });

  it('keeps empty objects and arrays, and indexes arrays of objects', () => {
    expect(flattenEvent({ type: 'snapshot', snapshot: {}, process: { argv: [], ancestors: [{ pid: 1 }, { pid: 612, comm: 'sshd' }] } })).toEqual([
      { name: 'type', value: 'snapshot' },
      { name: 'snapshot', value: {} },
      { name: 'process.argv', value: [] },
      { name: 'process.ancestors[0].pid', value: 1 },
      { name: 'process.ancestors[1].pid', value: 612 },
      { name: 'process.ancestors[1].comm', value: 'sshd' },
    ]);
  });

  it('does not trip over a hostile event whose type names no family or a prototype key', () => {
    const fields = flattenEvent(JSON.parse('{"type":"__proto__","__proto__":{"x":1},"constructor":"y"}') as Record<string, unknown>);
    expect(fields).toEqual([
      { name: 'type', value: '__proto__' },
      { name: '__proto__.x', value: 1 },
      { name: 'constructor', value: 'y' },
    ]);
  });
});
