// Read-only views of a case's signals and network activity for the Overview and the Security Inbox:
// aggregates (by severity, over time, by rule and host), active signals with the event that opened them,
// and the addresses each host talked to.
import type { Severity, SignalSummary } from '../../src-shared/api/domain.ts';
import { chooseBucketNs } from '../../src-shared/charts/time-buckets.ts';
import { emptySeverityCounts, type SignalTimeline, type ThreatOverview } from '../../src-shared/overview/threats.ts';
import type { Db } from './case-file.ts';
import { summaryColumns, summaryOf, type SignalDbRow } from './signals.ts';

const active = `status IN ('open', 'under_review')`;
const severityRankOf = (column: string) => `CASE ${column} WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END`;

export function threatOverview(db: Db, options: { maxBuckets: number; top: number }): ThreatOverview {
  const total = db.prepare('SELECT count(*) FROM signals').pluck().get() as number;
  const activeCounts = emptySeverityCounts();
  for (const row of db.prepare(`SELECT severity, count(*) AS n FROM signals WHERE ${active} GROUP BY severity`).all() as Array<{ severity: Severity; n: number }>) {
    activeCounts[row.severity] = row.n;
  }
  const topRules = (
    db
      .prepare(`
        SELECT rule_id AS ruleId, json_extract(max(rule), '$.description') AS description, max(${severityRankOf('severity')}) AS rank, count(*) AS count
        FROM signals WHERE ${active} GROUP BY rule_id ORDER BY count DESC, rank DESC, rule_id LIMIT ?`)
      .all(options.top) as Array<{ ruleId: string; description: string | null; rank: number; count: number }>
  ).map(({ rank, description, ...rule }) => ({ ...rule, description: description ?? '', severity: severityOfRank(rank) }));
  const hostRows = db
    .prepare(`
      SELECT s.host_id AS hostId, h.name AS hostName, s.severity, count(*) AS n
      FROM signals s JOIN hosts h ON h.id = s.host_id WHERE s.${active} GROUP BY s.host_id, s.severity`)
    .all() as Array<{ hostId: number; hostName: string; severity: Severity; n: number }>;
  const hosts = new Map<number, ThreatOverview['topHosts'][number]>();
  for (const row of hostRows) {
    const host = hosts.get(row.hostId) ?? { hostId: row.hostId, hostName: row.hostName, count: 0, bySeverity: emptySeverityCounts() };
    host.count += row.n;
    host.bySeverity[row.severity] += row.n;
    hosts.set(row.hostId, host);
  }
  const topHosts = [...hosts.values()].sort((a, b) => b.count - a.count || a.hostName.localeCompare(b.hostName)).slice(0, options.top);
  return { total, active: activeCounts, timeline: signalTimeline(db, options.maxBuckets), topRules, topHosts };
}

function severityOfRank(rank: number): Severity {
  return (['info', 'low', 'medium', 'high', 'critical'] as const)[rank] ?? 'info';
}

/** Signals by when they first matched, in clock-aligned buckets, every status. */
function signalTimeline(db: Db, maxBuckets: number): SignalTimeline | null {
  const span = db.prepare('SELECT min(first_ts_ns) AS fromNs, max(first_ts_ns) AS toNs FROM signals').get() as { fromNs: number | null; toNs: number | null };
  if (span.fromNs === null || span.toNs === null) return null;
  const bucketNs = chooseBucketNs(span.fromNs, span.toNs, maxBuckets);
  // bucket indexes are small integers: SQLite's integer division is exact where a double's would not be
  const rows = db
    .prepare('SELECT first_ts_ns / CAST(@bucketNs AS INTEGER) AS bucket, severity, count(*) AS n FROM signals GROUP BY bucket, severity')
    .all({ bucketNs }) as Array<{ bucket: number; severity: Severity; n: number }>;
  const first = Math.floor(span.fromNs / bucketNs);
  const last = Math.floor(span.toNs / bucketNs);
  const buckets = Array.from({ length: last - first + 1 }, (_, i) => ({ startNs: (first + i) * bucketNs, counts: emptySeverityCounts() }));
  for (const row of rows) {
    const bucket = buckets[row.bucket - first];
    if (bucket) bucket.counts[row.severity] += row.n;
  }
  return { bucketNs, buckets };
}

export interface ActiveSignal extends SignalSummary {
  /** The first matching event, enriched as the rule saw it. */
  firstEvent: Record<string, unknown>;
}

/** Signals still to deal with, worst and newest first, with the event that opened each. */
export function activeSignals(db: Db, limit: number): { signals: ActiveSignal[]; total: number } {
  const total = db.prepare(`SELECT count(*) FROM signals WHERE ${active}`).pluck().get() as number;
  const rows = db
    .prepare(`
      SELECT ${summaryColumns}, s.first_event
      FROM signals s JOIN hosts h ON h.id = s.host_id
      WHERE s.${active} ORDER BY ${severityRankOf('s.severity')} DESC, s.last_ts_ns DESC, s.id DESC LIMIT ?`)
    .all(limit) as Array<SignalDbRow & { first_event: string }>;
  return { signals: rows.map((row) => ({ ...summaryOf(row), firstEvent: JSON.parse(row.first_event) as Record<string, unknown> })), total };
}

/** Active signals per host. */
export function activeSignalsByHost(db: Db): Map<number, number> {
  const rows = db.prepare(`SELECT host_id AS hostId, count(*) AS n FROM signals WHERE ${active} GROUP BY host_id`).all() as Array<{ hostId: number; n: number }>;
  return new Map(rows.map((row) => [row.hostId, row.n]));
}

export interface NetworkPeer {
  hostId: number;
  /** connect: the host reached out to it; accept: it reached the host; bind: the host listens on it. */
  type: 'connect' | 'accept' | 'bind';
  ip: string;
  port: number | null;
  count: number;
}

/**
 * The distinct addresses the network events with ids in (afterId, uptoId] connected to, accepted from or
 * bound to, per host, with how often. Read by id range so a big case is read in steps, and a case that
 * grew only for what is new.
 */
export function networkPeers(db: Db, afterId: number, uptoId: number): NetworkPeer[] {
  // NOT INDEXED: the rowid range is the narrowest way in (the type index would walk every network event)
  return db
    .prepare(`
      SELECT host_id AS hostId, type, ip, port, count(*) AS count FROM (
        SELECT host_id, type,
          CASE type WHEN 'connect' THEN json_extract(raw, '$.connect.addr.ip') WHEN 'accept' THEN json_extract(raw, '$.accept.addr.ip') ELSE json_extract(raw, '$.bind.addr.ip') END AS ip,
          CASE type WHEN 'connect' THEN json_extract(raw, '$.connect.addr.port') WHEN 'accept' THEN json_extract(raw, '$.accept.addr.port') ELSE json_extract(raw, '$.bind.addr.port') END AS port
        FROM events NOT INDEXED WHERE id > @afterId AND id <= @uptoId AND type IN ('connect', 'accept', 'bind')
      ) WHERE ip IS NOT NULL GROUP BY host_id, type, ip, port`)
    .all({ afterId, uptoId }) as NetworkPeer[];
}

/** The newest event's id, and the hosts' ids: what says whether events were added or taken away. */
export function eventWatermark(db: Db): { maxEventId: number; hostIds: string } {
  return db.prepare("SELECT coalesce((SELECT max(id) FROM events), 0) AS maxEventId, coalesce((SELECT group_concat(id) FROM hosts), '') AS hostIds").get() as { maxEventId: number; hostIds: string };
}
