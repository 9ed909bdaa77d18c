// The visible span of a timeline and how zooming moves it: around a point (wheel, buttons), to a brushed
// range, or by panning, never past the events' own span nor below a span too short to tell apart. Times
// are nanoseconds from an origin (a whole second before the first event): nanoseconds since the epoch are
// past 2^53, where a double is only exact to 256 ns.

export interface Span {
  from: number;
  to: number;
}

/** Zoomed in no further than this many nanoseconds across (the sensor's events are µs apart at most). */
export const minSpanNs = 20_000;

function clampTo(span: Span, bounds: Span): Span {
  const width = Math.min(span.to - span.from, bounds.to - bounds.from);
  let from = Math.max(bounds.from, span.from);
  if (from + width > bounds.to) from = bounds.to - width;
  return { from, to: from + width };
}

/** The events' span with a little room at both ends, and some width even for a single instant. */
export function paddedSpan(first: number, last: number): Span {
  const width = Math.max(last - first, minSpanNs * 50);
  const pad = width * 0.03;
  const middle = (first + last) / 2;
  return last - first >= minSpanNs * 50 ? { from: first - pad, to: last + pad } : { from: middle - width / 2 - pad, to: middle + width / 2 + pad };
}

/** Zooms by `factor` (below 1: in) keeping the time at `anchor` (0..1 across) where it is. */
export function zoomAround(span: Span, anchor: number, factor: number, bounds: Span): Span {
  const width = span.to - span.from;
  const next = Math.min(bounds.to - bounds.from, Math.max(minSpanNs, width * factor));
  const at = span.from + width * Math.min(1, Math.max(0, anchor));
  return clampTo({ from: at - next * anchor, to: at - next * anchor + next }, bounds);
}

/** The span between two times picked in any order (a brushed range), at least the minimum wide. */
export function brushed(a: number, b: number, bounds: Span): Span {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  if (to - from >= minSpanNs) return clampTo({ from, to }, bounds);
  const middle = (from + to) / 2;
  return clampTo({ from: middle - minSpanNs / 2, to: middle + minSpanNs / 2 }, bounds);
}

/** Moves the span by `deltaNs`, stopping at the ends. */
export function pan(span: Span, deltaNs: number, bounds: Span): Span {
  return clampTo({ from: span.from + deltaNs, to: span.to + deltaNs }, bounds);
}

/** Round times for axis ticks: about `count` of them, at 1-2-5 steps of seconds or their fractions. */
export function ticks(span: Span, count: number): { step: number; times: number[] } {
  const raw = (span.to - span.from) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude;
  const times: number[] = [];
  for (let t = Math.ceil(span.from / step) * step; t <= span.to; t += step) times.push(t);
  return { step, times };
}

/** A whole second at or before a time since the epoch (exact as a double): the origin of a timeline. */
export function originOf(firstNs: number): number {
  return Math.floor(firstNs / 1e9) * 1e9;
}

/** A tick's label: wall-clock time (UTC) to the precision the step between ticks needs. */
export function tickLabel(originNs: number, offsetNs: number, step: number): string {
  const seconds = Math.floor(offsetNs / 1e9);
  const clock = new Date(originNs / 1e6 + seconds * 1000).toISOString().slice(11, 19);
  const fraction = Math.round(offsetNs - seconds * 1e9);
  if (step >= 1e9) return clock;
  if (step >= 1e6) return `${clock}.${String(Math.floor(fraction / 1e6)).padStart(3, '0')}`;
  return `${clock}.${String(Math.floor(fraction / 1e3)).padStart(6, '0')}`;
}
