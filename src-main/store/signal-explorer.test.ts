// The signals explorer's queries in the store, over the exec events of the demo recordings and rules
// as the bundled pack and a Sigma import shape them: every sort and page of the list, filters, facets
// counted as Datadog counts them, the histogram, bulk triage in one transaction, saved views. Expected
// values come from the full list, filtered and sorted here in plain TypeScript.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Severity, SignalRule, SignalSortKey, SignalSummary } from '../../src-shared/api/domain.ts';
import { caseApplicationId } from './case-file.ts';
import { CaseStore } from './case-store.ts';
import { migrations } from './migrations.ts';
import { bucketWidth } from './signal-explorer.ts';
import type { SignalSelection } from './signal-selection.ts';

const demoDir = resolve(import.meta.dirname, '..', '..', 'resources', 'demo');

const workbench = { kind: 'workbench', author: null, license: null } as const;
const rules: SignalRule[] = [
  { id: 'web_server_spawned_shell', description: 'A web server process started a shell: the usual first step after a web shell or an injection.', expression: 'exec.file.name in SHELLS && process.ancestors.file.name in WEB_SERVERS', severity: 'high', tactic: 'TA0002', technique: 'T1059.004', triage: ['Read the command line.'], remediation: 'Remove the web shell.', source: workbench },
  { id: 'password_hashes_read', description: 'A process read /etc/shadow, where the password hashes are kept (100% of such reads matter).', expression: 'open.file.path == "/etc/shadow"', severity: 'critical', tactic: 'TA0006', technique: 'T1003.008', triage: ['Who read it?'], remediation: 'Rotate passwords.', source: workbench },
  { id: 'cron_file_written', description: 'A cron file was written: a common way to persist.', expression: 'open.file.path =~ "/etc/cron.d/*"', severity: 'medium', tactic: 'TA0003', technique: 'T1053.003', triage: ['Read the file.'], remediation: 'Delete it.', source: workbench },
  { id: 'proc_creation_lnx_base64_decode', description: 'Detects base64 decoding on the command line, as droppers do.', expression: 'exec.args =~ "*base64 -d*"', severity: 'low', tactic: 'TA0005', technique: 'T1027', triage: [], remediation: '', source: { kind: 'sigma', author: 'Florian Roth (Nextron Systems)', license: 'DRL-1.1' } },
  { id: 'custom_tool_run', description: 'A tool the team watches for was run.', expression: 'exec.file.name == "nc"', severity: 'info', tactic: null, technique: null, triage: [], remediation: '', source: { kind: 'custom', author: null, license: null } },
];

/** An event as the sensor wrote it (a type, not an interface: it is also a Record<string, unknown>). */
type Recorded = {
  seq: number;
  ts: number;
  type: string;
  process: { pid: number; ppid: number; uid: number; user: string; comm: string; argv0: string; args: string; file: { path: string } };
};

