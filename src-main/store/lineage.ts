// A stored event's lineage, as ingest gave it to the rules: process.parent and process.ancestors rebuilt
// from the stored process table (processes keyed by host, pid and start time, so a reused pid never
// borrows another process's ancestry). Retro-hunts and SECL queries over stored events both read events
// through this, so a rule sees the same event in either, and the same as it saw at ingest.
import type { Db } from './case-file.ts';
import { processFromRow, type ProcessDbRow } from './ingest-batch.ts';
import { processView } from './process-view.ts';

const maxAncestors = 64;
/** Lineages kept per reader: a long read meets each process many times, but memory stays bounded. */
const maxCached = 100_000;

export class LineageReader {
  private readonly findProcess;
  private readonly findAliveAt;
  private readonly lineages = new Map<string, Record<string, unknown>[]>();

  constructor(db: Db) {
    this.findProcess = db.prepare('SELECT * FROM processes WHERE host_id = ? AND pid = ? AND start_ns = ?');
    // the process that had this pid at that time: the newest one started by then
    this.findAliveAt = db.prepare('SELECT * FROM processes WHERE host_id = ? AND pid = ? AND start_ns <= ? AND (exit_ns IS NULL OR exit_ns >= ?) ORDER BY start_ns DESC LIMIT 1');
  }

  /** The event with process.parent and process.ancestors added (a shallow copy: the stored event is not changed). */
  enrich(event: Record<string, unknown>, hostId: number, pid: number, startNs: number | null): Record<string, unknown> {
    const process = (event['process'] ?? {}) as Record<string, unknown>;
    const ancestors = this.ancestors(hostId, pid, startNs);
    const enriched: Record<string, unknown> = { ...event, process: { ...process, parent: ancestors[0] ?? null, ancestors } };
    // the traced process of a ptrace and the target of a signal, as ingest completes them (the sensor sends their pid)
    for (const [key, role] of [['ptrace', 'tracee'], ['signal', 'target']] as const) {
      const outer = event[key];
      if (outer === null || typeof outer !== 'object' || Array.isArray(outer)) continue;
      const given = (outer as Record<string, unknown>)[role];
      const targetPid = given !== null && typeof given === 'object' ? (given as Record<string, unknown>)['pid'] : undefined;
      const ts = event['ts'];
      if (typeof targetPid !== 'number' || typeof ts !== 'number') continue;
      const row = this.findAliveAt.get(hostId, targetPid, ts, ts) as ProcessDbRow | undefined;
      if (row) enriched[key] = { ...(outer as Record<string, unknown>), [role]: { ...processView(processFromRow(row)), ...(given as Record<string, unknown>) } };
    }
    return enriched;
  }

  /** The process's ancestors, parent first, as far as the process table knows them. */
  ancestors(hostId: number, pid: number, startNs: number | null): Record<string, unknown>[] {
    const key = `${hostId}:${pid}:${startNs}`;
    let ancestors = this.lineages.get(key);
    if (ancestors) return ancestors;
    ancestors = [];
    const own = startNs === null ? undefined : (this.findProcess.get(hostId, pid, startNs) as ProcessDbRow | undefined);
    let next = own ? { pid: own.ppid, startNs: own.parent_start_ns } : null;
    const seen = new Set<string>([key]);
    while (next && next.pid > 0 && next.startNs !== null && ancestors.length < maxAncestors) {
      const parentKey = `${hostId}:${next.pid}:${next.startNs}`;
      if (seen.has(parentKey)) break;
      seen.add(parentKey);
      const row = this.findProcess.get(hostId, next.pid, next.startNs) as ProcessDbRow | undefined;
      if (!row) break;
      ancestors.push(processView(processFromRow(row)));
      next = { pid: row.ppid, startNs: row.parent_start_ns };
    }
    if (this.lineages.size > maxCached) this.lineages.clear();
    this.lineages.set(key, ancestors);
    return ancestors;
  }
}
