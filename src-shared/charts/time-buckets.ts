// Time buckets for charts over a case's activity, whose span may be two minutes of a recorded intrusion or
// a month of streaming: a bucket size a person reads at a glance (5 s, 1 min, 6 h…), aligned to the clock.
const second = 1_000_000_000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

export const bucketSizesNs: readonly number[] = [
  second, 2 * second, 5 * second, 10 * second, 15 * second, 30 * second,
  minute, 2 * minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute,
  hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour,
  day, 2 * day, 7 * day, 14 * day, 30 * day, 90 * day, 365 * day,
];

/** The smallest clock-friendly bucket that covers [fromNs, toNs] in at most `maxBuckets` buckets. */
export function chooseBucketNs(fromNs: number, toNs: number, maxBuckets: number): number {
  const span = Math.max(0, toNs - fromNs);
  for (const size of bucketSizesNs) {
    if (Math.floor(toNs / size) - Math.floor(fromNs / size) + 1 <= maxBuckets || span === 0) return size;
  }
  return bucketSizesNs.at(-1)!;
}

/** The start of the bucket holding `ns`. */
export function bucketStartNs(ns: number, bucketNs: number): number {
  return Math.floor(ns / bucketNs) * bucketNs;
}

/** "5 s", "1 min", "6 h", "7 days": a bucket size for a chart's caption. */
export function describeBucket(bucketNs: number): string {
  if (bucketNs < minute) return `${bucketNs / second} s`;
  if (bucketNs < hour) return `${bucketNs / minute} min`;
  if (bucketNs < day) return `${bucketNs / hour} h`;
  return bucketNs === day ? '1 day' : `${bucketNs / day} days`;
}
