// What the Overview's threats tile reads: signals by severity over time, active ones by severity, the
// busiest rules and hosts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Severity, SignalRule } from '../../src-shared/api/domain.ts';
import { CaseStore } from './case-store.ts';
import type { NewMatch } from './signals.ts';

const s = 1e9;
const t0 = 1_795_183_360_000_000_000; // on a minute boundary

function setUp() {
  const store = CaseStore.create(join(mkdtempSync(join(tmpdir(), 'wb-insights-')), 'c.wbcase'), 'C', 0);
  const hosts = { web: store.addHost({ name: 'web-01' }, 0), db: store.addHost({ name: 'db-01' }, 0) };
  let seq = 0;
  const match = (ruleId: string, severity: Severity, hostId: number, tsNs: number): NewMatch => {
    seq++;
    store.insertEvents([{ hostId, streamId: 's', seq, tsNs, type: 'exec', pid: seq, ppid: 1, uid: 0, comm: 'x', executable: '/x', summary: 'x', raw: '{}' }]);
    const eventId = store.queryEvents({ limit: 1000 }).rows.find((row) => row.seq === seq)!.id;
    const rule: SignalRule = { id: ruleId, description: `${ruleId} happened`, expression: 'true', severity, tactic: null, technique: null, triage: [], remediation: '', source: { kind: 'workbench', author: null, license: null } };
    // a group key per match: each one opens its own signal
    return { rule, hostId, groupKey: `k${seq}`, tsNs, eventId, event: {}, processSummary: 'x' };
  };
  return { store, hosts, match };
}

describe('the threat overview', () => {
  it('stacks signals by severity in clock-aligned buckets, empty ones included', () => {
    const { store, hosts, match } = setUp();
    store.recordMatches(
      [
        match('a', 'critical', hosts.web, t0 + 1 * s),
        match('b', 'high', hosts.web, t0 + 2 * s),
        match('b', 'high', hosts.web, t0 + 3 * s),
        match('c', 'low', hosts.db, t0 + 100 * s),
      ],
      1,
    );
    const { timeline, total } = store.threatOverview({ maxBuckets: 48, top: 5 });
    expect(total).toBe(4);
    expect(timeline!.bucketNs).toBe(5 * s);
    expect(timeline!.buckets).toHaveLength(21); // 0 s … 100 s in 5-second buckets
    expect(timeline!.buckets[0]).toEqual({ startNs: t0, counts: { critical: 1, high: 2, medium: 0, low: 0, info: 0 } });
    expect(timeline!.buckets[20]).toEqual({ startNs: t0 + 100 * s, counts: { critical: 0, high: 0, medium: 0, low: 1, info: 0 } });
    expect(timeline!.buckets.slice(1, 20).every((b) => Object.values(b.counts).every((n) => n === 0))).toBe(true);
    store.close();
  });

  it('counts active signals by severity, rule and host, leaving archived ones to the timeline only', () => {
    const { store, hosts, match } = setUp();
    store.recordMatches([match('a', 'critical', hosts.web, t0), match('b', 'high', hosts.web, t0), match('b', 'high', hosts.db, t0), match('b', 'high', hosts.db, t0), match('c', 'medium', hosts.db, t0)], 1);
    const archived = store.listSignals({ limit: 10 }).find((sig) => sig.rule.id === 'c')!;
    store.updateSignal(archived.id, { status: 'archived' }, 2);
    const under = store.listSignals({ limit: 10 }).find((sig) => sig.rule.id === 'a')!;
    store.updateSignal(under.id, { status: 'under_review' }, 2);
    const overview = store.threatOverview({ maxBuckets: 48, top: 5 });
    expect(overview.total).toBe(5);
    expect(overview.active).toEqual({ critical: 1, high: 3, medium: 0, low: 0, info: 0 });
    expect(overview.topRules).toEqual([
      { ruleId: 'b', description: 'b happened', severity: 'high', count: 3 },
      { ruleId: 'a', description: 'a happened', severity: 'critical', count: 1 },
    ]);
    expect(overview.topHosts.map((h) => [h.hostName, h.count, h.bySeverity.critical, h.bySeverity.high])).toEqual([
      ['db-01', 2, 0, 2],
      ['web-01', 2, 1, 1],
    ]);
    expect(overview.timeline!.buckets[0]!.counts.medium).toBe(1);
    store.close();
  });

  it('has no timeline for a case without signals', () => {
    const { store } = setUp();
    expect(store.threatOverview({ maxBuckets: 48, top: 5 })).toMatchObject({ total: 0, timeline: null, topRules: [], topHosts: [] });
    store.close();
  });

  it('tells the ingest path about the signals a commit opened, once committed', () => {
    const { store, hosts, match } = setUp();
    const heard: Array<[number, string, string]> = [];
    const stop = store.onSignalsCreated((signals) => heard.push(...signals.map((sig): [number, string, string] => [sig.id, sig.rule.id, sig.hostName])));
    store.recordMatches([match('a', 'critical', hosts.web, t0), match('b', 'low', hosts.db, t0)], 1);
    const ids = store.listSignals({ limit: 10 }).map((sig) => sig.id).sort();
    expect(heard.map(([id]) => id).sort()).toEqual(ids);
    expect(heard.map(([, rule, host]) => `${rule}@${host}`).sort()).toEqual(['a@web-01', 'b@db-01']);
    stop();
    store.recordMatches([match('c', 'high', hosts.web, t0)], 2);
    expect(heard).toHaveLength(2);
    store.close();
  });
});