function execEvents(file: string): Recorded[] {
  return readFileSync(join(demoDir, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded)
    .filter((event) => event.type === 'exec');
}

let store: CaseStore;
let hosts: Record<string, number>;

/** One signal per exec event of the recordings, rules taken in turn, seven minutes apart. */
function setUp(): void {
  store = CaseStore.create(join(mkdtempSync(join(tmpdir(), 'wb-explorer-')), 'c.wbcase'), 'C', 0);
  hosts = { 'web-01': store.addHost({ name: 'web-01' }, 0), 'db-01': store.addHost({ name: 'db-01' }, 0) };
  let n = 0;
  for (const [name, file] of [['web-01', 'web-01.ndjson'], ['db-01', 'db-01.ndjson']] as const) {
    const hostId = hosts[name]!;
    const events = execEvents(file);
    store.insertEvents(events.map((event) => ({ hostId, streamId: 'demo', seq: event.seq, tsNs: event.ts, type: 'exec', pid: event.process.pid, ppid: event.process.ppid, uid: event.process.uid, comm: event.process.comm, executable: event.process.file.path, summary: `${event.process.argv0} ${event.process.args}`.trim(), raw: JSON.stringify(event) })));
    const ids = new Map(store.queryEvents({ hostIds: [hostId], limit: 1000 }).rows.map((row) => [row.seq, row.id]));
    const matches = events.map((event) => {
      const rule = rules[n % rules.length]!;
      const tsNs = event.ts + n++ * 7 * 60e9;
      return { rule, hostId, groupKey: `${event.process.user}:${event.process.pid}`, tsNs, eventId: ids.get(event.seq)!, event, processSummary: `${event.process.argv0} ${event.process.args}`.trim() + ` (pid ${event.process.pid})` };
    });
    store.recordMatches(matches, 1);
  }
  const all = everything();
  // some triage already done
  all.slice(0, 4).forEach((signal) => store.updateSignal(signal.id, { status: 'archived', assignee: 'bob' }, 2));
  all.slice(4, 7).forEach((signal) => store.updateSignal(signal.id, { status: 'under_review', assignee: 'alice' }, 2));
}

function everything(): SignalSummary[] {
  return store.listSignals({ limit: 100_000 });
}

const severityRank: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const statusRank = { open: 0, under_review: 1, archived: 2 };
const sortValue: Record<SignalSortKey, (s: SignalSummary) => string | number> = {
  severity: (s) => severityRank[s.rule.severity],
  rule: (s) => s.rule.id,
  host: (s) => s.hostName,
  technique: (s) => s.rule.technique ?? '',
  status: (s) => statusRank[s.status],
  assignee: (s) => s.assignee,
  firstSeen: (s) => s.firstTsNs,
  lastSeen: (s) => s.lastTsNs,
  matches: (s) => s.matchCount,
};

function sorted(list: SignalSummary[], key: SignalSortKey, order: 'asc' | 'desc'): number[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...list]
    .sort((a, b) => {
      const [x, y] = [sortValue[key](a), sortValue[key](b)];
      return sign * (x < y ? -1 : x > y ? 1 : a.id - b.id);
    })
    .map((s) => s.id);
}

function matches(s: SignalSummary, selection: SignalSelection): boolean {
  const has = <T>(values: readonly T[] | undefined, value: T) => !values || values.length === 0 || values.includes(value);
  const text = `${s.rule.id}\n${s.rule.description}\n${s.processSummary}`.toLowerCase();
  return (
    has(selection.statuses, s.status) &&
    has(selection.severities as readonly string[] | undefined, s.rule.severity) &&
    has(selection.hostIds, s.hostId) &&
    has(selection.ruleIds, s.rule.id) &&
    (!selection.ruleId || selection.ruleId === s.rule.id) &&
    has(selection.techniques, s.rule.technique ?? '') &&
    (selection.text ?? '').toLowerCase().split(/\s+/).filter(Boolean).every((word) => text.includes(word)) &&
    (selection.fromNs === undefined || s.firstTsNs >= selection.fromNs) &&
    (selection.toNs === undefined || s.firstTsNs <= selection.toNs)
  );
}

function countBy<V>(list: SignalSummary[], value: (s: SignalSummary) => V): Map<V, number> {
  const counts = new Map<V, number>();
  for (const s of list) counts.set(value(s), (counts.get(value(s)) ?? 0) + 1);
  return counts;
}

beforeEach(setUp);

describe('the signals list', () => {
  it('sorts by every column both ways, and pages by keyset and skip through the same order', () => {
    const all = everything();
    expect(all.length).toBeGreaterThan(20);
    for (const key of Object.keys(sortValue) as SignalSortKey[]) {
      for (const order of ['asc', 'desc'] as const) {
        const expected = sorted(all, key, order);
        expect(store.listSignals({ sort: key, order, limit: 1000 }).map((s) => s.id), `${key} ${order}`).toEqual(expected);
        // pages of 7 after the last row of the previous one
        const paged: number[] = [];
        let after: number | undefined;
        for (;;) {
          const page = store.listSignals({ sort: key, order, after, limit: 7 });
          paged.push(...page.map((s) => s.id));
          if (page.length < 7) break;
          after = page.at(-1)!.id;
        }
        expect(paged, `${key} ${order} by keyset`).toEqual(expected);
        // a jump: pass over 5 rows after the 3rd
        expect(store.listSignals({ sort: key, order, after: expected[2], skip: 5, limit: 4 }).map((s) => s.id)).toEqual(expected.slice(8, 12));
      }
    }
  });

  it('filters by words of the rule, description or process, technique (or none), time and facets, and counts the same', () => {
    const all = everything();
    const middle = all[Math.floor(all.length / 2)]!.firstTsNs;
    const selections: SignalSelection[] = [
      { text: 'WEB shell' },
      { text: '100%' }, // % is a character here, not a wildcard
      { text: 'pid_' },
      { text: 'sudo' },
      { techniques: [''] },
      { techniques: ['T1059.004', 'T1027'], statuses: ['open'] },
      { fromNs: middle },
      { toNs: middle, hostIds: [hosts['db-01']!] },
      { severities: ['critical', 'info'], ruleIds: ['password_hashes_read', 'custom_tool_run', 'cron_file_written'] },
      { ruleId: 'cron_file_written', statuses: ['archived', 'under_review'] },
    ];
    for (const selection of selections) {
      const expected = all.filter((s) => matches(s, selection)).map((s) => s.id);
      expect(store.listSignals({ ...selection, limit: 1000 }).map((s) => s.id), JSON.stringify(selection)).toEqual(expected);
      expect(store.countSignals(selection)).toBe(expected.length);
    }
    expect(store.countSignals({ text: 'WEB shell' })).toBeGreaterThan(0);
    expect(store.countSignals({ text: '100%' })).toBe(all.filter((s) => s.rule.id === 'password_hashes_read').length);
    expect(store.countSignals({ text: 'pid_' })).toBe(0);
  });
});

