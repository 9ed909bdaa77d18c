// Security signals: rule matches grouped by (rule, host, group key) within a window, with their triage
// state (status, assignee, notes) and the mutes that keep a rule quiet. Matches are recorded inside the
// caller's transaction, so a batch of events and the signals it raised commit together.
import type { EventRow, RuleMute, SignalDetail, SignalNote, SignalRule, SignalSortKey, SignalStatus, SignalSummary } from '../../src-shared/api/domain.ts';
import type { Db } from './case-file.ts';
import { selectionWhere, techniqueSql, type SignalSelection } from './signal-selection.ts';

/** Matches more than this apart start a new signal (Datadog groups within a window too). */
export const signalWindowNs = 3600 * 1_000_000_000;
const maxMatchesShown = 500;

export interface NewMatch {
  rule: SignalRule;
  hostId: number;
  groupKey: string;
  tsNs: number;
  eventId: number;
  /** The enriched event: stored with the signal when it is the first match. */
  event: Record<string, unknown>;
  processSummary: string;
}

/** A signal as it is first recorded: what a notification of it needs, without another query. */
export interface CreatedSignal {
  id: number;
  rule: SignalRule;
  hostId: number;
  hostName: string;
  processSummary: string;
  firstTsNs: number;
}

export interface MatchOutcome {
  matched: number;
  newSignals: number;
  suppressed: number;
}

export interface SignalFilter extends SignalSelection {
  /** Last seen, newest first, unless told otherwise; ties go by id the same way. */
  sort?: SignalSortKey | undefined;
  order?: 'asc' | 'desc' | undefined;
  /** Keyset paging: only the signals past this one's place in the order. */
  after?: number | undefined;
  skip?: number | undefined;
  limit: number;
}

/** What each sort key orders by: ranks for severity and status, so "descending" means most severe, most done. */
const sortSql: Record<SignalSortKey, string> = {
  severity: `CASE s.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END`,
  rule: 's.rule_id',
  host: 'h.name',
  technique: techniqueSql,
  status: `CASE s.status WHEN 'open' THEN 0 WHEN 'under_review' THEN 1 ELSE 2 END`,
  assignee: 's.assignee',
  firstSeen: 's.first_ts_ns',
  lastSeen: 's.last_ts_ns',
  matches: 's.match_count',
};

export interface SignalDbRow {
  id: number;
  rule: string;
  host_id: number;
  host_name: string;
  group_key: string;
  process: string;
  first_ts_ns: number;
  last_ts_ns: number;
  match_count: number;
  status: SignalStatus;
  assignee: string;
}

export function summaryOf(row: SignalDbRow): SignalSummary {
  return {
    id: row.id,
    rule: JSON.parse(row.rule) as SignalRule,
    hostId: row.host_id,
    hostName: row.host_name,
    groupKey: row.group_key,
    processSummary: row.process,
    firstTsNs: row.first_ts_ns,
    lastTsNs: row.last_ts_ns,
    matchCount: row.match_count,
    status: row.status,
    assignee: row.assignee,
  };
}

export const summaryColumns = `s.id, s.rule, s.host_id, h.name AS host_name, s.group_key, s.process, s.first_ts_ns, s.last_ts_ns,
  s.match_count, s.status, s.assignee`;

