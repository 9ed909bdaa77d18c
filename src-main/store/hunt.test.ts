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

  it('completes the traced process of a ptrace and the target of a signal from the stored table, as ingest does', () => {
    const store = CaseStore.create(join(mkdtempSync(join(tmpdir(), 'wb-hunt-')), 'c.wbcase'), 'C', 0);
    const hostId = store.addHost({ name: 'web-01' }, 0);
    const sshd = { pid: 612, startNs: 5, ppid: 1, parentStartNs: null, uid: 0, comm: 'sshd', executable: '/usr/sbin/sshd', argv: ['-D'], cwd: '/', exitNs: null, exitCode: null, context: { user: 'root' } };
    // an earlier process with the same pid, gone before: never the one meant
    const earlier = { ...sshd, startNs: 1, exitNs: 2, comm: 'cron', executable: '/usr/sbin/cron' };
    const tool = { ...sshd, pid: 700, startNs: 50, ppid: 1, uid: 33, comm: 'gdb', executable: '/usr/bin/gdb', context: {} };
    const raw = (seq: number, extra: Record<string, unknown>) => JSON.stringify({ seq, ts: 100 + seq, type: Object.keys(extra)[0], process: { pid: 700 }, ...extra });
    store.commitBatch({
      hostId,
      streamId: 's',
      events: [
        { hostId, streamId: 's', seq: 1, tsNs: 101, type: 'ptrace', pid: 700, ppid: 1, uid: 33, comm: 'gdb', executable: '/usr/bin/gdb', summary: 'ptrace', raw: raw(1, { ptrace: { request: 16, tracee: { pid: 612 } } }), processStartNs: 50 },
        { hostId, streamId: 's', seq: 2, tsNs: 102, type: 'signal', pid: 700, ppid: 1, uid: 33, comm: 'gdb', executable: '/usr/bin/gdb', summary: 'kill', raw: raw(2, { signal: { type: 9, target: { pid: 9999 } } }), processStartNs: 50 },
      ],
      processes: [earlier, sshd, tool],
      lastSeq: 2,
      nowMs: 0,
    });
    const [traced, killed] = store.hunt({}).next(10).map((h) => h.event);
    expect((traced!['ptrace'] as { tracee: unknown }).tracee).toMatchObject({ pid: 612, comm: 'sshd', file: { path: '/usr/sbin/sshd', name: 'sshd' }, user: 'root' });
    expect((killed!['signal'] as { target: unknown }).target).toEqual({ pid: 9999 });
    store.close();
  });
});