describe('facets', () => {
  it('counts each facet under every other filter but not its own', () => {
    const all = everything();
    const selection: SignalSelection = { statuses: ['open'], severities: ['high', 'critical'], hostIds: [hosts['web-01']!], techniques: ['T1059.004'], text: 'a' };
    const facets = store.signalFacets(selection);
    const others = (omit: keyof SignalSelection) => all.filter((s) => matches(s, { ...selection, [omit]: undefined }));
    expect(facets.total).toBe(all.filter((s) => matches(s, selection)).length);
    expect(new Map(facets.statuses.map((f) => [f.value, f.count]))).toEqual(countBy(others('statuses'), (s) => s.status));
    expect(new Map(facets.severities.map((f) => [f.value, f.count]))).toEqual(countBy(others('severities'), (s) => s.rule.severity));
    expect(new Map(facets.hosts.map((f) => [f.value, f.count]))).toEqual(countBy(others('hostIds'), (s) => s.hostId));
    expect(new Map(facets.techniques.map((f) => [f.value, f.count]))).toEqual(countBy(others('techniques'), (s) => s.rule.technique ?? ''));
    expect(new Map(facets.rules.map((f) => [f.value, f.count]))).toEqual(countBy(all.filter((s) => matches(s, selection)), (s) => s.rule.id));
    expect(facets.hosts.map((f) => f.name)).toEqual(['web-01']);
    // the technique facet offers more than the one chosen: what choosing another would add
    expect(facets.techniques.length).toBeGreaterThan(1);
    expect(facets.tactics).toContain('TA0002');
    // biggest first
    for (const list of [facets.rules, facets.techniques]) expect(list.map((f) => f.count)).toEqual([...list.map((f) => f.count)].sort((a, b) => b - a));
  });

  it('counts the signals whose rule names no technique under the empty technique', () => {
    const facets = store.signalFacets({});
    expect(facets.techniques.find((f) => f.value === '')?.count).toBe(everything().filter((s) => s.rule.technique === null).length);
  });
});

