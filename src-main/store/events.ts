// Event rows: batched inserts that ignore duplicates (a resumed stream may resend what was committed)
// and keyset-paged queries in time order (newest first unless asked otherwise).
import type { EventCount, EventCursor, EventFacets, EventOrder, EventPage, EventRow } from '../../src-shared/api/domain.ts';
import type { Db } from './case-file.ts';

export interface NewEvent {
  hostId: number;
  streamId: string;
  seq: number;
  tsNs: number;
  type: string;
  pid: number;
  ppid: number;
  uid: number;
  comm: string;
  executable: string;
  summary: string;
  raw: string;
}

/** Which events: every part is optional and the parts combine with AND. */
export interface EventSelection {
  hostIds?: number[] | undefined;
  types?: string[] | undefined;
  fromNs?: number | undefined;
  toNs?: number | undefined;
  text?: string | undefined;
}

export interface EventBounds {
  /** Only events older than this one (before it in time, then id). */
  before?: EventCursor | undefined;
  /** Only events newer than this one. */
  after?: EventCursor | undefined;
}

/** One page of a selection, in time order, after a cursor (keyset paging). */
export interface EventFilter extends EventSelection, EventBounds {
  /** By time, ties by id in the same direction; newest first by default. */
  order?: EventOrder | undefined;
  /** Rows to pass over before the page starts, counted from the cursor (or the start). */
  skip?: number | undefined;
  /** Count the whole selection into `total` (the default); false leaves `total` null. */
  count?: boolean | undefined;
  limit: number;
}

export interface EventDbRow {
  id: number;
  host_id: number;
  host_name: string;
  seq: number;
  ts_ns: number;
  type: string;
  pid: number;
  ppid: number;
  uid: number;
  comm: string;
  executable: string;
  summary: string;
  raw: string;
}

