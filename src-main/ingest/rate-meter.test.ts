import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter.ts';

describe('the events-per-second meter', () => {
  it('measures over the last window and falls to zero when the host goes quiet', () => {
    const meter = new RateMeter(5000);
    for (let second = 0; second <= 10; second++) meter.record(second * 1000, second * 200); // 200 ev/s
    expect(meter.perSecond(10_000, 2000)).toBeCloseTo(200, 0);
    // quiet for 10 s: nothing new
    expect(meter.perSecond(15_000, 2000)).toBeLessThan(50);
    expect(meter.perSecond(20_000, 2000)).toBe(0);
  });

  it('says 0, not NaN, before there is anything to measure', () => {
    expect(new RateMeter().perSecond(1000, 0)).toBe(0);
  });
});
