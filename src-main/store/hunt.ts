// Stored events, enriched again as ingest enriched them (host, process.parent, process.ancestors from the
// stored process table, as they were), for evaluating rules over history: a retro-hunt.
import type { Db } from './case-file.ts';
import { LineageReader } from './lineage.ts';

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

/**
 * Stored events in time order, each with its lineage, read in chunks (keyset on time and id) so the
 * caller can yield between them: a hunt over millions of events never holds the connection or the app.
 * Lineages are cached per process (a hunt meets each process many times).
 */
export class EventHunt {
  private readonly page;
  private readonly countRange;
  private readonly params: Record<string, unknown> = {};
  private readonly lineages: LineageReader;
  private after = { tsNs: -1, id: -1 };

  constructor(db: Db, range: HuntRange) {
    const where: string[] = [];
    if (range.fromNs !== undefined) {
      where.push('e.ts_ns >= @fromNs');
      this.params['fromNs'] = range.fromNs;
    }
    if (range.toNs !== undefined) {
      where.push('e.ts_ns <= @toNs');
      this.params['toNs'] = range.toNs;
    }
    if (range.hostIds && range.hostIds.length > 0) {
      where.push('e.host_id IN (SELECT value FROM json_each(@hostIds))');
      this.params['hostIds'] = JSON.stringify(range.hostIds);
    }
    const filter = where.length ? `${where.join(' AND ')} AND` : '';
    this.lineages = new LineageReader(db);
    this.page = db.prepare(`SELECT e.id, e.ts_ns, e.host_id, e.pid, e.process_start_ns, e.raw FROM events e
      WHERE ${filter} (e.ts_ns > @afterTs OR (e.ts_ns = @afterTs AND e.id > @afterId)) ORDER BY e.ts_ns, e.id LIMIT @limit`);
    this.countRange = db.prepare(`SELECT count(*) FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`).pluck();
  }

  /** How many events the range holds (for progress). */
  total(): number {
    return this.countRange.get(this.params) as number;
  }

  /** The next events, up to `limit`; an empty list at the end. */
  next(limit: number): HuntedEvent[] {
    const rows = this.page.all({ ...this.params, afterTs: this.after.tsNs, afterId: this.after.id, limit }) as Array<{ id: number; ts_ns: number; host_id: number; pid: number; process_start_ns: number | null; raw: string }>;
    const last = rows.at(-1);
    if (last) this.after = { tsNs: last.ts_ns, id: last.id };
    return rows.map((row) => ({
      eventId: row.id,
      hostId: row.host_id,
      event: this.lineages.enrich(JSON.parse(row.raw) as Record<string, unknown>, row.host_id, row.pid, row.process_start_ns),
    }));
  }
}