/** Records matches; the caller holds the transaction. Signals it opens are added to `created` when given. */
export function recordMatches(db: Db, matches: readonly NewMatch[], nowMs: number, created?: CreatedSignal[]): MatchOutcome {
  const outcome: MatchOutcome = { matched: 0, newSignals: 0, suppressed: 0 };
  if (matches.length === 0) return outcome;
  const mute = db.prepare(`
    SELECT id FROM rule_mutes
    WHERE rule_id = ? AND (host_id IS NULL OR host_id = ?) AND (until_ms IS NULL OR until_ms > ?)
    ORDER BY id LIMIT 1`);
  const countSuppressed = db.prepare('UPDATE rule_mutes SET suppressed = suppressed + 1 WHERE id = ?');
  // the signal this match belongs to: same rule, host and key, not archived, within the window of it
  const findSignal = db.prepare(`
    SELECT id FROM signals
    WHERE rule_id = @ruleId AND host_id = @hostId AND group_key = @groupKey AND status != 'archived'
      AND first_ts_ns - @window <= @tsNs AND @tsNs <= last_ts_ns + @window
    ORDER BY last_ts_ns DESC LIMIT 1`);
  const addMatch = db.prepare('INSERT OR IGNORE INTO signal_matches (signal_id, event_id) VALUES (?, ?)');
  // an event a rule already flagged (in any signal, archived ones too) never raises that rule again
  const seen = db.prepare('SELECT 1 FROM signal_matches m JOIN signals s ON s.id = m.signal_id WHERE m.event_id = ? AND s.rule_id = ? LIMIT 1');
  const widen = db.prepare(`
    UPDATE signals SET match_count = match_count + 1, first_ts_ns = min(first_ts_ns, @tsNs),
      last_ts_ns = max(last_ts_ns, @tsNs), updated_at_ms = @nowMs
    WHERE id = @id`);
  const newSignal = db.prepare(`
    INSERT INTO signals (rule_id, host_id, group_key, severity, rule, first_event, process, first_ts_ns, last_ts_ns, match_count, created_at_ms, updated_at_ms)
    VALUES (@ruleId, @hostId, @groupKey, @severity, @rule, @event, @process, @tsNs, @tsNs, 1, @nowMs, @nowMs)`);
  const hostName = db.prepare('SELECT name FROM hosts WHERE id = ?');
  for (const match of matches) {
    const muted = mute.get(match.rule.id, match.hostId, nowMs) as { id: number } | undefined;
    if (muted) {
      countSuppressed.run(muted.id);
      outcome.suppressed++;
      continue;
    }
    if (seen.get(match.eventId, match.rule.id)) continue;
    const key = { ruleId: match.rule.id, hostId: match.hostId, groupKey: match.groupKey, tsNs: match.tsNs, window: signalWindowNs };
    const existing = findSignal.get(key) as { id: number } | undefined;
    if (existing) {
      addMatch.run(existing.id, match.eventId);
      widen.run({ id: existing.id, tsNs: match.tsNs, nowMs });
    } else {
      const inserted = newSignal.run({
        ...key,
        severity: match.rule.severity,
        rule: JSON.stringify(match.rule),
        event: JSON.stringify(match.event),
        process: match.processSummary,
        nowMs,
      });
      addMatch.run(inserted.lastInsertRowid, match.eventId);
      outcome.newSignals++;
      if (created) {
        const host = hostName.get(match.hostId) as { name: string } | undefined;
        created.push({ id: Number(inserted.lastInsertRowid), rule: match.rule, hostId: match.hostId, hostName: host?.name ?? `host ${match.hostId}`, processSummary: match.processSummary, firstTsNs: match.tsNs });
      }
    }
    outcome.matched++;
  }
  return outcome;
}

export function listSignals(db: Db, filter: SignalFilter): SignalSummary[] {
  const { sql: where, params } = selectionWhere(filter);
  const key = sortSql[filter.sort ?? 'lastSeen'];
  const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
  const conditions = where ? [where.slice('WHERE '.length)] : [];
  if (filter.after !== undefined) {
    // the cursor is a signal: its place is read back, so a client needs no sort values of its own
    conditions.push(`(${key}, s.id) ${direction === 'DESC' ? '<' : '>'} (SELECT ${key}, s.id FROM signals s JOIN hosts h ON h.id = s.host_id WHERE s.id = @after)`);
    params['after'] = filter.after;
  }
  const rows = db
    .prepare(`SELECT ${summaryColumns} FROM signals s JOIN hosts h ON h.id = s.host_id
      ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
      ORDER BY ${key} ${direction}, s.id ${direction} LIMIT @limit OFFSET @skip`)
    .all({ ...params, limit: filter.limit, skip: filter.skip ?? 0 }) as SignalDbRow[];
  return rows.map(summaryOf);
}

