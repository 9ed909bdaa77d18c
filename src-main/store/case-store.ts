// The open case: its metadata and hosts, and the event queries, behind one object that owns the
// database connection.
import type { CaseSummary, EventCount, EventFacets, EventPage, EventRow, HostSummary, RuleMute, SignalDetail, SignalStatus, SignalSummary } from '../../src-shared/api/domain.ts';
import { openCaseDatabase, schemaVersionOf, type Db, type OpenOptions } from './case-file.ts';
import { countEvents, eventFacets, getEvent, insertEvents, queryEvents, type EventBounds, type EventFilter, type EventSelection, type NewEvent } from './events.ts';
import { addHost, listHosts, removeHost, updateHost, type NewHost } from './hosts.ts';
import { EventHunt, type HuntRange } from './hunt.ts';
import { commitBatch, latestStreamPosition, runningProcesses, streamPosition, type BatchOutcome, type IngestBatch, type ProcessRow } from './ingest-batch.ts';
import { addMute, addSignalNote, getSignal, listMutes, listSignals, recordMatches, removeMute, updateSignal, type MatchOutcome, type NewMatch, type SignalFilter } from './signals.ts';

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
    return addHost(this.db, host, nowMs);
  }

  updateHost(id: number, changes: Partial<NewHost>): void {
    updateHost(this.db, id, changes);
  }

  removeHost(id: number): boolean {
    return removeHost(this.db, id);
  }

  listHosts(): HostSummary[] {
    return listHosts(this.db);
  }

  getHost(id: number): HostSummary | null {
    return listHosts(this.db, id)[0] ?? null;
  }

  insertEvents(events: readonly NewEvent[]): number {
    return insertEvents(this.db, events);
  }

  queryEvents(filter: EventFilter): EventPage {
    return queryEvents(this.db, filter);
  }

  countEvents(selection: EventSelection & EventBounds, cap?: number): EventCount {
    return countEvents(this.db, selection, cap);
  }

  getEvent(id: number): EventRow | null {
    return getEvent(this.db, id);
  }

  eventFacets(): EventFacets {
    return eventFacets(this.db);
  }

  /** Commits events, process rows, the signals they raised and the stream position together. */
  commitBatch(batch: IngestBatch): BatchOutcome {
    return commitBatch(this.db, batch);
  }

  listSignals(filter: SignalFilter): SignalSummary[] {
    return listSignals(this.db, filter);
  }

  getSignal(id: number): SignalDetail | null {
    return getSignal(this.db, id);
  }

  updateSignal(id: number, change: { status?: SignalStatus | undefined; assignee?: string | undefined }, nowMs: number): boolean {
    return updateSignal(this.db, id, change, nowMs);
  }

  addSignalNote(id: number, author: string, text: string, nowMs: number): boolean {
    return addSignalNote(this.db, id, author, text, nowMs);
  }

  listMutes(nowMs: number): RuleMute[] {
    return listMutes(this.db, nowMs);
  }

  addMute(mute: { ruleId: string; hostId: number | null; reason: string; untilMs: number | null }, nowMs: number): RuleMute {
    return addMute(this.db, mute, nowMs);
  }

  removeMute(id: number): boolean {
    return removeMute(this.db, id);
  }

  /** Stored events with their lineage, oldest first, in chunks (a retro-hunt reads them; record its matches afterwards). */
  hunt(range: HuntRange): EventHunt {
    return new EventHunt(this.db, range);
  }

  /** Records matches found over stored events, in one transaction. */
  recordMatches(matches: readonly NewMatch[], nowMs: number): MatchOutcome {
    return this.db.transaction(() => recordMatches(this.db, matches, nowMs)).immediate();
  }

  streamPosition(hostId: number, streamId: string): number | null {
    return streamPosition(this.db, hostId, streamId);
  }

  latestStreamPosition(hostId: number): { streamId: string; lastSeq: number } | null {
    return latestStreamPosition(this.db, hostId);
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