describe('the histogram', () => {
  it('puts every selected signal in the bucket of when it first fired, in round buckets', () => {
    const selection: SignalSelection = { statuses: ['open'] };
    const histogram = store.signalHistogram(selection, 60);
    const open = everything().filter((s) => s.status === 'open');
    expect(histogram.buckets.length).toBeLessThanOrEqual(60);
    expect(histogram.buckets.reduce((sum, b) => sum + b.total, 0)).toBe(open.length);
    expect(histogram.fromNs! % histogram.bucketNs).toBe(0);
    expect(histogram.toNs).toBe(histogram.fromNs! + histogram.buckets.length * histogram.bucketNs);
    for (const signal of open) {
      const bucket = histogram.buckets.find((b) => b.startNs <= signal.firstTsNs && signal.firstTsNs < b.startNs + histogram.bucketNs)!;
      expect(bucket.total).toBeGreaterThan(0);
    }
    const bySeverity = countBy(open, (s) => s.rule.severity);
    for (const severity of ['critical', 'high', 'medium', 'low', 'info'] as const) {
      expect(histogram.buckets.reduce((sum, b) => sum + b.bySeverity[severity], 0)).toBe(bySeverity.get(severity) ?? 0);
    }
  });

  it('spans the chosen time range as given, and counts what the list shows there', () => {
    const all = everything();
    const fromNs = all.at(-5)!.firstTsNs;
    const toNs = all[4]!.firstTsNs;
    const histogram = store.signalHistogram({ fromNs, toNs }, 30);
    expect(histogram.fromNs).toBe(fromNs);
    expect(histogram.toNs!).toBeGreaterThan(toNs);
    expect(histogram.buckets.length).toBeLessThanOrEqual(30);
    expect(histogram.buckets.reduce((sum, b) => sum + b.total, 0)).toBe(store.countSignals({ fromNs, toNs }));
    expect(store.signalHistogram({ hostIds: [999] }, 30)).toEqual({ fromNs: null, toNs: null, bucketNs: 0, buckets: [] });
  });

  it('draws a burst of signals in one instant as narrow bars in a minute around it', () => {
    // one signal: its rule on its process
    const alone = everything()
      .map((s): SignalSelection => ({ ruleIds: [s.rule.id], text: s.processSummary.slice(s.processSummary.lastIndexOf('(pid')) }))
      .find((selection) => store.countSignals(selection) === 1)!;
    const histogram = store.signalHistogram(alone, 60);
    expect(histogram.toNs! - histogram.fromNs!).toBeGreaterThanOrEqual(60e9);
    expect(histogram.buckets.length).toBeGreaterThan(30);
    expect(histogram.buckets.filter((b) => b.total > 0)).toHaveLength(1);
    const bar = histogram.buckets.findIndex((b) => b.total > 0);
    expect(bar).toBeGreaterThan(10); // in the middle, not on an edge
    expect(bar).toBeLessThan(histogram.buckets.length - 10);
  });

  it('picks the narrowest round bucket that fits', () => {
    expect(bucketWidth(160e9, 60)).toBe(5e9);
    expect(bucketWidth(3 * 3600e9, 60)).toBe(300e9);
    expect(bucketWidth(1e6, 60)).toBe(1e6);
  });
});

describe('bulk triage', () => {
  it('sets status and assignee of the listed signals, or of all matching but the excepted', () => {
    const open = store.listSignals({ statuses: ['open'], limit: 1000 });
    const three = open.slice(0, 3).map((s) => s.id);
    expect(store.bulkUpdateSignals({ ids: three, status: 'archived' }, 10)).toEqual({ updated: 3, muted: [], alreadyMuted: 0 });
    expect(store.listSignals({ statuses: ['archived'], limit: 1000 }).map((s) => s.id)).toEqual(expect.arrayContaining(three));
    expect(store.countSignals({ statuses: ['open'] })).toBe(open.length - 3);

    const selection: SignalSelection = { statuses: ['open'], hostIds: [hosts['web-01']!] };
    const target = store.listSignals({ ...selection, limit: 1000 });
    const kept = target[0]!.id;
    const result = store.bulkUpdateSignals({ matching: selection, exceptIds: [kept], assignee: 'carol' }, 11);
    expect(result.updated).toBe(target.length - 1);
    const after = new Map(everything().map((s) => [s.id, s]));
    for (const s of target) expect(after.get(s.id)!.assignee).toBe(s.id === kept ? s.assignee : 'carol');
    expect(after.get(three[0]!)!.assignee).not.toBe('carol'); // archived: not in the selection
  });

  it('mutes the rules of the selection on their hosts or everywhere, once', () => {
    const all = everything();
    const picked = all.filter((s) => s.rule.id === 'web_server_spawned_shell' || s.rule.id === 'cron_file_written');
    const pairs = new Set(picked.map((s) => `${s.rule.id}@${s.hostId}`));
    const first = store.bulkUpdateSignals({ ids: picked.map((s) => s.id), mute: { reason: 'admin scripts', untilMs: 5000, everywhere: false } }, 100);
    expect(first.updated).toBe(0);
    expect(new Set(first.muted.map((m) => `${m.ruleId}@${m.hostId}`))).toEqual(pairs);
    expect(first.muted.every((m) => m.reason === 'admin scripts' && m.untilMs === 5000 && m.active)).toBe(true);
    // the same again changes nothing; a longer one is added
    expect(store.bulkUpdateSignals({ ids: picked.map((s) => s.id), mute: { reason: 'again', untilMs: 4000, everywhere: false } }, 101)).toMatchObject({ muted: [], alreadyMuted: pairs.size });
    const everywhere = store.bulkUpdateSignals({ ids: picked.map((s) => s.id), status: 'archived', mute: { reason: 'noise', untilMs: null, everywhere: true } }, 102);
    expect(everywhere.updated).toBe(picked.length);
    expect(everywhere.muted.map((m) => [m.ruleId, m.hostId]).sort()).toEqual([['cron_file_written', null], ['web_server_spawned_shell', null]]);
    expect(store.listMutes(103)).toHaveLength(pairs.size + 2);
  });

  it('mutes the rules of all signals matching a filter while archiving them, the selection read before either', () => {
    const selection: SignalSelection = { statuses: ['open'], ruleIds: ['password_hashes_read'] };
    const target = store.listSignals({ ...selection, limit: 1000 });
    expect(target.length).toBeGreaterThan(0);
    const result = store.bulkUpdateSignals({ matching: selection, status: 'archived', mute: { reason: 'pentest window', untilMs: null, everywhere: false } }, 10);
    expect(result.updated).toBe(target.length);
    expect(new Set(result.muted.map((m) => `${m.ruleId}@${m.hostId}`))).toEqual(new Set(target.map((s) => `password_hashes_read@${s.hostId}`)));
    expect(store.countSignals(selection)).toBe(0);
  });

  it('changes nothing when any part fails', () => {
    const open = store.listSignals({ statuses: ['open'], limit: 1000 });
    // a mute without a reason breaks the rule_mutes NOT NULL after the status change ran
    expect(() => store.bulkUpdateSignals({ ids: open.map((s) => s.id), status: 'archived', mute: { reason: null as unknown as string, untilMs: null, everywhere: true } }, 10)).toThrow();
    expect(store.countSignals({ statuses: ['open'] })).toBe(open.length);
    expect(store.listMutes(10)).toEqual([]);
  });
});

