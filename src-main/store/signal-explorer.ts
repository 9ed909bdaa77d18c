// What the signals explorer asks of the store beyond the list: facet counts (each facet under every
// other filter, as Datadog counts them), signals over time for the histogram, and bulk triage of a
// selection (status, assignee, mutes for its rules) in one transaction.
import type { FacetCount, RuleMute, Severity, SignalBucket, SignalBulkResult, SignalFacets, SignalHistogram, SignalStatus } from '../../src-shared/api/domain.ts';
import type { Db } from './case-file.ts';
import { selectionWhere, techniqueSql, type SelectionPart, type SignalSelection } from './signal-selection.ts';
import { addMute } from './signals.ts';

const severities: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
/** Selections name signal columns only: counting needs no join (which steers SQLite off the facets index). */
const from = 'FROM signals s';

function facet<V extends string | number>(db: Db, selection: SignalSelection, own: SelectionPart, column: string): Array<FacetCount<V>> {
  const { sql: where, params } = selectionWhere(selection, [own]);
  return db.prepare(`SELECT ${column} AS value, count(*) AS count ${from} ${where} GROUP BY 1 ORDER BY 2 DESC, 1`).all(params) as Array<FacetCount<V>>;
}

/** Facet counts; ATT&CK names are the caller's to add (the store knows ids only). */
export function signalFacets(db: Db, selection: SignalSelection): Omit<SignalFacets, 'attackNames'> & { tactics: string[] } {
  const { sql: where, params } = selectionWhere(selection);
  const total = (db.prepare(`SELECT count(*) AS n ${from} ${where}`).get(params) as { n: number }).n;
  const hostsWhere = selectionWhere(selection, ['hostIds']);
  const hosts = db
    .prepare(`SELECT s.host_id AS value, (SELECT name FROM hosts WHERE id = s.host_id) AS name, count(*) AS count ${from} ${hostsWhere.sql} GROUP BY +s.host_id ORDER BY 3 DESC, 2`)
    .all(hostsWhere.params) as Array<FacetCount<number> & { name: string }>;
  const tacticsWhere = selectionWhere(selection, ['techniques']);
  const tactics = db
    .prepare(`SELECT DISTINCT json_extract(s.rule, '$.tactic') AS tactic ${from} ${tacticsWhere.sql}`)
    .all(tacticsWhere.params) as Array<{ tactic: string | null }>;
  return {
    total,
    severities: facet<Severity>(db, selection, 'severities', 's.severity'),
    statuses: facet<SignalStatus>(db, selection, 'statuses', 's.status'),
    rules: facet<string>(db, selection, 'rules', 's.rule_id'),
    hosts,
    techniques: facet<string>(db, selection, 'techniques', techniqueSql),
    tactics: tactics.map((row) => row.tactic).filter((tactic): tactic is string => typeof tactic === 'string' && tactic !== ''),
  };
}

const second = 1e9;
/** The least span a histogram drawn from the data covers. */
const minSpanNs = 60 * second;
/** Bucket widths a person reads at a glance, from a millisecond to a month. */
const niceBuckets = [
  1e6, 2e6, 5e6, 10e6, 20e6, 50e6, 100e6, 200e6, 500e6,
  second, 2 * second, 5 * second, 10 * second, 15 * second, 30 * second,
  60 * second, 120 * second, 300 * second, 600 * second, 900 * second, 1800 * second,
  3600 * second, 7200 * second, 3 * 3600 * second, 6 * 3600 * second, 12 * 3600 * second,
  86_400 * second, 2 * 86_400 * second, 7 * 86_400 * second, 14 * 86_400 * second, 30 * 86_400 * second,
];

/** The narrowest nice width that covers a span in at most `buckets` buckets. */
export function bucketWidth(spanNs: number, buckets: number): number {
  const wanted = spanNs / buckets;
  return niceBuckets.find((width) => width >= wanted) ?? Math.ceil(wanted / niceBuckets.at(-1)!) * niceBuckets.at(-1)!;
}

/**
 * Signals by when they first fired. The span is the selection's time bounds when it has them, else the
 * signals it matches, widened to whole buckets so the bars line up with round times.
 */
