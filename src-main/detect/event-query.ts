// SECL as a query language over a case: the Events explorer's query bar. The expression is compiled by
// the same engine as the rules (an expression without an event-specific field applies to every event
// type), SQL narrows the candidates by the event type it implies and the explorer's other filters, and
// the store scans them in order with their lineage, as a retro-hunt sees them. Each call reads for a
// bounded time and says where it stopped (EventScan), so a query over a million events neither freezes
// the app nor outlives the user's interest in it: the caller asks for the rest, or does not.
import type { EventCount, EventCursor, EventPage, EventScan } from '../../src-shared/api/domain.ts';
import { ApiError } from '../../src-shared/api/errors.ts';
import { compileRule, type CompiledRule } from '../../src-shared/secl/index.ts';
import type { CaseStore, EventFilter, EventSelection, LineageReader, ScanBudget } from '../store/index.ts';

/** How long one call may read before it answers with what it has: short enough to keep the app answering. */
export const queryCallBudgetMs = 60;

export interface SeclQueryInput extends Omit<EventFilter, 'limit' | 'count'> {
  secl: string;
}

/** The query compiled, or an ApiError that says what is wrong and where, as the editor would. */
export function compileQuery(secl: string): CompiledRule {
  const outcome = compileRule({ id: 'query', expression: secl }, { allowAnyEventType: true });
  if (outcome.ok) return outcome.rule;
  const [first, ...others] = outcome.errors;
  const more = others.length > 0 ? ` (and ${others.length} more ${others.length === 1 ? 'problem' : 'problems'})` : '';
  throw new ApiError('invalid_input', `The SECL query does not check: ${first?.message ?? 'invalid expression'}${more}.`, 'Fix the expression in the query bar; the position is line:column.');
}

/**
 * A lineage reader for the rule, when it reads process.parent or process.ancestors (else null: the
 * lineage would go unread). Consecutive calls on a case share one for a few seconds, so the processes
 * one call looked up serve the next: a long scan comes as many short calls. A retro-hunt keeps its
 * reader for the whole hunt; this one is younger than that.
 */
export function lineageFor(rule: CompiledRule, store: CaseStore): LineageReader | null {
  if (!/\bprocess\.(parent|ancestors)\b/.test(rule.expression)) return null;
  const now = Date.now();
  if (!sharedReader || sharedReader.store !== store || now - sharedReader.since > readerLifetimeMs) sharedReader = { store, reader: store.lineageReader(), since: now };
  return sharedReader.reader;
}

const readerLifetimeMs = 10_000;
let sharedReader: { store: CaseStore; reader: LineageReader; since: number } | null = null;

/** The types worth reading: the rule's own (when it has one) within the types asked for; null when none can match. */
function candidateTypes(rule: CompiledRule, types: readonly string[] | undefined): string[] | undefined | null {
  if (rule.eventType === '*') return types && types.length > 0 ? [...types] : undefined;
  if (types && types.length > 0 && !types.includes(rule.eventType)) return null;
  return [rule.eventType];
}

function selectionOf(input: EventSelection, types: string[] | undefined): EventSelection {
  return { hostIds: input.hostIds, types, fromNs: input.fromNs, toNs: input.toNs, text: input.text };
}

function resumeFrom(cursor: EventCursor | null, order: 'asc' | 'desc'): EventScan['resume'] {
  if (cursor === null) return null;
  return order === 'asc' ? { after: cursor } : { before: cursor };
}

/** One page of the events a SECL expression matches; see EventScan for pages the budget cut short. */
export function seclEventPage(store: CaseStore, input: SeclQueryInput & { limit: number; count?: boolean | undefined }, budget: ScanBudget = { maxMs: queryCallBudgetMs }): EventPage {
  const rule = compileQuery(input.secl);
  const types = candidateTypes(rule, input.types);
  if (types === null) return { rows: [], next: null, total: input.count === false ? null : 0, scan: { scanned: 0, skipped: 0, resume: null } };
  const order = input.order ?? 'desc';
  const outcome = store.scanEvents(
    { ...selectionOf(input, types), before: input.before, after: input.after, order, skip: input.skip, limit: input.limit, mode: 'page', match: rule.matches, lineage: lineageFor(rule, store) },
    budget,
  );
  const last = outcome.rows.at(-1);
  const fromStart = !input.before && !input.after;
  const whole = fromStart && !outcome.more && outcome.stoppedAt === null;
  // a first page that takes more than one call: how much there is to read, for the user waiting on it
  const candidates = fromStart && outcome.stoppedAt !== null ? { candidates: store.countEvents(selectionOf(input, types)).total } : {};
  return {
    rows: outcome.rows,
    next: outcome.more && last ? { tsNs: last.tsNs, id: last.id } : null,
    // known only when this call read the whole selection
    total: input.count !== false && whole ? outcome.skipped + outcome.matched : null,
    scan: { scanned: outcome.scanned, skipped: outcome.skipped, resume: resumeFrom(outcome.stoppedAt, order), ...candidates },
  };
}

/**
 * How many events a SECL expression matches (past a cursor, when one is given), counting at most `cap`.
 * A count the budget cut short says where to go on (scan.resume); its total is what it found so far.
 */
export function seclEventCount(store: CaseStore, input: SeclQueryInput & { cap?: number | undefined }, budget: ScanBudget = { maxMs: queryCallBudgetMs }): EventCount {
  const rule = compileQuery(input.secl);
  const types = candidateTypes(rule, input.types);
  if (types === null) return { total: 0, capped: false, scan: { scanned: 0, skipped: 0, resume: null, candidates: 0 } };
  // counting the rows past a cursor reads away from it; otherwise newest first
  const order = input.after && !input.before ? 'asc' : 'desc';
  const selection = selectionOf(input, types);
  const outcome = store.scanEvents(
    { ...selection, before: input.before, after: input.after, order, limit: input.cap ?? Number.MAX_SAFE_INTEGER, mode: 'count', match: rule.matches, lineage: lineageFor(rule, store) },
    budget,
  );
  const first = !input.before && !input.after;
  return {
    total: outcome.matched,
    capped: outcome.more,
    scan: { scanned: outcome.scanned, skipped: 0, resume: outcome.more ? null : resumeFrom(outcome.stoppedAt, order), ...(first ? { candidates: store.countEvents(selection).total } : {}) },
  };
}
