// A retro-hunt reads stored events in chunks: every event once, in time order, even across chunks that
// split events of the same instant, each with its lineage from the stored process table.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from './case-store.ts';

describe('reading stored events for a retro-hunt', () => {
  it('gives every event once, in order, across chunks, with its ancestors', () => {
    const store = CaseStore.create(join(mkdtempSync(join(tmpdir(), 'wb-hunt-')), 'c.wbcase'), 'C', 0);
    const hostId = store.addHost({ name: 'web-01' }, 0);
    const parent = { pid: 10, startNs: 5, ppid: 1, parentStartNs: null, uid: 0, comm: 'sshd', executable: '/usr/sbin/sshd', argv: [], cwd: '/', exitNs: null, exitCode: null, context: { user: 'root' } };
    const child = { ...parent, pid: 11, startNs: 6, ppid: 10, parentStartNs: 5, comm: 'bash', executable: '/usr/bin/bash', context: { argv0: '-bash' } };
    // seven events, three of them at the same instant
    const times = [100, 200, 200, 200, 300, 400, 500];
    store.commitBatch({
      hostId,
      streamId: 's',
      events: times.map((ts, i) => ({ hostId, streamId: 's', seq: i + 1, tsNs: ts, type: 'exec', pid: 11, ppid: 10, uid: 0, comm: 'bash', executable: '/usr/bin/bash', summary: `e${i + 1}`, raw: JSON.stringify({ seq: i + 1, type: 'exec', process: { pid: 11 } }), processStartNs: 6 })),
      processes: [parent, child],
      lastSeq: 7,
      nowMs: 0,
    });
    const hunt = store.hunt({ toNs: 450 });
    expect(hunt.total()).toBe(6);
    const seen: number[] = [];
    for (let chunk = hunt.next(2); chunk.length > 0; chunk = hunt.next(2)) seen.push(...chunk.map((h) => h.event['seq'] as number));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    const [first] = store.hunt({}).next(1);
    const process = first!.event['process'] as { parent: { pid: number; user: string }; ancestors: Array<{ pid: number }> };
    expect(process.parent).toMatchObject({ pid: 10, user: 'root', file: { path: '/usr/sbin/sshd' } });
    expect(process.ancestors.map((a) => a.pid)).toEqual([10]);
    store.close();
  });
});
