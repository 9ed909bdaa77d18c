// Stored events, enriched again as ingest enriched them (host, process.parent, process.ancestors from the
// stored process table, as they were), for evaluating rules over history: a retro-hunt.
import type { Db } from './case-file.ts';
import { processFromRow, type ProcessDbRow } from './ingest-batch.ts';
import { processView } from './process-view.ts';

const maxAncestors = 64;

export interface HuntedEvent {
  eventId: number;
  hostId: number;
  event: Record<string, unknown>;
}

export interface HuntRange {
  fromNs?: number | undefined;
  toNs?: number | undefined;
  hostIds?: readonly number[] | undefined;
}

/** Events in time order, each with its lineage; lineages are cached per process (a hunt meets each many times). */
export function* huntEvents(db: Db, range: HuntRange): Generator<HuntedEvent> {
  const findProcess = db.prepare('SELECT * FROM processes WHERE host_id = ? AND pid = ? AND start_ns = ?');
  const lineages = new Map<string, Record<string, unknown>[]>();
  const lineage = (hostId: number, pid: number, startNs: number | null): Record<string, unknown>[] => {
    const key = `${hostId}:${pid}:${startNs}`;
    let ancestors = lineages.get(key);
    if (ancestors) return ancestors;
    ancestors = [];
    const own = startNs === null ? undefined : (findProcess.get(hostId, pid, startNs) as ProcessDbRow | undefined);
    let next = own ? { pid: own.ppid, startNs: own.parent_start_ns } : null;
    const seen = new Set<string>([key]);
    while (next && next.pid > 0 && next.startNs !== null && ancestors.length < maxAncestors) {
      const parentKey = `${hostId}:${next.pid}:${next.startNs}`;
      if (seen.has(parentKey)) break;
      seen.add(parentKey);
      const row = findProcess.get(hostId, next.pid, next.startNs) as ProcessDbRow | undefined;
      if (!row) break;
      ancestors.push(processView(processFromRow(row)));
      next = { pid: row.ppid, startNs: row.parent_start_ns };
    }
    lineages.set(key, ancestors);
    if (lineages.size > 100_000) lineages.clear(); // bounded memory on long hunts
    return ancestors;
  };

  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (range.fromNs !== undefined) {
    where.push('e.ts_ns >= @fromNs');
    params['fromNs'] = range.fromNs;
  }
  if (range.toNs !== undefined) {
    where.push('e.ts_ns <= @toNs');
    params['toNs'] = range.toNs;
  }
  if (range.hostIds && range.hostIds.length > 0) {
    where.push('e.host_id IN (SELECT value FROM json_each(@hostIds))');
    params['hostIds'] = JSON.stringify(range.hostIds);
  }
  const rows = db
    .prepare(`SELECT e.id, e.host_id, e.pid, e.process_start_ns, e.raw FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY e.ts_ns, e.id`)
    .iterate(params) as IterableIterator<{ id: number; host_id: number; pid: number; process_start_ns: number | null; raw: string }>;
  for (const row of rows) {
    const event = JSON.parse(row.raw) as Record<string, unknown>;
    const process = (event['process'] ?? {}) as Record<string, unknown>;
    const ancestors = lineage(row.host_id, row.pid, row.process_start_ns);
    event['process'] = { ...process, parent: ancestors[0] ?? null, ancestors };
    yield { eventId: row.id, hostId: row.host_id, event };
  }
}
