// The open case: its metadata and hosts, and the event queries, behind one object that owns the
// database connection.
import type { CaseSummary, EventCount, EventFacets, EventPage, EventRow, HostSummary, RuleMute, SavedView, SignalBulkResult, SignalDetail, SignalFacets, SignalHistogram, SignalStatus, SignalSummary } from '../../src-shared/api/domain.ts';
import type { ProcessTimeline, ProcessTree } from '../../src-shared/api/domain.ts';
import { openCaseDatabase, schemaVersionOf, type Db, type OpenOptions } from './case-file.ts';
import { countEvents, eventFacets, getEvent, insertEvents, queryEvents, type EventBounds, type EventFilter, type EventSelection, type NewEvent } from './events.ts';
import { addHost, listHosts, removeHost, updateHost, type NewHost } from './hosts.ts';
import { EventHunt, type HuntRange } from './hunt.ts';
import { eventWithLineage, scanEvents, type ScanBudget, type ScanOutcome, type ScanRequest } from './event-scan.ts';
import { LineageReader } from './lineage.ts';
import { commitBatch, latestStreamPosition, runningProcesses, streamPosition, type BatchOutcome, type IngestBatch, type ProcessRow } from './ingest-batch.ts';
import { processEvents, processTimeline, processTree, type ProcessEventsQuery, type ProcessRef, type TreeTarget } from './process-tree.ts';
import { relatedSignals } from './related-signals.ts';
import { addMute, addSignalNote, getSignal, listMutes, listSignals, recordMatches, removeMute, updateSignal, type MatchOutcome, type NewMatch, type SignalFilter } from './signals.ts';
import { countSignals } from './signals.ts';
import { bulkUpdateSignals, signalFacets, signalHistogram, type BulkChange } from './signal-explorer.ts';
import type { SignalSelection } from './signal-selection.ts';
import { listViews, removeView, saveView } from './saved-views.ts';
import type { CreatedSignal } from './signals.ts';
import { activeSignals, activeSignalsByHost, eventWatermark, networkPeers, threatOverview, type ActiveSignal, type NetworkPeer } from './signal-insights.ts';
import type { ThreatOverview } from '../../src-shared/overview/threats.ts';

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
    const created: CreatedSignal[] = [];
    const outcome = commitBatch(this.db, batch, created);
    this.announceSignals(created);
    return outcome;
  }

  private readonly signalListeners = new Set<(signals: readonly CreatedSignal[]) => void>();

  /**
   * Calls `listener` with the signals each commit opened, once committed (ingest and retro-hunts alike).
   * It runs on the ingest path: it must only hand the work on (a queue), never do it there.
   */
  onSignalsCreated(listener: (signals: readonly CreatedSignal[]) => void): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  private announceSignals(created: readonly CreatedSignal[]): void {
    if (created.length === 0) return;
    for (const listener of this.signalListeners) {
      try {
        listener(created);
      } catch {
        // a listener's failure is its own: the signals are committed and ingest goes on
      }
    }
  }

  /** The Overview's threats tile: signals by severity, over time, by rule and by host. */
  threatOverview(options: { maxBuckets: number; top: number }): ThreatOverview {
    return threatOverview(this.db, options);
  }

  /** Open and under-review signals, worst first, with the event that opened each. */
  activeSignals(limit: number): { signals: ActiveSignal[]; total: number } {
    return activeSignals(this.db, limit);
  }

  activeSignalsByHost(): Map<number, number> {
    return activeSignalsByHost(this.db);
  }

  /** The addresses the network events with ids in (afterId, uptoId] touched, per host. */
  networkPeers(afterId: number, uptoId: number): NetworkPeer[] {
    return networkPeers(this.db, afterId, uptoId);
  }

  eventWatermark(): { maxEventId: number; hostIds: string } {
    return eventWatermark(this.db);
  }

  listSignals(filter: SignalFilter): SignalSummary[] {
    return listSignals(this.db, filter);
  }

  countSignals(selection: SignalSelection): number {
    return countSignals(this.db, selection);
  }

  /** Facet counts; ATT&CK names are left to the caller, which has the catalogue. */
  signalFacets(selection: SignalSelection): Omit<SignalFacets, 'attackNames'> & { tactics: string[] } {
    return signalFacets(this.db, selection);
  }

  signalHistogram(selection: SignalSelection, maxBuckets: number): SignalHistogram {
    return signalHistogram(this.db, selection, maxBuckets);
  }

  /** Triage of many signals (status, assignee, mutes for their rules) in one transaction. */
  bulkUpdateSignals(change: BulkChange, nowMs: number): SignalBulkResult {
    return this.db.transaction(() => bulkUpdateSignals(this.db, change, nowMs)).immediate();
  }

  listViews(page: SavedView['page']): SavedView[] {
    return listViews(this.db, page);
  }

  saveView(view: { page: SavedView['page']; name: string; query: string }, nowMs: number): SavedView {
    return saveView(this.db, view, nowMs);
  }

  removeView(id: number): boolean {
    return removeView(this.db, id);
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

  /** The process tree around one process (null: no such process in the case). */
  processTree(target: TreeTarget, limit: number): ProcessTree | null {
    return processTree(this.db, target, limit);
  }

  processEvents(query: ProcessEventsQuery): EventPage {
    return processEvents(this.db, query);
  }

  processTimeline(query: { hostId: number; processes: readonly ProcessRef[]; limit: number }): ProcessTimeline {
    return processTimeline(this.db, query);
  }

  /** Other signals of the signal's host within the window (null: no such signal). */
  relatedSignals(id: number, windowNs: number): SignalSummary[] | null {
    return relatedSignals(this.db, id, windowNs);
  }

  /** Stored events with their lineage, oldest first, in chunks (a retro-hunt reads them; record its matches afterwards). */
  hunt(range: HuntRange): EventHunt {
    return new EventHunt(this.db, range);
  }

  /** Events kept by a predicate over their enriched form (a SECL query), within a budget; see event-scan.ts. */
  scanEvents(request: ScanRequest, budget?: ScanBudget): ScanOutcome {
    return scanEvents(this.db, request, budget);
  }

  /** Reads lineages for scanEvents; a reader caches what it read, so one may serve several calls in a row. */
  lineageReader(): LineageReader {
    return new LineageReader(this.db);
  }

  /** One event as rules see it, with its lineage. */
  eventWithLineage(id: number): { row: EventRow; event: Record<string, unknown> } | null {
    return eventWithLineage(this.db, id);
  }

  /** Records matches found over stored events, in one transaction. */
  recordMatches(matches: readonly NewMatch[], nowMs: number): MatchOutcome {
    const created: CreatedSignal[] = [];
    const outcome = this.db.transaction(() => recordMatches(this.db, matches, nowMs, created)).immediate();
    this.announceSignals(created);
    return outcome;
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
