// What the Events explorer shows (filters, order, the open event), kept in the address after
// `#/events?` so a view can be reloaded, bookmarked or sent to a colleague.
import type { EventOrder } from '../../../src-shared/api/domain.ts';

export const timePresets = [
  { id: '15m', label: 'Last 15 min', ns: 15 * 60e9 },
  { id: '1h', label: 'Last hour', ns: 3600e9 },
  { id: '24h', label: 'Last 24 h', ns: 24 * 3600e9 },
  { id: 'all', label: 'All time', ns: null },
  { id: 'custom', label: 'Custom…', ns: null },
] as const;
export type TimeRange = (typeof timePresets)[number]['id'];

export interface EventsView {
  hostIds: number[];
  types: string[];
  text: string;
  /** A SECL expression the events must match ('' for none). */
  secl: string;
  range: TimeRange;
  /** Custom range bounds as typed, UTC (`2026-11-20 14:02:00.123`, see parseUtc); '' for open. */
  from: string;
  to: string;
  order: EventOrder;
  /** The event open in the detail pane. */
  eventId: number | null;
}

export const defaultView: EventsView = { hostIds: [], types: [], text: '', secl: '', range: 'all', from: '', to: '', order: 'desc', eventId: null };

const typePattern = /^[a-z_]{2,32}$/;
/** A UTC time as analysts paste it from logs: date, then time to the minute, second or nanosecond. */
const utcPattern = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(?:Z|UTC)?$/i;

/**
 * A typed UTC time as the first and last nanosecond it names: "14:02" is the whole minute, "14:02:07"
 * the whole second, "14:02:07.5" the tenth of a second. Null when it is not such a time.
 */
export function parseUtc(text: string): { firstNs: number; lastNs: number } | null {
  const match = utcPattern.exec(text.trim());
  if (!match) return null;
  const [, date, minute, second, fraction] = match;
  const ms = Date.parse(`${date}T${minute}:${second ?? '00'}Z`);
  if (Number.isNaN(ms)) return null;
  const digits = fraction ?? '';
  const firstNs = ms * 1e6 + (digits ? Number(digits.padEnd(9, '0')) : 0);
  const spanNs = second === undefined ? 60e9 : 10 ** (9 - digits.length);
  return { firstNs, lastNs: firstNs + spanNs - 1 };
}

function ids(value: string | null): number[] {
  if (!value) return [];
  return [...new Set(value.split(',').map(Number).filter((n) => Number.isSafeInteger(n) && n >= 0))];
}

/** Reads a view from an address hash; anything malformed falls back to the default, never throws. */
export function parseView(hash: string): EventsView {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  const range = params.get('range');
  const eventId = Number(params.get('event'));
  return {
    hostIds: ids(params.get('host')),
    types: [...new Set((params.get('type') ?? '').split(',').filter((t) => typePattern.test(t)))],
    text: (params.get('q') ?? '').slice(0, 500),
    secl: (params.get('secl') ?? '').slice(0, 4000),
    range: timePresets.some((preset) => preset.id === range) ? (range as TimeRange) : 'all',
    from: parseUtc(params.get('from') ?? '') ? params.get('from')! : '',
    to: parseUtc(params.get('to') ?? '') ? params.get('to')! : '',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    eventId: params.has('event') && Number.isSafeInteger(eventId) && eventId > 0 ? eventId : null,
  };
}

export function viewHash(view: EventsView): string {
  const params = new URLSearchParams();
  if (view.hostIds.length > 0) params.set('host', view.hostIds.join(','));
  if (view.types.length > 0) params.set('type', view.types.join(','));
  if (view.text.trim()) params.set('q', view.text);
  if (view.secl.trim()) params.set('secl', view.secl);
  if (view.range !== 'all') params.set('range', view.range);
  if (view.range === 'custom' && view.from) params.set('from', view.from);
  if (view.range === 'custom' && view.to) params.set('to', view.to);
  if (view.order !== 'desc') params.set('order', view.order);
  if (view.eventId !== null) params.set('event', String(view.eventId));
  const query = params.toString();
  return `#/events${query ? `?${query}` : ''}`;
}

/** The time bounds a view asks for: presets count back from the newest event of the case. */
export function timeBounds(view: EventsView, newestNs: number | null): { fromNs?: number; toNs?: number } {
  return rangeBounds(view, timePresets, newestNs);
}

/**
 * The bounds of a time range as the explorers keep it (a preset, or custom bounds as typed, UTC). Presets
 * count back from the newest event of the case, not from now: recordings are often old.
 */
export function rangeBounds(
  { range, from, to }: { range: string; from: string; to: string },
  presets: readonly { id: string; ns: number | null }[],
  newestNs: number | null,
): { fromNs?: number; toNs?: number } {
  if (range === 'custom') {
    const first = parseUtc(from);
    const last = parseUtc(to);
    return { ...(first ? { fromNs: first.firstNs } : {}), ...(last ? { toNs: last.lastNs } : {}) };
  }
  const preset = presets.find((p) => p.id === range);
  if (!preset || preset.ns === null || newestNs === null) return {};
  return { fromNs: Math.max(0, newestNs - preset.ns) };
}

/** A time as the custom range fields show it: to the second, UTC. */
export function utcText(ns: number): string {
  return new Date(Math.floor(ns / 1e6)).toISOString().replace('T', ' ').slice(0, 19);
}
