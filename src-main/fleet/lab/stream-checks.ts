// What a capture test compares: every seq the sensor wrote into a host's spool against every seq the
// case stored for that host and spool. Read straight from the files (spools can hold hundreds of MB).
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Spool {
  /** The stream id the ingest keys this spool's events by. */
  streamId: string;
  seqs: number[];
}

export function readSpool(dir: string): Spool {
  const seqs: number[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ndjson'))) {
    for (const match of readFileSync(join(dir, file), 'latin1').matchAll(/^\{"seq":(\d+),/gm)) seqs.push(Number(match[1]));
  }
  return { streamId: `spool:${readFileSync(join(dir, 'id'), 'utf8').trim()}`, seqs: seqs.sort((a, b) => a - b) };
}

/** The seqs stored for one host and stream, read by a second connection as another app would. */
export function storedSeqs(caseFile: string, hostId: number, streamId: string): number[] {
  const db = new Database(caseFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT seq FROM events WHERE host_id = ? AND stream_id = ? ORDER BY seq').pluck().all(hostId, streamId) as number[];
    return rows;
  } finally {
    db.close();
  }
}

export interface SeqComparison {
  spooled: number;
  stored: number;
  /** Stored twice (must be 0). */
  duplicates: number;
  /** In the spool, not in the case (must be 0 unless the spool dropped them before they were read). */
  missing: number[];
  /** In the case, not in the spool, within the spool's range (must be 0). */
  extra: number[];
}

/** Compares within the spool's range: the sensor goes on writing after the spool was read. */
export function compareSeqs(spool: Spool, stored: readonly number[]): SeqComparison {
  const first = spool.seqs[0] ?? 0;
  const last = spool.seqs.at(-1) ?? 0;
  const inRange = (seq: number) => seq >= first && seq <= last;
  const spooledSet = new Set(spool.seqs);
  const storedSet = new Set(stored);
  return {
    spooled: spool.seqs.length,
    stored: stored.length,
    duplicates: stored.length - storedSet.size,
    missing: spool.seqs.filter((seq) => !storedSet.has(seq)),
    extra: stored.filter((seq) => inRange(seq) && !spooledSet.has(seq)),
  };
}
