// The client half of SECL paging (EventScan): the server answers each call within a short budget and says
// where it stopped; these loops ask again from there until the page is full or the count complete, and
// stop asking as soon as the answer is no longer wanted (the user changed the query), which is how a
// scan of a big case is cancelled.
import type { CallInput, WorkbenchApi } from '../../../src-shared/api/contract.ts';
import type { EventCount, EventRow } from '../../../src-shared/api/domain.ts';

export interface CountProgress {
  /** Matches found so far. */
  found: number;
  /** Events read so far, of `candidates` (the events the other filters select; null until known). */
  scanned: number;
  candidates: number | null;
}

/** One page of a SECL query, whatever number of calls it takes; `onProgress` hears each call cut short. */
export async function seclPage(api: WorkbenchApi, input: CallInput<'events.query'>, stillWanted: () => boolean, onProgress?: (progress: CountProgress) => void): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  const progress: CountProgress = { found: 0, scanned: 0, candidates: null };
  let request = { ...input, count: false };
  let skip = input.skip ?? 0;
  let limit = input.limit ?? 200;
  for (;;) {
    const page = await api.call('events.query', { ...request, skip, limit });
    rows.push(...page.rows);
    const scan = page.scan;
    if (!scan?.resume || !stillWanted()) return rows;
    progress.found = rows.length;
    progress.scanned += scan.scanned;
    progress.candidates ??= scan.candidates ?? null;
    onProgress?.({ ...progress });
    skip -= scan.skipped;
    limit -= page.rows.length;
    if (limit <= 0) return rows;
    // the resume bound replaces the bound of the same side; the other side's bound stays
    request = { ...request, ...scan.resume };
  }
}

/**
 * How many events a SECL query matches (at most `cap`), adding up the calls; `onProgress` hears each
 * step. Null when the answer stopped being wanted before it was complete.
 */
export async function seclCount(api: WorkbenchApi, input: CallInput<'events.count'>, stillWanted: () => boolean, onProgress?: (progress: CountProgress) => void): Promise<EventCount | null> {
  const cap = input.cap;
  let request = { ...input };
  const progress: CountProgress = { found: 0, scanned: 0, candidates: null };
  for (;;) {
    const count = await api.call('events.count', { ...request, ...(cap !== undefined ? { cap: Math.max(1, cap - progress.found) } : {}) });
    progress.found += count.total;
    progress.scanned += count.scan?.scanned ?? 0;
    progress.candidates ??= count.scan?.candidates ?? null;
    if (cap !== undefined && (count.capped || progress.found > cap)) return { total: cap, capped: true };
    const resume = count.scan?.resume;
    if (!resume) return { total: progress.found, capped: false };
    if (!stillWanted()) return null;
    onProgress?.({ ...progress });
    request = { ...request, ...resume };
  }
}
