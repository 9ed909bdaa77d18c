// The process table gives each event its lineage as it was at the event. Events of one process share the
// lineage objects while nothing changed (rules then read them once), so sharing must never show an event
// a lineage from another moment.
import { describe, expect, it } from 'vitest';
import { ProcessTable } from './process-table.ts';

type Json = Record<string, unknown>;

let ts = 1_000;
type ProcessEvent = Json & { process: Json & { pid: number; ppid: number } };

function processEvent(type: string, pid: number, ppid: number, comm: string, extra: Json = {}): ProcessEvent {
  ts += 1;
  const process = { pid, ppid, created_at: pid * 10, comm, uid: 0, file: { path: `/usr/bin/${comm}` }, argv: [comm] };
  return { seq: ts, ts, type, process, ...extra };
}

function ancestorNames(event: Json): string[] {
  const process = event['process'] as { ancestors: { file: { name: string } }[] };
  return process.ancestors.map((ancestor) => ancestor.file.name);
}

describe('the process table', () => {
  it('shares one frozen lineage among the events of a process while nothing changes', () => {
    const table = new ProcessTable();
    for (const event of [processEvent('fork', 100, 1, 'sshd'), processEvent('fork', 200, 100, 'bash'), processEvent('fork', 300, 200, 'make')]) table.observe(event);
    const first = table.enrich(processEvent('open', 300, 200, 'make'), 'web-01');
    const second = table.enrich(processEvent('open', 300, 200, 'make'), 'web-01');
    expect(ancestorNames(first)).toEqual(['bash', 'sshd']);
    const lineage = (event: Json) => (event['process'] as Json)['ancestors'];
    expect(lineage(second)).toBe(lineage(first));
    expect(Object.isFrozen(lineage(first))).toBe(true);
    expect(() => ((lineage(first) as Json[])[0] as Json)['comm'] = 'changed').toThrow(TypeError);
  });

  it('gives the next event the new image after an ancestor execs, and leaves the earlier event as it was', () => {
    const table = new ProcessTable();
    for (const event of [processEvent('fork', 100, 1, 'sshd'), processEvent('fork', 200, 100, 'bash'), processEvent('fork', 300, 200, 'sleep')]) table.observe(event);
    const before = table.enrich(processEvent('open', 300, 200, 'sleep'), 'web-01');
    table.observe(processEvent('exec', 200, 100, 'python3', { exec: { file: { path: '/usr/bin/python3' }, argv: ['python3', '-c', 'x'] } }));
    const after = table.enrich(processEvent('open', 300, 200, 'sleep'), 'web-01');
    expect(ancestorNames(before)).toEqual(['bash', 'sshd']);
    expect(ancestorNames(after)).toEqual(['python3', 'sshd']);
    expect((after['process'] as Json)['parent']).toMatchObject({ argv: ['python3', '-c', 'x'] });
  });

  it('stops at a cycle of parents a hostile host reports, and does not change the event it enriches', () => {
    const table = new ProcessTable();
    for (const event of [processEvent('fork', 400, 500, 'a'), processEvent('fork', 500, 400, 'b')]) table.observe(event);
    const event = processEvent('open', 400, 500, 'a');
    const copy = structuredClone(event);
    expect(ancestorNames(table.enrich(event, 'web-01'))).toEqual(['b']);
    expect(event).toEqual(copy);
  });
});