describe('a case from before the explorer', () => {
  it('gains saved views and counts the techniques of the signals it already had', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'wb-explorer-old-')), 'old.wbcase');
    const db = new Database(path);
    for (const migration of migrations.filter((m) => m.version < 8)) db.exec(migration.sql);
    db.pragma(`application_id = ${caseApplicationId}`);
    db.pragma('user_version = 7');
    db.prepare("INSERT INTO hosts (id, name, added_at_ms) VALUES (1, 'web-01', 0)").run();
    const insert = db.prepare(`INSERT INTO signals (rule_id, host_id, group_key, severity, rule, first_event, process, first_ts_ns, last_ts_ns, match_count, created_at_ms, updated_at_ms)
      VALUES (?, 1, 'k', ?, ?, '{}', 'sh', 1, 1, 1, 0, 0)`);
    for (const rule of rules) insert.run(rule.id, rule.severity, JSON.stringify(rule));
    db.close();
    const old = CaseStore.open(path);
    expect(old.schemaVersion).toBeGreaterThanOrEqual(8);
    expect(new Map(old.signalFacets({}).techniques.map((f) => [f.value, f.count]))).toEqual(countBy(old.listSignals({ limit: 100 }), (s) => s.rule.technique ?? ''));
    expect(old.saveView({ page: 'signals', name: 'all', query: 'status=all' }, 1).name).toBe('all');
    old.close();
  });
});

describe('saved views', () => {
  it('keeps named filters in the case file, replacing a view of the same name', () => {
    const first = store.saveView({ page: 'signals', name: 'Open on web', query: 'host=1&status=open' }, 1);
    store.saveView({ page: 'signals', name: 'Critical', query: 'severity=critical' }, 2);
    const replaced = store.saveView({ page: 'signals', name: 'open on WEB', query: 'host=1' }, 3);
    expect(replaced).toMatchObject({ id: first.id, name: 'open on WEB', query: 'host=1', createdAtMs: 1, updatedAtMs: 3 });
    const path = store.path;
    store.close();
    store = CaseStore.open(path);
    expect(store.listViews('signals').map((v) => [v.name, v.query])).toEqual([['Critical', 'severity=critical'], ['open on WEB', 'host=1']]);
    expect(store.removeView(first.id)).toBe(true);
    expect(store.removeView(first.id)).toBe(false);
    expect(store.listViews('signals').map((v) => v.name)).toEqual(['Critical']);
  });
});
