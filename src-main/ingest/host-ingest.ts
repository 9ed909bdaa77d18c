// Ingest for one host's sensor stream: bytes in, batches committed, positions acknowledged. A batch
// commits when it is full or a moment after its first event; only then does `committedSeq` move, which
// is what a reconnect resumes after. Bad lines are counted and reported, never fatal: a hostile host can
// waste its own stream but not disturb the case or other hosts.
import type { BatchMatch, CaseStore, NewEvent } from '../store/index.ts';
import { LineSplitter } from './line-splitter.ts';
import { ProcessTable } from './process-table.ts';
import { eventRow, LineError, maxLineBytes, parseSensorLine } from './sensor-line.ts';

export interface IngestProblem {
  host: string;
  message: string;
}

export interface IngestCounters {
  received: number;
  committed: number;
  duplicates: number;
  badLines: number;
  batches: number;
  kernelDrops: number;
  spoolDrops: number;
  /** Events the host's spool dropped before we could read them (reported by the sensor as gaps). */
  lostInGaps: number;
  /** Rule matches recorded, and the signals they opened. */
  matches: number;
  newSignals: number;
}

/** What the sensor's reader last said about the host's side of the stream. */
export interface StreamHealth {
  /** The newest seq in the host's spool (null until the reader's first heartbeat). */
  spoolHead: number | null;
  /** When the host last said anything (event or heartbeat), ms since the epoch. */
  lastHeardAtMs: number | null;
}

export interface HostIngestOptions {
  store: CaseStore;
  hostId: number;
  hostName: string;
  batchSize?: number;
  batchDelayMs?: number;
  now?: () => number;
  onProblem?: (problem: IngestProblem) => void;
  /** Called after each commit with the last acknowledged sequence number. */
  onCommit?: (streamId: string, lastSeq: number) => void;
  /** Called at each heartbeat of the host's sensor (about once a second): its counters and lag changed. */
  onHeartbeat?: () => void;
  /**
   * The rules' verdict on each new event, enriched with host, parent and ancestors as they are now: the
   * matches are recorded as signals in the same transaction as the events.
   */
  detect?: (event: Record<string, unknown>, seq: number) => readonly BatchMatch[];
  /** Called with each event as committed, enriched with host, parent and ancestors. */
  onEvent?: (event: Record<string, unknown>) => void;
}

type Pending = NewEvent & { processStartNs: number };

export class HostIngest {
  readonly counters: IngestCounters = { received: 0, committed: 0, duplicates: 0, badLines: 0, batches: 0, kernelDrops: 0, spoolDrops: 0, lostInGaps: 0, matches: 0, newSignals: 0 };
  private readonly options: Required<Pick<HostIngestOptions, 'batchSize' | 'batchDelayMs' | 'now'>> & HostIngestOptions;
  private readonly splitter = new LineSplitter();
  private readonly processes = new ProcessTable();
  private streamId: string | null = null;
  private pending: Pending[] = [];
  private enriched: Record<string, unknown>[] = [];
  private matches: BatchMatch[] = [];
  private lastSeq = -1;
  private timer: NodeJS.Timeout | null = null;
  private lineNumber = 0;
  readonly health: StreamHealth = { spoolHead: null, lastHeardAtMs: null };
  /** Events and heartbeats received: lines that show a working sensor at the other end. */
  sensorLines = 0;

  constructor(options: HostIngestOptions) {
    this.options = { batchSize: 2000, batchDelayMs: 50, now: Date.now, ...options };
    this.processes.load(options.store.runningProcesses(options.hostId));
  }

  /** The sensor run this stream belongs to (from its hello line). */
  get currentStreamId(): string | null {
    return this.streamId;
  }

  /** The last sequence number committed for the current sensor run; what --since resumes after. */
  committedSeq(streamId: string | null = this.streamId): number | null {
    return streamId === null ? null : this.options.store.streamPosition(this.options.hostId, streamId);
  }

  private problem(message: string): void {
    this.counters.badLines += 1;
    this.options.onProblem?.({ host: this.options.hostName, message });
  }

