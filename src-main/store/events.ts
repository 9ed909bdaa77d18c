// Event rows: batched inserts that ignore duplicates (a resumed stream may resend what was committed)
// and keyset-paged queries, newest first.
import type { EventCursor, EventPage, EventRow } from '../../src-shared/api/domain.ts';
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

export interface EventFilter {
  hostIds?: number[] | undefined;
  types?: string[] | undefined;
  fromNs?: number | undefined;
  toNs?: number | undefined;
  text?: string | undefined;
  before?: EventCursor | undefined;
  limit: number;
}

interface EventDbRow {
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

export function queryEvents(db: Db, filter: EventFilter): EventPage {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.hostIds && filter.hostIds.length > 0) {
    where.push(`e.host_id IN (SELECT value FROM json_each(@hostIds))`);
    params['hostIds'] = JSON.stringify(filter.hostIds);
  }
  if (filter.types && filter.types.length > 0) {
    where.push(`e.type IN (SELECT value FROM json_each(@types))`);
    params['types'] = JSON.stringify(filter.types);
  }
  if (filter.fromNs !== undefined) {
    where.push('e.ts_ns >= @fromNs');
    params['fromNs'] = filter.fromNs;
  }
  if (filter.toNs !== undefined) {
    where.push('e.ts_ns <= @toNs');
    params['toNs'] = filter.toNs;
  }
  const fts = filter.text === undefined ? null : toFtsQuery(filter.text);
  if (fts !== null) {
    where.push('e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH @fts)');
    params['fts'] = fts;
  }
  const filterSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM events e ${filterSql}`).get(params) as { n: number }).n;

  const pageWhere = [...where];
  if (filter.before) {
    pageWhere.push('(e.ts_ns < @beforeTs OR (e.ts_ns = @beforeTs AND e.id < @beforeId))');
    params['beforeTs'] = filter.before.tsNs;
    params['beforeId'] = filter.before.id;
  }
  params['limit'] = filter.limit + 1;
  const rows = db
    .prepare(
      `SELECT e.*, h.name AS host_name FROM events e JOIN hosts h ON h.id = e.host_id
       ${pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : ''}
       ORDER BY e.ts_ns DESC, e.id DESC LIMIT @limit`,
    )
    .all(params) as EventDbRow[];
  const hasMore = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit).map(toEventRow);
  const last = page.at(-1);
  return { rows: page, next: hasMore && last ? { tsNs: last.tsNs, id: last.id } : null, total };
}

function toEventRow(row: EventDbRow): EventRow {
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
