// Signals related to one signal: the others of its host that were active within a window (an hour) of
// it, as an analyst walks from one step of an intrusion to the next.
import type { SignalSummary } from '../../src-shared/api/domain.ts';
import type { Db } from './case-file.ts';
import { summaryColumns, summaryOf, type SignalDbRow } from './signals.ts';

const maxRelated = 200;

/** Other signals of the same host whose span comes within `windowNs` of this one's, oldest first; null when there is no such signal. */
export function relatedSignals(db: Db, id: number, windowNs: number): SignalSummary[] | null {
  const signal = db.prepare('SELECT host_id, first_ts_ns, last_ts_ns FROM signals WHERE id = ?').get(id) as { host_id: number; first_ts_ns: number; last_ts_ns: number } | undefined;
  if (!signal) return null;
  const rows = db
    .prepare(
      `SELECT ${summaryColumns}
       FROM signals s JOIN hosts h ON h.id = s.host_id
       WHERE s.host_id = @hostId AND s.id != @id AND s.first_ts_ns <= @to AND s.last_ts_ns >= @from
       ORDER BY s.first_ts_ns, s.id LIMIT ${maxRelated}`,
    )
    .all({ hostId: signal.host_id, id, from: signal.first_ts_ns - windowNs, to: signal.last_ts_ns + windowNs }) as SignalDbRow[];
  return rows.map(summaryOf);
}
