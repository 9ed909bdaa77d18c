import { describe, expect, it } from 'vitest';
import { bucketStartNs, chooseBucketNs, describeBucket } from './time-buckets.ts';

const s = 1e9;
const t0 = 1_795_183_361_000_958_700; // the demo intrusion's first signal

describe('time buckets for a chart', () => {
  it('cuts the two and a half minutes of the demo intrusion into 5-second bars', () => {
    const size = chooseBucketNs(t0, t0 + 159 * s, 48);
    expect(describeBucket(size)).toBe('5 s');
    expect(Math.floor((t0 + 159 * s) / size) - Math.floor(t0 / size) + 1).toBeLessThanOrEqual(48);
  });

  it('grows to hours and days for long captures, never past the number of bars asked for', () => {
    expect(describeBucket(chooseBucketNs(t0, t0 + 3 * 24 * 3600 * s, 48))).toBe('2 h');
    expect(describeBucket(chooseBucketNs(t0, t0 + 40 * 24 * 3600 * s, 48))).toBe('1 day');
    for (const span of [0, 1, 59, 3600, 86_400, 10 * 86_400, 400 * 86_400]) {
      const size = chooseBucketNs(t0, t0 + span * s, 30);
      expect(Math.floor((t0 + span * s) / size) - Math.floor(t0 / size) + 1).toBeLessThanOrEqual(30);
    }
  });

  it('gives a single instant one 1-second bar', () => {
    expect(chooseBucketNs(t0, t0, 48)).toBe(s);
  });

  it('aligns buckets to the clock', () => {
    const size = 60 * s;
    const start = bucketStartNs(t0, size);
    expect(start % size).toBe(0);
    expect(start).toBeLessThanOrEqual(t0);
    expect(t0 - start).toBeLessThan(size);
    expect(new Date(start / 1e6).toISOString().slice(17)).toBe('00.000Z');
  });
});
