export function formatTimeNs(ns: number): string {
  return new Date(Math.floor(ns / 1e6)).toISOString().replace('T', ' ').slice(0, 23);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** An event rate for people: "0 ev/s", "3.5 ev/s", "1,240 ev/s". */
export function formatRate(perSecond: number): string {
  const rounded = perSecond < 10 ? Math.round(perSecond * 10) / 10 : Math.round(perSecond);
  return `${formatCount(rounded)} ev/s`;
}
