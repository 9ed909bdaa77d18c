export function formatTimeNs(ns: number): string {
  return new Date(Math.floor(ns / 1e6)).toISOString().replace('T', ' ').slice(0, 23);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
