// Signals by severity over time as stacked bars, in plain SVG: a few dozen rectangles need no chart library,
// and plain SVG takes the theme's colours from CSS, passes the Content-Security-Policy (no inline styles)
// and stays easy to test. The worst severity sits at the bottom of each bar, where the eye starts.
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { Severity } from '../../../src-shared/api/domain.ts';
import { describeBucket } from '../../../src-shared/charts/time-buckets.ts';
import { severitiesWorstFirst, type SignalTimeline } from '../../../src-shared/overview/threats.ts';

const height = 190;
const margin = { top: 10, right: 8, bottom: 24, left: 34 };
const severityNames: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** 1, 2 or 5 times a power of ten, at least `value` (and at least 1: counts are whole). */
function niceStep(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= value) ?? 10 * power;
}

function clock(ns: number, withSeconds: boolean): string {
  const iso = new Date(Math.floor(ns / 1e6)).toISOString();
  return withSeconds ? iso.slice(11, 19) : iso.slice(11, 16);
}

/** A bucket's start for the axis: the time of day, or the day for day-sized buckets. */
function tickLabel(ns: number, bucketNs: number, spansDays: boolean): string {
  const iso = new Date(Math.floor(ns / 1e6)).toISOString();
  if (bucketNs >= 86_400e9) return iso.slice(5, 10);
  const time = clock(ns, bucketNs < 60e9);
  return spansDays ? `${iso.slice(5, 10)} ${time}` : time;
}

/**
 * `bucketHref` makes each bar a link (the Signals explorer over the bar's span): a click or Enter drills
 * down, and links are reachable with Tab, so the keyboard gets there too.
 */
export function SeverityChart({ timeline, bucketHref }: { timeline: SignalTimeline; bucketHref?: (fromNs: number, toNs: number) => string }) {
  const [ref, width] = useWidth();
  const [hovered, setHovered] = useState<number | null>(null);
  const { buckets, bucketNs } = timeline;
  const totals = buckets.map((b) => severitiesWorstFirst.reduce((sum, s) => sum + b.counts[s], 0));
  const step = niceStep(Math.max(...totals, 1) / 4);
  const top = Math.max(step, Math.ceil(Math.max(...totals, 1) / step) * step);
  const plotWidth = Math.max(0, width - margin.left - margin.right);
  const plotHeight = height - margin.top - margin.bottom;
  const band = buckets.length > 0 ? plotWidth / buckets.length : 0;
  const barWidth = Math.max(1, Math.min(band * 0.72, 28));
  const y = (count: number) => margin.top + plotHeight - (count / top) * plotHeight;
  const first = buckets[0]!.startNs;
  const last = buckets.at(-1)!.startNs + bucketNs;
  const spansDays = new Date(first / 1e6).toISOString().slice(0, 10) !== new Date((last - 1) / 1e6).toISOString().slice(0, 10);
  const labelEvery = Math.max(1, Math.ceil(buckets.length / Math.max(1, Math.floor(plotWidth / (spansDays ? 110 : 70)))));
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  const inRange = severitiesWorstFirst.map((s) => [s, buckets.reduce((sum, b) => sum + b.counts[s], 0)] as const);
  const total = totals.reduce((a, b) => a + b, 0);
  const hoveredBucket = hovered === null ? null : buckets[hovered];

  return (
    <figure className="severity-chart">
      <div className="chart-area" ref={ref}>
        {width > 0 && (
          <svg width={width} height={height} role="img" aria-label={`${total} signals by severity, ${describeBucket(bucketNs)} per bar, from ${clock(first, true)} to ${clock(last, true)} UTC`} onMouseLeave={() => setHovered(null)}>
            {ticks.map((tick) => (
              <g key={tick} className="chart-grid">
                <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
                <text x={margin.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">{tick}</text>
              </g>
            ))}
            {buckets.map((bucket, index) => {
              const x = margin.left + index * band + (band - barWidth) / 2;
              let base = 0;
              const content = (
                <g key={bucket.startNs} className={hovered === index ? 'chart-bucket hovered' : 'chart-bucket'} onMouseEnter={() => setHovered(index)}>
                  <rect className="chart-hit" x={margin.left + index * band} y={margin.top} width={band} height={plotHeight} />
                  {severitiesWorstFirst.map((severity) => {
                    const count = bucket.counts[severity];
                    if (count === 0) return null;
                    const y0 = y(base);
                    base += count;
                    return <rect key={severity} data-testid="chart-bar" data-severity={severity} data-count={count} className={`tone-fill tone-${severity}`} x={x} y={y(base)} width={barWidth} height={Math.max(1, y0 - y(base) - 1)} />;
                  })}
                  {index % labelEvery === 0 && (
                    <text className="chart-tick" x={margin.left + index * band + band / 2} y={height - 6} textAnchor="middle">
                      {tickLabel(bucket.startNs, bucketNs, spansDays)}
                    </text>
                  )}
                </g>
              );
              if (!bucketHref || totals[index] === 0) return content;
              return (
                <a
                  key={bucket.startNs}
                  href={bucketHref(bucket.startNs, bucket.startNs + bucketNs)}
                  className="chart-link"
                  data-testid="chart-link"
                  aria-label={`${totals[index]} signals first seen ${clock(bucket.startNs, true)}–${clock(bucket.startNs + bucketNs, true)} UTC: show them in Signals`}
                  onFocus={() => setHovered(index)}
                  onBlur={() => setHovered(null)}
                >
                  {content}
                </a>
              );
            })}
            <line className="chart-axis" x1={margin.left} x2={width - margin.right} y1={y(0)} y2={y(0)} />
          </svg>
        )}
        {hoveredBucket && hovered !== null && (
          <div className={`chart-tooltip${hovered > buckets.length / 2 ? ' chart-tooltip-left' : ''}`} data-testid="chart-tooltip" role="status">
            <strong>
              {clock(hoveredBucket.startNs, true)}–{clock(hoveredBucket.startNs + bucketNs, true)} UTC
            </strong>
            {totals[hovered] === 0 ? (
              <div className="muted">No signals</div>
            ) : (
              severitiesWorstFirst
                .filter((s) => hoveredBucket.counts[s] > 0)
                .map((s) => (
                  <div key={s} className={`chart-tooltip-row tone-${s}`}>
                    <span className="tone-swatch" /> {hoveredBucket.counts[s]} {severityNames[s].toLowerCase()}
                  </div>
                ))
            )}
          </div>
        )}
      </div>
      <figcaption>
        <ul className="chart-legend" aria-label="Severities">
          {inRange.map(([severity, count]) => (
            <li key={severity} className={`tone-${severity}${count === 0 ? ' empty' : ''}`}>
              <span className="tone-swatch" /> {severityNames[severity]} <span className="muted">{count}</span>
            </li>
          ))}
        </ul>
        <span className="muted chart-caption">
          {describeBucket(bucketNs)} per bar · by first match · {new Date(first / 1e6).toISOString().slice(0, 10)}
          {spansDays ? ` to ${new Date((last - 1) / 1e6).toISOString().slice(0, 10)}` : ''} UTC
        </span>
      </figcaption>
    </figure>
  );
}
