// The event calls' inputs at the API boundary: real sensor times are nanoseconds since the epoch, past
// 2^53, and must pass as cursors and time bounds; nonsense must not.
import { describe, expect, it } from 'vitest';
import { callInputs } from './contract.ts';

const ts = 1_795_183_382_004_245_800; // a time from the demo recording

describe('event queries at the API boundary', () => {
  it('take times past 2^53 as cursors and bounds, paged either way', () => {
    const query = callInputs['events.query'].parse({ fromNs: ts - 60e9, toNs: ts, before: { tsNs: ts, id: 7 }, order: 'asc', skip: 300, count: false });
    expect(query).toMatchObject({ fromNs: ts - 60e9, toNs: ts, before: { tsNs: ts, id: 7 }, order: 'asc', skip: 300, count: false, limit: 200 });
    expect(callInputs['events.query'].parse({})).toMatchObject({ order: 'desc', skip: 0, count: true });
    expect(callInputs['events.count'].parse({ after: { tsNs: ts, id: 1 }, cap: 1000 })).toEqual({ after: { tsNs: ts, id: 1 }, cap: 1000 });
  });

  it('refuses fractional or negative times, unknown orders and negative skips', () => {
    expect(callInputs['events.query'].safeParse({ fromNs: 1.5 }).success).toBe(false);
    expect(callInputs['events.query'].safeParse({ toNs: -1 }).success).toBe(false);
    expect(callInputs['events.query'].safeParse({ after: { tsNs: Number.NaN, id: 1 } }).success).toBe(false);
    expect(callInputs['events.query'].safeParse({ order: 'random' }).success).toBe(false);
    expect(callInputs['events.query'].safeParse({ skip: -1 }).success).toBe(false);
    expect(callInputs['events.get'].safeParse({ id: 0 }).success).toBe(false);
  });
});