  push(chunk: Buffer): void {
    for (const result of this.splitter.push(chunk)) {
      this.lineNumber += 1;
      if ('oversized' in result) this.problem(`line ${this.lineNumber} is ${result.oversized} bytes, over the ${maxLineBytes / 1024 / 1024} MiB limit of one event; dropped`);
      else this.line(result.line);
      if (this.pending.length >= this.options.batchSize) this.flush();
    }
    if (this.pending.length > 0 && this.timer === null) this.timer = setTimeout(() => this.flush(), this.options.batchDelayMs);
  }

  /** The stream ended (disconnect or exit): commit what is complete, report a cut-off last line. */
  end(): void {
    const { truncatedBytes } = this.splitter.end();
    // not the host's fault, and nothing is lost: the line was not committed, so a resumed stream sends it again
    if (truncatedBytes > 0) this.options.onProblem?.({ host: this.options.hostName, message: `the stream ended in the middle of a line (${truncatedBytes} bytes not yet stored)` });
    this.flush();
    this.lineNumber = 0; // problems name lines of one stream: the next starts at line 1
  }

  private line(text: string): void {
    if (text.trim() === '') return;
    let parsed;
    try {
      parsed = parseSensorLine(text);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      return this.problem(`line ${this.lineNumber}: ${error.message}`);
    }
    if (parsed.kind === 'hello') {
      if (this.streamId !== parsed.streamId) this.flush();
      this.streamId = parsed.streamId;
      this.lastSeq = this.committedSeq() ?? -1;
      return;
    }
    this.health.lastHeardAtMs = this.options.now();
    if (parsed.kind === 'heartbeat') {
      this.sensorLines += 1;
      const reader = (parsed.raw['reader'] ?? {}) as Record<string, unknown>;
      if (typeof reader['spool_last_seq'] === 'number') this.health.spoolHead = reader['spool_last_seq'];
      const counters = (parsed.raw['counters'] ?? {}) as Record<string, unknown>;
      if (typeof counters['kernel_drops'] === 'number') this.counters.kernelDrops = counters['kernel_drops'];
      if (typeof counters['spool_drops'] === 'number') this.counters.spoolDrops = counters['spool_drops'];
      this.options.onHeartbeat?.();
      return;
    }
    if (parsed.kind === 'gap') {
      this.counters.lostInGaps += Math.max(0, parsed.to - parsed.from + 1);
      this.options.onProblem?.({ host: this.options.hostName, message: `events ${parsed.from} to ${parsed.to} were dropped from the host's spool (it was full) before they could be read` });
      return;
    }
    if (this.streamId === null) return this.problem(`line ${this.lineNumber}: event before the hello line`);
    const { event } = parsed;
    this.counters.received += 1;
    this.sensorLines += 1;
    if (event.seq <= this.lastSeq) {
      this.counters.duplicates += 1; // already committed: a resumed stream overlapping what we have
      return;
    }
    this.lastSeq = event.seq;
    const processStartNs = this.processes.observe(event);
    const row = eventRow(event, this.options.hostId, this.options.hostName, this.streamId);
    this.pending.push({ ...row, processStartNs });
    if (this.options.onEvent || this.options.detect) {
      const enriched = this.processes.enrich(event, this.options.hostName);
      if (this.options.onEvent) this.enriched.push(enriched);
      if (this.options.detect) this.matches.push(...this.options.detect(enriched, event.seq));
    }
  }

  /** Commits the pending batch now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0 || this.streamId === null) return;
    const batch = this.pending;
    const enriched = this.enriched;
    const matches = this.matches;
    this.pending = [];
    this.enriched = [];
    this.matches = [];
    const lastSeq = batch.at(-1)!.seq;
    const { added, signals } = this.options.store.commitBatch({
      hostId: this.options.hostId,
      streamId: this.streamId,
      events: batch,
      processes: this.processes.drain(),
      matches,
      lastSeq,
      nowMs: this.options.now(),
    });
    this.counters.committed += added;
    this.counters.matches += signals.matched;
    this.counters.newSignals += signals.newSignals;
    this.counters.duplicates += batch.length - added;
    this.counters.batches += 1;
    this.options.onCommit?.(this.streamId, lastSeq);
    for (const event of enriched) this.options.onEvent?.(event);
  }
}
