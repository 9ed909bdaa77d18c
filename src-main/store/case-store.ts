// The open case: its metadata and hosts, and the event queries, behind one object that owns the
// database connection.
import type { CaseSummary, EventPage, HostSummary } from '../../src-shared/api/domain.ts';
import { openCaseDatabase, schemaVersionOf, type Db, type OpenOptions } from './case-file.ts';
import { insertEvents, queryEvents, type EventFilter, type NewEvent } from './events.ts';
import { commitBatch, runningProcesses, streamPosition, type IngestBatch, type ProcessRow } from './ingest-batch.ts';

export interface NewHost {
  name: string;
  address?: string;
  os?: string;
  kernel?: string;
  arch?: string;
  connection?: HostSummary['connection'];
  sensor?: HostSummary['sensor'];
}

export class CaseStore {
  readonly path: string;
  private readonly db: Db;

  private constructor(path: string, db: Db) {
    this.path = path;
    this.db = db;
  }

  static open(path: string, options?: OpenOptions): CaseStore {
    return new CaseStore(path, openCaseDatabase(path, options));
  }

  /** Creates a new case file with its name; refuses to overwrite one that exists. */
  static create(path: string, name: string, nowMs: number, isDemo = false): CaseStore {
    const store = new CaseStore(path, openCaseDatabase(path, { create: true }));
    if (store.getMeta('name') !== null) {
      store.close();
      throw new Error(`${path} already holds a case`);
    }
    store.setMeta('name', name);
    store.setMeta('created_at_ms', String(nowMs));
    store.setMeta('is_demo', isDemo ? '1' : '0');
    return store;
  }

  get schemaVersion(): number {
    return schemaVersionOf(this.db);
  }

  getMeta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM case_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO case_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  summary(): CaseSummary {
    const counts = this.db
      .prepare('SELECT (SELECT count(*) FROM hosts) AS hosts, (SELECT count(*) FROM events) AS events')
      .get() as { hosts: number; events: number };
    return {
      path: this.path,
      name: this.getMeta('name') ?? '(unnamed case)',
      createdAtMs: Number(this.getMeta('created_at_ms') ?? 0),
      isDemo: this.getMeta('is_demo') === '1',
      hostCount: counts.hosts,
      eventCount: counts.events,
    };
  }

  addHost(host: NewHost, nowMs: number): number {
    const result = this.db
      .prepare(
        `INSERT INTO hosts (name, address, os, kernel, arch, connection, sensor, added_at_ms)
         VALUES (@name, @address, @os, @kernel, @arch, @connection, @sensor, @addedAtMs)`,
      )
      .run({
        name: host.name,
        address: host.address ?? '',
        os: host.os ?? '',
        kernel: host.kernel ?? '',
        arch: host.arch ?? '',
        connection: host.connection ?? 'offline',
        sensor: host.sensor ?? 'not-deployed',
        addedAtMs: nowMs,
      });
    return Number(result.lastInsertRowid);
  }

  listHosts(): HostSummary[] {
    const rows = this.db
      .prepare(
        `SELECT h.*, (SELECT count(*) FROM events e WHERE e.host_id = h.id) AS event_count,
                (SELECT max(ts_ns) FROM events e WHERE e.host_id = h.id) AS last_event_ns
         FROM hosts h ORDER BY h.name`,
      )
      .all() as Array<{
      id: number;
      name: string;
      address: string;
      os: string;
      kernel: string;
      arch: string;
      connection: HostSummary['connection'];
      sensor: HostSummary['sensor'];
      event_count: number;
      last_event_ns: number | null;
    }>;
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      address: row.address,
      os: row.os,
      kernel: row.kernel,
      arch: row.arch,
      connection: row.connection,
      sensor: row.sensor,
      eventCount: row.event_count,
      lastEventNs: row.last_event_ns,
    }));
  }

  insertEvents(events: readonly NewEvent[]): number {
    return insertEvents(this.db, events);
  }

  queryEvents(filter: EventFilter): EventPage {
    return queryEvents(this.db, filter);
  }

  /** Commits events, process rows and the stream position together; returns how many events were new. */
  commitBatch(batch: IngestBatch): number {
    return commitBatch(this.db, batch);
  }

  streamPosition(hostId: number, bootId: string): number | null {
    return streamPosition(this.db, hostId, bootId);
  }

  runningProcesses(hostId: number): ProcessRow[] {
    return runningProcesses(this.db, hostId);
  }

  integrityCheck(): string {
    return this.db.pragma('integrity_check', { simple: true }) as string;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
