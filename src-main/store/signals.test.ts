// Signals in the store: matches grouped by rule, host and key within a window; an event flagged once;
// archived signals stay archived; mutes keep a rule quiet until they expire.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SignalRule } from '../../src-shared/api/domain.ts';
import { CaseStore } from './case-store.ts';
import { signalWindowNs, type NewMatch } from './signals.ts';

const rule = (id: string): SignalRule => ({ id, description: `rule ${id}`, expression: 'exec.file.name == "x"', severity: 'high', tactic: 'TA0002', technique: 'T1059', triage: ['look'], remediation: 'fix', source: { kind: 'workbench', author: null, license: null } });
const t0 = 1_795_000_000_000_000_000;

function setUp() {
  const store = CaseStore.create(join(mkdtempSync(join(tmpdir(), 'wb-signals-')), 'c.wbcase'), 'C', 0);
  const hostId = store.addHost({ name: 'web-01' }, 0);
  let seq = 0;
  // real event rows to point at
  const event = (tsNs: number) => {
    seq++;
    store.insertEvents([{ hostId, streamId: 's', seq, tsNs, type: 'exec', pid: seq, ppid: 1, uid: 0, comm: 'x', executable: '/x', summary: `x ${seq}`, raw: JSON.stringify({ seq, type: 'exec' }) }]);
    return store.queryEvents({ limit: 1000 }).rows.find((row) => row.seq === seq)!.id;
  };
  const match = (ruleId: string, tsNs: number, groupKey = 'root:840@1', eventId = event(tsNs)): NewMatch => ({ rule: rule(ruleId), hostId, groupKey, tsNs, eventId, event: { ts: tsNs, process: { pid: 1, ancestors: [{ pid: 840 }] } }, processSummary: 'x (pid 1)' });
  return { store, hostId, match };
}

describe('signals', () => {
  it('groups matches of a rule on one process tree within the window, and splits them past it', () => {
    const { store, match } = setUp();
    const first = match('r1', t0);
    expect(store.recordMatches([first, match('r1', t0 + 60e9), match('r1', t0 + 30e9, 'root:999@2'), match('r2', t0 + 1e9)], 10)).toEqual({ matched: 4, newSignals: 3, suppressed: 0 });
    const r1 = store.listSignals({ ruleId: 'r1', limit: 10 });
    expect(r1.map((s) => [s.groupKey, s.matchCount])).toEqual([['root:840@1', 2], ['root:999@2', 1]]); // newest first
    expect(store.recordMatches([match('r1', t0 + 60e9 + signalWindowNs + 1e6)], 20).newSignals).toBe(1); // past the window
    const detail = store.getSignal(r1[0]!.id)!;
    expect(detail).toMatchObject({ firstTsNs: t0, lastTsNs: t0 + 60e9, matchCount: 2, status: 'open', rule: { id: 'r1', severity: 'high', technique: 'T1059' } });
    expect(detail.firstEvent).toEqual(first.event);
    expect(detail.matches.map((m) => m.tsNs)).toEqual([t0, t0 + 60e9]);
    // the same event again (a retro-hunt over what ingest saw) changes nothing
    expect(store.recordMatches([first], 30)).toEqual({ matched: 0, newSignals: 0, suppressed: 0 });
    expect(store.getSignal(r1[0]!.id)!.matchCount).toBe(2);
    store.close();
  });

  it('keeps triage: status, assignee and notes; an archived signal is not reopened, a new match starts a new one', () => {
    const { store, match } = setUp();
    const flagged = match('r1', t0);
    store.recordMatches([flagged], 1);
    const [signal] = store.listSignals({ limit: 5 });
    expect(store.updateSignal(signal!.id, { status: 'under_review', assignee: 'alice' }, 2)).toBe(true);
    expect(store.addSignalNote(signal!.id, 'alice', 'the upload form does not check types', 3)).toBe(true);
    expect(store.getSignal(signal!.id)).toMatchObject({ status: 'under_review', assignee: 'alice', notes: [{ author: 'alice', text: 'the upload form does not check types', atMs: 3 }] });
    store.updateSignal(signal!.id, { status: 'archived' }, 4);
    expect(store.recordMatches([flagged], 5).newSignals).toBe(0);
    expect(store.recordMatches([match('r1', t0 + 1e9)], 6).newSignals).toBe(1);
    expect(store.listSignals({ statuses: ['open'], limit: 5 })).toHaveLength(1);
    expect(store.updateSignal(999, { status: 'open' }, 7)).toBe(false);
    store.close();
  });

  it('lets a mute keep a rule quiet on one host until it expires, counting what it kept back', () => {
    const { store, hostId, match } = setUp();
    const mute = store.addMute({ ruleId: 'r1', hostId, reason: 'backup job, known', untilMs: 1000 }, 0);
    expect(store.recordMatches([match('r1', t0), match('r2', t0)], 500)).toEqual({ matched: 1, newSignals: 1, suppressed: 1 });
    expect(store.listMutes(500)).toEqual([{ ...mute, suppressed: 1 }]);
    expect(store.listMutes(1500)[0]!.active).toBe(false);
    expect(store.recordMatches([match('r1', t0 + 1e9)], 1500).newSignals).toBe(1); // expired
    expect(store.removeMute(mute.id)).toBe(true);
    store.close();
  });
});
