// Events kept by a predicate no index can answer (a SECL expression): SQL narrows the candidates (type,
// hosts, time, text, a cursor), then each candidate is read in time order, given its lineage as a
// retro-hunt gives it, and kept when the predicate says so. A scan stops as soon as its page is full,
// and otherwise at its budget, saying where it stopped: the caller goes on from there in another call,
// so no call holds the database (or the app) for long, and a caller that no longer wants the answer
// simply does not ask again.
import type { EventCursor, EventOrder, EventRow } from '../../src-shared/api/domain.ts';
import type { Db } from './case-file.ts';
import { addCursors, selectionSql, toEventRow, type EventDbRow, type EventFilter } from './events.ts';
import { LineageReader } from './lineage.ts';

export interface ScanBudget {
  /** Stop after reading this many candidates. */
  maxScanned?: number | undefined;
  /** Stop after about this long, checked between chunks of candidates. */
  maxMs?: number | undefined;
}

export interface ScanRequest extends Omit<EventFilter, 'count' | 'limit'> {
  /** Matches to return (page) or to count up to before stopping (count: then `more` says so). */
  limit: number;
  /** page: the matching rows; count: only how many match. */
  mode: 'page' | 'count';
  /** The test each candidate, enriched, must pass. */
  match(event: Record<string, unknown>): boolean;
  /** Adds process.parent and process.ancestors before testing, when the predicate reads them (null: it does not). */
  lineage: LineageReader | null;
}

export interface ScanOutcome {
  /** The matching rows, in order (page mode; empty when counting). */
  rows: EventRow[];
  /** Matches found past `skip` (page mode: rows.length), at most `limit`. */
  matched: number;
  /** More matches follow the ones returned: a page's next page, or a count past its limit. */
  more: boolean;
  /** Matches passed over for `skip`. */
  skipped: number;
  /** Candidates read. */
  scanned: number;
  /** The budget ran out first: the place of the last candidate read, to go on from (in the request's order). */
  stoppedAt: EventCursor | null;
}

const chunkSize = 500;

export function scanEvents(db: Db, request: ScanRequest, budget: ScanBudget = {}): ScanOutcome {
  const outcome: ScanOutcome = { rows: [], matched: 0, more: false, skipped: 0, scanned: 0, stoppedAt: null };
  // hosts and types are added here, not by selectionSql: a list of them in an IN makes SQLite sort the
  // whole selection for every chunk, where one type (or host) walks its own time index in order
  const sql = selectionSql(db, { fromNs: request.fromNs, toNs: request.toNs, text: request.text });
  if (sql.ftsMatches === 0) return outcome;
  addCursors(sql, request);
  const types = request.types ?? [];
  const hosts = request.hostIds ?? [];
  if (types.length === 1) {
    sql.where.push('e.type = @scanType');
    sql.params['scanType'] = types[0];
  } else if (types.length > 1) {
    sql.where.push('+e.type IN (SELECT value FROM json_each(@scanTypes))');
    sql.params['scanTypes'] = JSON.stringify(types);
  }
  if (hosts.length === 1 && types.length !== 1) {
    sql.where.push('e.host_id = @scanHost');
    sql.params['scanHost'] = hosts[0];
  } else if (hosts.length > 0) {
    sql.where.push('+e.host_id IN (SELECT value FROM json_each(@scanHosts))');
    sql.params['scanHosts'] = JSON.stringify(hosts);
  }
  const order: EventOrder = request.order ?? 'desc';
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const past = order === 'asc' ? '>' : '<';
  const head = `SELECT e.*, h.name AS host_name FROM events e JOIN hosts h ON h.id = e.host_id`;
  const tail = `ORDER BY e.ts_ns ${direction}, e.id ${direction} LIMIT @chunk`;
  const first = db.prepare(`${head} ${sql.where.length > 0 ? `WHERE ${sql.where.join(' AND ')}` : ''} ${tail}`);
  const onward = db.prepare(`${head} WHERE ${[...sql.where, `(e.ts_ns, e.id) ${past} (@scanTs, @scanId)`].join(' AND ')} ${tail}`);
  const started = performance.now();
  const maxScanned = Math.max(1, budget.maxScanned ?? Number.POSITIVE_INFINITY);
  const maxMs = budget.maxMs ?? Number.POSITIVE_INFINITY;
  let toSkip = request.skip ?? 0;
  let last: EventCursor | null = null;

  for (;;) {
    const chunk = Math.min(chunkSize, maxScanned - outcome.scanned);
    const params = { ...sql.params, chunk, ...(last ? { scanTs: last.tsNs, scanId: last.id } : {}) };
    const rows = (last ? onward : first).all(params) as Array<EventDbRow & { process_start_ns: number | null }>;
    for (const row of rows) {
      outcome.scanned++;
      last = { tsNs: row.ts_ns, id: row.id };
      const raw = JSON.parse(row.raw) as Record<string, unknown>;
      const event = request.lineage ? request.lineage.enrich(raw, row.host_id, row.pid, row.process_start_ns) : raw;
      let matches = false;
      try {
        matches = request.match(event);
      } catch {
        // events come from hosts that may be compromised: one the predicate cannot read does not match
      }
      if (!matches) continue;
      if (toSkip > 0) {
        toSkip--;
        outcome.skipped++;
        continue;
      }
      if (outcome.matched === request.limit) {
        outcome.more = true;
        return outcome;
      }
      outcome.matched++;
      if (request.mode === 'page') outcome.rows.push({ ...toEventRow({ ...row, raw: 'null' }), raw });
    }
    if (rows.length < chunk) return outcome; // the selection ends here
    if (outcome.scanned >= maxScanned || performance.now() - started >= maxMs) {
      outcome.stoppedAt = last;
      return outcome;
    }
  }
}

/** One stored event as a rule sees it (with its lineage), beside its row; null when there is no such event. */
export function eventWithLineage(db: Db, id: number): { row: EventRow; event: Record<string, unknown> } | null {
  const row = db.prepare('SELECT e.*, h.name AS host_name FROM events e JOIN hosts h ON h.id = e.host_id WHERE e.id = ?').get(id) as (EventDbRow & { process_start_ns: number | null }) | undefined;
  if (!row) return null;
  const eventRow = toEventRow(row);
  return { row: eventRow, event: new LineageReader(db).enrich(eventRow.raw, row.host_id, row.pid, row.process_start_ns) };
}
