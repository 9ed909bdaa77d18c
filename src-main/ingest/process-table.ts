// The live process table of one host, built from the events as they arrive: it gives every event its
// parent and ancestors (DESIGN: added at ingest, not sent by the sensor) and yields the rows that make
// process trees exact in the store, whatever the age of the event.

import { processView, type ProcessRow } from '../store/index.ts';

export type ProcessRecord = ProcessRow;

type Json = Record<string, unknown>;

const maxAncestors = 64;
/** Lineages kept between record changes; a host reporting a flood of pids clears them rather than grow. */
const maxCachedLineages = 4096;

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The process context without the lineage ingest adds: what a record keeps of an event's process. */
function ownContext(process: Json): Json {
  const { parent: _parent, ancestors: _ancestors, ...own } = process;
  return own;
}

/** The processes an event names only by pid, completed from the table: the traced one, a signal's target. */
const completedRoles = [
  ['ptrace', 'tracee'],
  ['signal', 'target'],
] as const;

export class ProcessTable {
  private readonly live = new Map<number, ProcessRecord>();
  /** Records changed since the last drain, to be written with the batch that changed them. */
  private readonly dirty = new Map<string, ProcessRecord>();
  /**
   * Each live record's view, built once and shared by every event that names the process as an ancestor
   * until the record changes: a busy host's events would otherwise copy every ancestor's whole context.
   * Frozen, since many events hold the same object.
   */
  private readonly views = new WeakMap<ProcessRecord, Json>();
  /** Bumped by every change to a record: a lineage built before is then stale. */
  private version = 0;
  /**
   * The last lineage built for each pid, shared (frozen) by its process's events while no record changed:
   * a process opening thousands of files has the same ancestors each time, and rules read them once.
   */
  private readonly lineages = new Map<number, { version: number; ppid: number; parent: Json | null; ancestors: Json[] }>();

  get size(): number {
    return this.live.size;
  }

  private touch(record: ProcessRecord): void {
    this.views.delete(record);
    this.version++;
    this.dirty.set(`${record.pid}:${record.startNs}`, record);
  }

  /** Restores the table from stored rows (processes still running when the last session ended). */
  load(records: Iterable<ProcessRecord>): void {
    this.version++;
    for (const record of records) if (record.exitNs === null) this.live.set(record.pid, record);
  }

  /** Updates the table from one event and returns the event's process start time. */
  observe(event: Json): number {
    const process = (event['process'] ?? {}) as Json;
    const pid = num(process['pid']);
    const ts = num(event['ts']);
    const type = str(event['type']);
    const current = this.live.get(pid);
    const startNs = num(process['created_at'], current?.startNs ?? ts);
    let record = current && current.startNs === startNs ? current : undefined;
    if (!record) {
      const ppid = num(process['ppid']);
      record = {
        pid,
        startNs,
        ppid,
        parentStartNs: this.live.get(ppid)?.startNs ?? null,
        uid: num(process['uid']),
        comm: str(process['comm']),
        executable: str((process['file'] as Json | undefined)?.['path']),
        argv: Array.isArray(process['argv']) ? (process['argv'] as unknown[]).map(String) : [],
        cwd: str(process['cwd']),
        exitNs: null,
        exitCode: null,
        context: ownContext(process),
      };
      this.live.set(pid, record);
      this.touch(record);
    }
    if (type === 'exec') {
      // exec replaces the program, not the process: same key, new image
      const exec = (event['exec'] ?? {}) as Json;
      record.executable = str((exec['file'] as Json | undefined)?.['path']) || str((process['file'] as Json | undefined)?.['path']);
      record.argv = Array.isArray(exec['argv']) ? (exec['argv'] as unknown[]).map(String) : record.argv;
      record.comm = str(process['comm']) || record.comm;
      record.uid = num(process['uid'], record.uid);
      record.context = ownContext(process);
      this.touch(record);
    } else if (type === 'exit') {
      const exit = (event['exit'] ?? {}) as Json;
      record.exitNs = ts;
      record.exitCode = typeof exit['code'] === 'number' ? exit['code'] : null;
      this.live.delete(pid);
      this.touch(record);
    }
    return startNs;
  }

  /** How a live process appears inside events (as a parent, a tracee, a signal's target), or null. */
  view(pid: number): Json | null {
    const record = this.live.get(pid);
    return record ? this.viewOf(record) : null;
  }

  private viewOf(record: ProcessRecord): Json {
    let view = this.views.get(record);
    if (view === undefined) {
      view = Object.freeze(processView(record));
      this.views.set(record, view);
    }
    return view;
  }

  /**
   * The event as rules read it: process.parent and process.ancestors, and the traced process of a ptrace
   * or the target of a signal completed from the table (the sensor gives only their pid). The event itself
   * is not changed.
   */
  enrich(event: Json & { process: { pid: number; ppid: number } }, host: string): Json {
    const lineage = this.lineage(event.process.pid, event.process.ppid);
    const enriched: Json = { ...event, host, process: { ...event.process, parent: lineage.parent, ancestors: lineage.ancestors } };
    for (const [key, role] of completedRoles) {
      const outer = event[key];
      if (outer === null || typeof outer !== 'object' || Array.isArray(outer)) continue;
      const given = (outer as Json)[role];
      const pid = given !== null && typeof given === 'object' ? (given as Json)['pid'] : undefined;
      const view = typeof pid === 'number' ? this.view(pid) : null;
      if (view) enriched[key] = { ...(outer as Json), [role]: { ...view, ...(given as Json) } };
    }
    return enriched;
  }

  /** process.parent and process.ancestors (nearest first) for an event of process `pid`. */
  lineage(pid: number, ppid: number): { parent: Json | null; ancestors: Json[] } {
    const cached = this.lineages.get(pid);
    if (cached !== undefined && cached.version === this.version && cached.ppid === ppid) return cached;
    const built = this.buildLineage(pid, ppid);
    Object.freeze(built.ancestors);
    if (this.lineages.size >= maxCachedLineages) this.lineages.clear();
    this.lineages.set(pid, { version: this.version, ppid, ...built });
    return built;
  }

  private buildLineage(pid: number, ppid: number): { parent: Json | null; ancestors: Json[] } {
    const ancestors: Json[] = [];
    // The pids walked, to stop at a cycle a hostile host could report (an array: lineages are short).
    const seen: number[] = [pid];
    let next = this.live.get(pid)?.ppid ?? ppid;
    while (next > 0 && !seen.includes(next) && ancestors.length < maxAncestors) {
      const record = this.live.get(next);
      if (!record) break;
      ancestors.push(this.viewOf(record));
      seen.push(next);
      next = record.ppid;
    }
    return { parent: ancestors[0] ?? null, ancestors };
  }

  /** The records changed since the last call. */
  drain(): ProcessRecord[] {
    const records = [...this.dirty.values()];
    this.dirty.clear();
    return records;
  }
}