export function countSignals(db: Db, selection: SignalSelection): number {
  const { sql: where, params } = selectionWhere(selection);
  return (db.prepare(`SELECT count(*) AS n FROM signals s ${where}`).get(params) as { n: number }).n;
}

export function getSignal(db: Db, id: number): SignalDetail | null {
  const row = db.prepare(`SELECT ${summaryColumns}, s.first_event FROM signals s JOIN hosts h ON h.id = s.host_id WHERE s.id = ?`).get(id) as
    | (SignalDbRow & { first_event: string })
    | undefined;
  if (!row) return null;
  const matches = db
    .prepare(`
      SELECT e.id, e.host_id, h.name AS host_name, e.seq, e.ts_ns, e.type, e.pid, e.ppid, e.uid, e.comm, e.executable, e.summary, e.raw
      FROM signal_matches m JOIN events e ON e.id = m.event_id JOIN hosts h ON h.id = e.host_id
      WHERE m.signal_id = ? ORDER BY e.ts_ns, e.id LIMIT ${maxMatchesShown}`)
    .all(id) as Array<{ id: number; host_id: number; host_name: string; seq: number; ts_ns: number; type: string; pid: number; ppid: number; uid: number; comm: string; executable: string; summary: string; raw: string }>;
  const notes = db.prepare('SELECT id, at_ms AS atMs, author, text FROM signal_notes WHERE signal_id = ? ORDER BY at_ms, id').all(id) as SignalNote[];
  return {
    ...summaryOf(row),
    firstEvent: JSON.parse(row.first_event) as Record<string, unknown>,
    matches: matches.map(
      (m): EventRow => ({ id: m.id, hostId: m.host_id, hostName: m.host_name, seq: m.seq, tsNs: m.ts_ns, type: m.type, pid: m.pid, ppid: m.ppid, uid: m.uid, comm: m.comm, executable: m.executable, summary: m.summary, raw: JSON.parse(m.raw) as Record<string, unknown> }),
    ),
    notes,
  };
}

/** Changes status and assignee; false when there is no such signal. */
export function updateSignal(db: Db, id: number, change: { status?: SignalStatus | undefined; assignee?: string | undefined }, nowMs: number): boolean {
  const result = db
    .prepare(`UPDATE signals SET status = coalesce(@status, status), assignee = coalesce(@assignee, assignee), updated_at_ms = @nowMs WHERE id = @id`)
    .run({ id, status: change.status ?? null, assignee: change.assignee ?? null, nowMs });
  return result.changes > 0;
}

export function addSignalNote(db: Db, id: number, author: string, text: string, nowMs: number): boolean {
  if (!db.prepare('SELECT 1 FROM signals WHERE id = ?').get(id)) return false;
  db.prepare('INSERT INTO signal_notes (signal_id, at_ms, author, text) VALUES (?, ?, ?, ?)').run(id, nowMs, author, text);
  db.prepare('UPDATE signals SET updated_at_ms = ? WHERE id = ?').run(nowMs, id);
  return true;
}

export function listMutes(db: Db, nowMs: number): RuleMute[] {
  const rows = db
    .prepare('SELECT id, rule_id AS ruleId, host_id AS hostId, reason, until_ms AS untilMs, created_at_ms AS createdAtMs, suppressed FROM rule_mutes ORDER BY id')
    .all() as Array<Omit<RuleMute, 'active'>>;
  return rows.map((row) => ({ ...row, active: row.untilMs === null || row.untilMs > nowMs }));
}

export function addMute(db: Db, mute: { ruleId: string; hostId: number | null; reason: string; untilMs: number | null }, nowMs: number): RuleMute {
  const result = db
    .prepare('INSERT INTO rule_mutes (rule_id, host_id, reason, until_ms, created_at_ms) VALUES (?, ?, ?, ?, ?)')
    .run(mute.ruleId, mute.hostId, mute.reason, mute.untilMs, nowMs);
  return { id: Number(result.lastInsertRowid), ...mute, createdAtMs: nowMs, suppressed: 0, active: mute.untilMs === null || mute.untilMs > nowMs };
}

export function removeMute(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM rule_mutes WHERE id = ?').run(id).changes > 0;
}
