// What the signals explorer shows (facets, text, time, sort, the signal peeked at), kept in the address
// after `#/signals?` so a view can be reloaded, shared, saved under a name, and walked with the back button.
import type { CallInput } from '../../../src-shared/api/contract.ts';
import type { Severity, SignalSortKey, SignalStatus } from '../../../src-shared/api/domain.ts';
import { parseUtc, rangeBounds } from '../events/eventsView.ts';

export const severities: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const statuses: readonly SignalStatus[] = ['open', 'under_review', 'archived'];
export const statusLabels: Record<SignalStatus, string> = { open: 'Open', under_review: 'Under review', archived: 'Archived' };
const sortKeys: readonly SignalSortKey[] = ['severity', 'rule', 'host', 'technique', 'status', 'assignee', 'firstSeen', 'lastSeen', 'matches'];

export const timePresets = [
  { id: 'all', label: 'All time', ns: null },
  { id: '15m', label: 'Last 15 min', ns: 15 * 60e9 },
  { id: '1h', label: 'Last hour', ns: 3600e9 },
  { id: '24h', label: 'Last 24 h', ns: 24 * 3600e9 },
  { id: '7d', label: 'Last 7 days', ns: 7 * 24 * 3600e9 },
  { id: 'custom', label: 'Custom', ns: null },
] as const;
export type TimeRange = (typeof timePresets)[number]['id'];

export interface SignalsView {
  text: string;
  /** Empty: every status. */
  statuses: SignalStatus[];
  severities: Severity[];
  ruleIds: string[];
  hostIds: number[];
  /** ATT&CK technique ids; '' for signals whose rule names none. */
  techniques: string[];
  range: TimeRange;
  /** Custom range bounds, UTC as typed or set by the histogram ('' for open-ended). */
  from: string;
  to: string;
  sort: SignalSortKey;
  order: 'asc' | 'desc';
  /** The signal highlighted in the list and shown in the side pane. */
  signalId: number | null;
}

/** The filters a view applies, without its sort or the signal peeked at: every signal. */
export const noFilters: Pick<SignalsView, 'text' | 'statuses' | 'severities' | 'ruleIds' | 'hostIds' | 'techniques' | 'range' | 'from' | 'to'> = {
  text: '',
  statuses: [],
  severities: [],
  ruleIds: [],
  hostIds: [],
  techniques: [],
  range: 'all',
  from: '',
  to: '',
};

/** Open signals, newest activity first: what a responder looks at first. */
export const defaultView: SignalsView = { ...noFilters, statuses: ['open'], sort: 'lastSeen', order: 'desc', signalId: null };

const techniquePattern = /^[A-Za-z0-9.]{1,20}$/;
const noTechnique = 'none';

function list(value: string | null): string[] {
  return value ? [...new Set(value.split(',').filter(Boolean))] : [];
}

function oneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** Is this address the explorer (and not a signal's own page, #/signals/12)? */
export function isExplorerHash(hash: string): boolean {
  return hash === '#/signals' || hash.startsWith('#/signals?');
}

/** Reads a view from an address (or the part after '?'); anything malformed falls back to the default. */
export function parseView(hash: string): SignalsView {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : hash.startsWith('#') ? '' : hash;
  const params = new URLSearchParams(query);
  const status = params.get('status');
  const range = params.get('range') ?? 'all';
  const signalId = Number(params.get('signal'));
  const sort = params.get('sort') ?? '';
  return {
    text: (params.get('q') ?? '').slice(0, 500),
    statuses: status === null ? [...defaultView.statuses] : status === 'all' ? [] : list(status).filter((s) => oneOf(statuses, s)),
    severities: list(params.get('severity')).filter((s) => oneOf(severities, s)),
    ruleIds: [...new Set(params.getAll('rule').filter((id) => id.length > 0 && id.length <= 200))].slice(0, 500),
    hostIds: list(params.get('host')).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0),
    techniques: list(params.get('technique'))
      .map((t) => (t === noTechnique ? '' : t))
      .filter((t) => t === '' || techniquePattern.test(t)),
    range: oneOf(timePresets.map((p) => p.id), range) ? range : 'all',
    from: range === 'custom' && parseUtc(params.get('from') ?? '') ? params.get('from')! : '',
    to: range === 'custom' && parseUtc(params.get('to') ?? '') ? params.get('to')! : '',
    sort: oneOf(sortKeys, sort) ? sort : defaultView.sort,
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    signalId: params.has('signal') && Number.isSafeInteger(signalId) && signalId > 0 ? signalId : null,
  };
}

