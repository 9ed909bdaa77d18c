// One ingest batch in one transaction: the events, the process rows they changed, and the stream
// position. The position is the acknowledgement: it moves only when the rows are committed, so a
// resumed stream (--since position) neither loses nor duplicates an event.
import type { Db } from './case-file.ts';
import { recordMatches, type CreatedSignal, type MatchOutcome, type NewMatch } from './signals.ts';
import type { NewEvent } from './events.ts';

export interface ProcessRow {
  pid: number;
  startNs: number;
  ppid: number;
  parentStartNs: number | null;
  uid: number;
  comm: string;
  executable: string;
  argv: string[];
  cwd: string;
  exitNs: number | null;
  exitCode: number | null;
  /** The process context as the sensor last described it (its exec, or its first event). */
  context: Record<string, unknown>;
}

/** A rule match on an event of the batch, by the event's seq (its row id is known only once inserted). */
export type BatchMatch = Omit<NewMatch, 'eventId'> & { seq: number };

export interface IngestBatch {
  hostId: number;
  streamId: string;
  events: readonly (NewEvent & { processStartNs: number })[];
  processes: readonly ProcessRow[];
  /** Rule matches on these events: recorded as signals in the same transaction. */
  matches?: readonly BatchMatch[];
  lastSeq: number;
  nowMs: number;
}

export interface BatchOutcome {
  /** Events that were new (a resumed stream may resend some). */
  added: number;
  signals: MatchOutcome;
}

/** Signals the batch opens are added to `created` when given (read it once the commit returns). */
export function commitBatch(db: Db, batch: IngestBatch, created?: CreatedSignal[]): BatchOutcome {
  const insertEvent = db.prepare(`
    INSERT OR IGNORE INTO events (host_id, stream_id, seq, ts_ns, type, pid, ppid, uid, comm, executable, summary, raw, process_start_ns)
    VALUES (@hostId, @streamId, @seq, @tsNs, @type, @pid, @ppid, @uid, @comm, @executable, @summary, @raw, @processStartNs)`);
  const upsertProcess = db.prepare(`
    INSERT INTO processes (host_id, pid, start_ns, ppid, parent_start_ns, uid, comm, executable, argv, cwd, exit_ns, exit_code, context)
    VALUES (@hostId, @pid, @startNs, @ppid, @parentStartNs, @uid, @comm, @executable, @argv, @cwd, @exitNs, @exitCode, @context)
    ON CONFLICT (host_id, pid, start_ns) DO UPDATE SET
      uid = excluded.uid, comm = excluded.comm, executable = excluded.executable, argv = excluded.argv,
      cwd = excluded.cwd, exit_ns = excluded.exit_ns, exit_code = excluded.exit_code, context = excluded.context`);
  const setPosition = db.prepare(`
    INSERT INTO stream_positions (host_id, stream_id, last_seq, updated_at_ms) VALUES (?, ?, ?, ?)
    ON CONFLICT (host_id, stream_id) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq), updated_at_ms = excluded.updated_at_ms`);
  const run = db.transaction((): BatchOutcome => {
    let added = 0;
    const ids = new Map<number, number>();
    for (const event of batch.events) {
      const inserted = insertEvent.run(event);
      if (inserted.changes > 0) {
        added++;
        ids.set(event.seq, Number(inserted.lastInsertRowid));
      }
    }
    for (const process of batch.processes) upsertProcess.run({ hostId: batch.hostId, ...process, argv: JSON.stringify(process.argv), context: JSON.stringify(process.context) });
    // a match on an event stored before (a resumed stream resending it) was recorded then
    const matches = (batch.matches ?? []).flatMap(({ seq, ...match }) => {
      const eventId = ids.get(seq);
      return eventId === undefined ? [] : [{ ...match, eventId }];
    });
    const signals = recordMatches(db, matches, batch.nowMs, created);
    setPosition.run(batch.hostId, batch.streamId, batch.lastSeq, batch.nowMs);
    return { added, signals };
  });
  return run.immediate();
}

export function streamPosition(db: Db, hostId: number, streamId: string): number | null {
  const row = db.prepare('SELECT last_seq FROM stream_positions WHERE host_id = ? AND stream_id = ?').get(hostId, streamId) as { last_seq: number } | undefined;
  return row?.last_seq ?? null;
}

/** A row of the processes table as SQLite returns it. */
export interface ProcessDbRow {
  pid: number;
  start_ns: number;
  ppid: number;
  parent_start_ns: number | null;
  uid: number;
  comm: string;
  executable: string;
  argv: string;
  cwd: string;
  exit_ns: number | null;
  exit_code: number | null;
  context: string;
}

export function processFromRow(row: ProcessDbRow): ProcessRow {
  return {
    pid: row.pid,
    startNs: row.start_ns,
    ppid: row.ppid,
    parentStartNs: row.parent_start_ns,
    uid: row.uid,
    comm: row.comm,
    executable: row.executable,
    argv: JSON.parse(row.argv) as string[],
    cwd: row.cwd,
    exitNs: row.exit_ns,
    exitCode: row.exit_code,
    context: JSON.parse(row.context) as Record<string, unknown>,
  };
}

/** Processes still running at the last commit, to rebuild a host's live table after a restart. */
export function runningProcesses(db: Db, hostId: number): ProcessRow[] {
  const rows = db.prepare('SELECT * FROM processes WHERE host_id = ? AND exit_ns IS NULL').all(hostId) as ProcessDbRow[];
  return rows.map(processFromRow);
}

/** The most recent stream position of a host, whatever its sensor run. */
export function latestStreamPosition(db: Db, hostId: number): { streamId: string; lastSeq: number } | null {
  const row = db.prepare('SELECT stream_id, last_seq FROM stream_positions WHERE host_id = ? ORDER BY updated_at_ms DESC LIMIT 1').get(hostId) as { stream_id: string; last_seq: number } | undefined;
  return row ? { streamId: row.stream_id, lastSeq: row.last_seq } : null;
}
