// Signals related to one signal: the others of its host that were active within a window (an hour) of
// it, as an analyst walks from one step of an intrusion to the next.
import type { SignalRule, SignalStatus, SignalSummary } from '../../src-shared/api/domain.ts';
import type { Db } from './case-file.ts';

const maxRelated = 200;

interface RelatedDbRow {
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

/** Other signals of the same host whose span comes within `windowNs` of this one's, oldest first; null when there is no such signal. */
export function relatedSignals(db: Db, id: number, windowNs: number): SignalSummary[] | null {
  const signal = db.prepare('SELECT host_id, first_ts_ns, last_ts_ns FROM signals WHERE id = ?').get(id) as { host_id: number; first_ts_ns: number; last_ts_ns: number } | undefined;
  if (!signal) return null;
  const rows = db
    .prepare(
      `SELECT s.id, s.rule, s.host_id, h.name AS host_name, s.group_key, s.process, s.first_ts_ns, s.last_ts_ns, s.match_count, s.status, s.assignee
       FROM signals s JOIN hosts h ON h.id = s.host_id
       WHERE s.host_id = @hostId AND s.id != @id AND s.first_ts_ns <= @to AND s.last_ts_ns >= @from
       ORDER BY s.first_ts_ns, s.id LIMIT ${maxRelated}`,
    )
    .all({ hostId: signal.host_id, id, from: signal.first_ts_ns - windowNs, to: signal.last_ts_ns + windowNs }) as RelatedDbRow[];
  return rows.map((row) => ({
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
  }));
}
