// Zooming a timeline: the time under the pointer stays put, a brushed range becomes the view, nothing goes
// past the events' span, and axis ticks fall on round times.
import { describe, expect, it } from 'vitest';
import { brushed, minSpanNs, originOf, pan, paddedSpan, tickLabel, ticks, zoomAround } from './timeScale.ts';

const t0 = 0; // times are offsets from a timeline's origin
const bounds = { from: t0, to: t0 + 200e9 };

describe('timeline zoom', () => {
  it('keeps the time under the pointer in place when zooming in and out', () => {
    const span = { from: t0, to: t0 + 100e9 };
    const inward = zoomAround(span, 0.25, 0.5, bounds);
    expect(inward.to - inward.from).toBeCloseTo(50e9, -3);
    expect(inward.from + (inward.to - inward.from) * 0.25).toBeCloseTo(t0 + 25e9, -4);
    // out past the whole span: the whole span, no further
    expect(zoomAround(inward, 0.5, 100, bounds)).toEqual(bounds);
    // in past the shortest span: the shortest span
    const deep = zoomAround(span, 0.5, 1e-12, bounds);
    expect(deep.to - deep.from).toBe(minSpanNs);
  });

  it('turns a brushed range into the view, in either direction, inside the events span', () => {
    expect(brushed(t0 + 30e9, t0 + 10e9, bounds)).toEqual({ from: t0 + 10e9, to: t0 + 30e9 });
    expect(brushed(t0 - 50e9, t0 + 10e9, bounds)).toEqual({ from: t0, to: t0 + 60e9 });
    const click = brushed(t0 + 5e9, t0 + 5e9, bounds);
    expect(click.to - click.from).toBe(minSpanNs);
  });

  it('pans up to the ends and no further', () => {
    expect(pan({ from: t0 + 150e9, to: t0 + 190e9 }, 30e9, bounds)).toEqual({ from: t0 + 160e9, to: t0 + 200e9 });
    expect(pan({ from: t0 + 10e9, to: t0 + 20e9 }, -30e9, bounds)).toEqual({ from: t0, to: t0 + 10e9 });
  });

  it('gives even a single event some width', () => {
    const one = paddedSpan(t0, t0);
    expect(one.from).toBeLessThan(t0);
    expect(one.to).toBeGreaterThan(t0);
  });

  it('puts ticks on round times and labels them as precisely as they are apart', () => {
    const { step, times } = ticks({ from: 0.3e9, to: 61e9 }, 7);
    expect(step).toBe(10e9);
    expect(times).toEqual([10e9, 20e9, 30e9, 40e9, 50e9, 60e9]);
    const origin = originOf(1_795_183_382_002_191_360); // 2026-11-20 14:03:02 UTC, and some
    expect(origin).toBe(1_795_183_382_000_000_000);
    expect(tickLabel(origin, 10e9, step)).toBe('14:03:12');
    expect(tickLabel(origin, 10e9 + 2e6, 1e6)).toBe('14:03:12.002');
    expect(tickLabel(origin, 2_191_250, 100_000)).toBe('14:03:02.002191');
  });
});