/** Inserts in one transaction; returns how many rows were new. */
export function insertEvents(db: Db, events: readonly NewEvent[]): number {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO events (host_id, stream_id, seq, ts_ns, type, pid, ppid, uid, comm, executable, summary, raw)
    VALUES (@hostId, @streamId, @seq, @tsNs, @type, @pid, @ppid, @uid, @comm, @executable, @summary, @raw)`);
  const run = db.transaction((rows: readonly NewEvent[]) => {
    let added = 0;
    for (const row of rows) added += insert.run(row).changes;
    return added;
  });
  return run(events);
}

/**
 * Words become quoted FTS5 prefix phrases joined by AND, so user text can never be FTS5 syntax (no column
 * filters, no NEAR, no syntax errors from a stray quote).
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .split(/\s+/)
    .map((word) => word.replaceAll('"', ''))
    .filter((word) => word.length > 0);
  if (words.length === 0) return null;
  // Each word is a prefix, so results follow the user's typing.
  return words.map((word) => `"${word}"*`).join(' AND ');
}

/**
 * Above this many full-text matches, looking every match up and sorting them costs more than walking a
 * time index until the page is full (measured on a generated 1 M-event case: ~3.5 µs a match against
 * 25-50 ms for the walk).
 */
const ftsLookupLimit = 5000;

export interface SelectionSql {
  where: string[];
  params: Record<string, unknown>;
  /** Full-text matches, counted when the selection has text; 0 means nothing can match. */
  ftsMatches: number | null;
}

export function selectionSql(db: Db, selection: EventSelection): SelectionSql {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (selection.hostIds && selection.hostIds.length > 0) {
    where.push('e.host_id IN (SELECT value FROM json_each(@hostIds))');
    params['hostIds'] = JSON.stringify(selection.hostIds);
  }
  if (selection.types && selection.types.length > 0) {
    where.push('e.type IN (SELECT value FROM json_each(@types))');
    params['types'] = JSON.stringify(selection.types);
  }
  if (selection.fromNs !== undefined) {
    where.push('e.ts_ns >= @fromNs');
    params['fromNs'] = selection.fromNs;
  }
  if (selection.toNs !== undefined) {
    where.push('e.ts_ns <= @toNs');
    params['toNs'] = selection.toNs;
  }
  const fts = selection.text === undefined ? null : toFtsQuery(selection.text);
  let ftsMatches: number | null = null;
  if (fts !== null) {
    ftsMatches = (db.prepare('SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH ?').get(fts) as { n: number }).n;
    // `+e.id` keeps SQLite from looking up every match by rowid, so it walks a time index instead
    where.push(`${ftsMatches > ftsLookupLimit ? '+' : ''}e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH @fts)`);
    params['fts'] = fts;
  }
  return { where, params, ftsMatches };
}

/** Keeps only the events past a cursor: before it (older) and/or after it (newer). */
export function addCursors(sql: SelectionSql, bounds: EventBounds): void {
  if (bounds.before) {
    sql.where.push('(e.ts_ns, e.id) < (@beforeTs, @beforeId)');
    sql.params['beforeTs'] = bounds.before.tsNs;
    sql.params['beforeId'] = bounds.before.id;
  }
  if (bounds.after) {
    sql.where.push('(e.ts_ns, e.id) > (@afterTs, @afterId)');
    sql.params['afterTs'] = bounds.after.tsNs;
    sql.params['afterId'] = bounds.after.id;
  }
}

/**
 * How many events a selection holds (only those past a cursor, when one is given: where a row sits in
 * the list), counting at most `cap` of them when a cap is given.
 */
export function countEvents(db: Db, selection: EventSelection & EventBounds, cap?: number): EventCount {
  const sql = selectionSql(db, selection);
  addCursors(sql, selection);
  return countSelection(db, sql, cap);
}

export function getEvent(db: Db, id: number): EventRow | null {
  const row = db.prepare('SELECT e.*, h.name AS host_name FROM events e JOIN hosts h ON h.id = e.host_id WHERE e.id = ?').get(id) as EventDbRow | undefined;
  return row ? toEventRow(row) : null;
}

function countSelection(db: Db, sql: SelectionSql, cap?: number): EventCount {
  const onlyText = sql.ftsMatches !== null && sql.where.length === 1;
  let total: number;
  if (sql.ftsMatches === 0) total = 0;
  else if (onlyText) total = sql.ftsMatches!; // the index counts its own matches: no row is read
  else {
    const filterSql = sql.where.length > 0 ? `WHERE ${sql.where.join(' AND ')}` : '';
    // a bare count(*) walks the smallest index fastest; a cap only pays when a filter makes counting slow
    const query =
      cap === undefined || sql.where.length === 0
        ? `SELECT count(*) AS n FROM events e ${filterSql}`
        : `SELECT count(*) AS n FROM (SELECT 1 FROM events e ${filterSql} LIMIT ${Math.floor(cap) + 1})`;
    total = (db.prepare(query).get(sql.params) as { n: number }).n;
  }
  if (cap !== undefined && total > cap) return { total: cap, capped: true };
  return { total, capped: false };
}

export function queryEvents(db: Db, filter: EventFilter): EventPage {
  const sql = selectionSql(db, filter);
  const total = filter.count === false ? null : countSelection(db, sql).total;
  if (sql.ftsMatches === 0) return { rows: [], next: null, total };
  addCursors(sql, filter);
  const { where } = sql;
  const params: Record<string, unknown> = { ...sql.params, limit: filter.limit + 1, skip: filter.skip ?? 0 };
  const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
  // Ids first, from an index, then only the page's rows: sorting whole rows (with their raw JSON) of a
  // big selection is what makes a page slow.
  const rows = db
    .prepare(
      `WITH page AS MATERIALIZED (
         SELECT e.id, e.ts_ns FROM events e ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY e.ts_ns ${direction}, e.id ${direction} LIMIT @limit OFFSET @skip)
       SELECT e.*, h.name AS host_name FROM page JOIN events e ON e.id = page.id JOIN hosts h ON h.id = e.host_id
       ORDER BY page.ts_ns ${direction}, page.id ${direction}`,
    )
    .all(params) as EventDbRow[];
  const hasMore = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit).map(toEventRow);
  const last = page.at(-1);
  return { rows: page, next: hasMore && last ? { tsNs: last.tsNs, id: last.id } : null, total };
}

/** The event types present (a skip-scan of the type index: one probe per type, not per event). */
export function eventTypes(db: Db): string[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE t(type) AS (
         SELECT min(type) FROM events
         UNION ALL SELECT (SELECT min(type) FROM events WHERE type > t.type) FROM t WHERE t.type IS NOT NULL)
       SELECT type FROM t WHERE type IS NOT NULL`,
    )
    .all() as Array<{ type: string }>;
  return rows.map((row) => row.type);
}

/** What the explorer's filters offer: the types present and the time span of the case. */
export function eventFacets(db: Db): EventFacets {
  // two subqueries, so each is one probe of the time index
  const span = db.prepare('SELECT (SELECT min(ts_ns) FROM events) AS oldest, (SELECT max(ts_ns) FROM events) AS newest').get() as { oldest: number | null; newest: number | null };
  return { types: eventTypes(db), oldestNs: span.oldest, newestNs: span.newest };
}

export function toEventRow(row: EventDbRow): EventRow {
  return {
    id: row.id,
    hostId: row.host_id,
    hostName: row.host_name,
    seq: row.seq,
    tsNs: row.ts_ns,
    type: row.type,
    pid: row.pid,
    ppid: row.ppid,
    uid: row.uid,
    comm: row.comm,
    executable: row.executable,
    summary: row.summary,
    raw: JSON.parse(row.raw) as Record<string, unknown>,
  };
}
