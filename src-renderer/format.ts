export function formatTimeNs(ns: number): string {
  return new Date(Math.floor(ns / 1e6)).toISOString().replace('T', ' ').slice(0, 23);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Every digit: 2026-11-19 10:42:00.000137000 UTC. Taken from the number's decimal form, so it agrees
 * with the raw JSON beside it (nanoseconds past 2^53 are exact to about ±128 ns, as stored).
 */
export function formatTimeNsFull(ns: number): string {
  const digits = String(ns);
  if (!/^\d{10,}$/.test(digits)) return `${formatTimeNs(ns)} UTC`;
  const seconds = Number(digits.slice(0, -9));
  const wall = new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
  return `${wall}.${digits.slice(-9)} UTC`;
}

/** How long ago (or later) a time is from a reference: "3 min before the newest event". */
export function formatSpanNs(ns: number): string {
  const seconds = Math.abs(ns) / 1e9;
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** An event rate for people: "0 ev/s", "3.5 ev/s", "1,240 ev/s". */
export function formatRate(perSecond: number): string {
  const rounded = perSecond < 10 ? Math.round(perSecond * 10) / 10 : Math.round(perSecond);
  return `${formatCount(rounded)} ev/s`;
}