/** The view's filters and sort as an address query (what a saved view keeps); no signal. */
export function viewQuery(view: SignalsView): string {
  const params = new URLSearchParams();
  if (view.text.trim()) params.set('q', view.text);
  const defaultStatuses = view.statuses.length === defaultView.statuses.length && view.statuses.every((s) => defaultView.statuses.includes(s));
  if (!defaultStatuses) params.set('status', view.statuses.length === 0 ? 'all' : view.statuses.join(','));
  if (view.severities.length) params.set('severity', view.severities.join(','));
  for (const rule of view.ruleIds) params.append('rule', rule);
  if (view.hostIds.length) params.set('host', view.hostIds.join(','));
  if (view.techniques.length) params.set('technique', view.techniques.map((t) => t || noTechnique).join(','));
  if (view.range !== 'all') params.set('range', view.range);
  if (view.range === 'custom' && view.from) params.set('from', view.from);
  if (view.range === 'custom' && view.to) params.set('to', view.to);
  if (view.sort !== defaultView.sort || view.order !== defaultView.order) {
    params.set('sort', view.sort);
    params.set('order', view.order);
  }
  return params.toString();
}

export function viewHash(view: SignalsView): string {
  const query = viewQuery(view);
  const signal = view.signalId !== null ? `${query ? '&' : ''}signal=${view.signalId}` : '';
  return `#/signals${query || signal ? `?${query}${signal}` : ''}`;
}

/** Does the view filter anything (beyond the default statuses)? */
export function isFiltered(view: SignalsView): boolean {
  return viewQuery({ ...view, sort: defaultView.sort, order: defaultView.order }) !== '';
}

/** Time bounds of a view; presets count back from the newest event of the case (recordings are often old). */
export function timeBounds(view: SignalsView, newestNs: number | null): { fromNs?: number; toNs?: number } {
  return rangeBounds(view, timePresets, newestNs);
}

export type SignalSelectionInput = CallInput<'signals.count'>;

/** The API's selection for a view. */
export function selectionOf(view: SignalsView, newestNs: number | null): SignalSelectionInput {
  return {
    ...(view.text.trim() ? { text: view.text.trim() } : {}),
    ...(view.statuses.length ? { statuses: view.statuses } : {}),
    ...(view.severities.length ? { severities: view.severities } : {}),
    ...(view.ruleIds.length ? { ruleIds: view.ruleIds } : {}),
    ...(view.hostIds.length ? { hostIds: view.hostIds } : {}),
    ...(view.techniques.length ? { techniques: view.techniques } : {}),
    ...timeBounds(view, newestNs),
  };
}

function utc(ns: number, withMs: boolean): string {
  return new Date(Math.floor(ns / 1e6)).toISOString().replace('T', ' ').slice(0, withMs ? 23 : 19);
}

/**
 * A span [fromNs, toNs) as the custom range fields write it: to the second when it falls on whole
 * seconds, else to the millisecond; the end is the last instant included.
 */
export function rangeTexts(fromNs: number, toNs: number): { from: string; to: string } {
  const wholeSeconds = fromNs % 1e9 === 0 && toNs % 1e9 === 0;
  return { from: utc(fromNs, !wholeSeconds), to: utc(toNs - (wholeSeconds ? 1e9 : 1e6), !wholeSeconds) };
}