export function signalHistogram(db: Db, selection: SignalSelection, maxBuckets: number): SignalHistogram {
  const untimed = selectionWhere(selection, ['time']);
  const extent = db
    .prepare(`SELECT min(s.first_ts_ns) AS oldest, max(s.first_ts_ns) AS newest ${from} ${untimed.sql}`)
    .get(untimed.params) as { oldest: number | null; newest: number | null };
  let lower = selection.fromNs ?? extent.oldest;
  let upper = selection.toNs ?? extent.newest;
  if (lower === null || upper === null || upper < lower) return { fromNs: null, toNs: null, bucketNs: 0, buckets: [] };
  const bounded = selection.fromNs !== undefined;
  if (selection.fromNs === undefined && selection.toNs === undefined && upper - lower + 1 < minSpanNs) {
    // a burst of signals in one instant gets a minute around it, not one bar across the whole chart
    lower -= Math.floor((minSpanNs - (upper - lower + 1)) / 2);
    upper = lower + minSpanNs - 1;
  }
  let bucketNs = bucketWidth(Math.max(upper - lower + 1, 1e6), maxBuckets);
  // the bounds the person chose stay where they are; a span found from the data starts on a round time
  let start = bounded ? lower : Math.floor(lower / bucketNs) * bucketNs;
  let count = Math.max(1, Math.ceil((upper + 1 - start) / bucketNs));
  if (count > maxBuckets) {
    bucketNs = bucketWidth(upper + 1 - start, maxBuckets - 1);
    start = bounded ? lower : Math.floor(lower / bucketNs) * bucketNs;
    count = Math.max(1, Math.ceil((upper + 1 - start) / bucketNs));
  }
  const last = start + count * bucketNs - 1;
  const { sql: where, params } = selectionWhere({ ...selection, fromNs: Math.max(start, selection.fromNs ?? start), toNs: Math.min(last, selection.toNs ?? last) });
  const rows = db
    .prepare(`SELECT CAST((s.first_ts_ns - @start) / @bucketNs AS INTEGER) AS bucket, s.severity AS severity, count(*) AS n ${from} ${where} GROUP BY 1, 2`)
    .all({ ...params, start, bucketNs }) as Array<{ bucket: number; severity: Severity; n: number }>;
  const buckets: SignalBucket[] = Array.from({ length: count }, (_, index) => ({
    startNs: start + index * bucketNs,
    total: 0,
    bySeverity: Object.fromEntries(severities.map((severity) => [severity, 0])) as Record<Severity, number>,
  }));
  for (const row of rows) {
    const bucket = buckets[Math.min(Math.max(row.bucket, 0), count - 1)]!;
    bucket.total += row.n;
    bucket.bySeverity[row.severity] += row.n;
  }
  return { fromNs: start, toNs: start + count * bucketNs, bucketNs, buckets };
}

export interface BulkChange {
  /** The signals: these ids, or all matching a selection (but the excepted ones). */
  ids?: readonly number[] | undefined;
  matching?: SignalSelection | undefined;
  exceptIds?: readonly number[] | undefined;
  status?: SignalStatus | undefined;
  assignee?: string | undefined;
  mute?: { reason: string; untilMs: number | null; everywhere: boolean } | undefined;
}

/** The SQL naming the signals a bulk change applies to (as ids). */
function targetSql(change: BulkChange): { sql: string; params: Record<string, unknown> } {
  const excepted = change.exceptIds && change.exceptIds.length > 0 ? 'AND s.id NOT IN (SELECT value FROM json_each(@exceptIds))' : '';
  const params: Record<string, unknown> = { exceptIds: JSON.stringify(change.exceptIds ?? []) };
  if (change.ids) {
    return { sql: `SELECT s.id FROM signals s WHERE s.id IN (SELECT value FROM json_each(@ids)) ${excepted}`, params: { ...params, ids: JSON.stringify(change.ids) } };
  }
  const { sql: where, params: selectionParams } = selectionWhere(change.matching ?? {});
  return { sql: `SELECT s.id ${from} ${where || 'WHERE 1'} ${excepted}`, params: { ...params, ...selectionParams } };
}

/** Applies a change to many signals at once; the caller holds the transaction. */
export function bulkUpdateSignals(db: Db, change: BulkChange, nowMs: number): SignalBulkResult {
  // the signals are named once, before anything changes: archiving them must not take them out of
  // a selection the mutes are then read from
  const target = targetSql(change);
  const ids = JSON.stringify(db.prepare(target.sql).pluck().all(target.params));
  let updated = 0;
  if (change.status !== undefined || change.assignee !== undefined) {
    updated = db
      .prepare(`UPDATE signals SET status = coalesce(@status, status), assignee = coalesce(@assignee, assignee), updated_at_ms = @nowMs WHERE id IN (SELECT value FROM json_each(@ids))`)
      .run({ ids, status: change.status ?? null, assignee: change.assignee ?? null, nowMs }).changes;
  }
  const muted: RuleMute[] = [];
  let alreadyMuted = 0;
  if (change.mute) {
    const { reason, untilMs, everywhere } = change.mute;
    const pairs = db
      .prepare(`SELECT DISTINCT s.rule_id AS ruleId, ${everywhere ? 'NULL' : 's.host_id'} AS hostId FROM signals s WHERE s.id IN (SELECT value FROM json_each(@ids)) ORDER BY 1, 2`)
      .all({ ids }) as Array<{ ruleId: string; hostId: number | null }>;
    // an active mute that covers this rule here and lasts at least as long makes another one noise
    const covered = db.prepare(`
      SELECT 1 FROM rule_mutes
      WHERE rule_id = @ruleId AND (host_id IS NULL OR host_id = @hostId)
        AND (until_ms IS NULL OR (until_ms > @nowMs AND @untilMs IS NOT NULL AND until_ms >= @untilMs))
      LIMIT 1`);
    for (const pair of pairs) {
      if (covered.get({ ...pair, nowMs, untilMs })) {
        alreadyMuted++;
        continue;
      }
      muted.push(addMute(db, { ruleId: pair.ruleId, hostId: pair.hostId, reason, untilMs }, nowMs));
    }
  }
  return { updated, muted, alreadyMuted };
}
