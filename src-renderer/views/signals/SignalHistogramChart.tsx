// Signals over time as stacked bars by severity, in plain SVG. Drag across bars to narrow the time range
// to them, or click one bar for its bucket; the range snaps to whole buckets.
import { useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react';
import type { Severity, SignalHistogram } from '../../../src-shared/api/domain.ts';
import { formatCount, formatSpanNs } from '../../format.ts';
import { severities } from './signalsView.ts';

const height = 92;
const top = 10;
const bottom = 20;
const left = 34;
const right = 8;
/** Bottom of the stack first: the most severe sit on the axis, where they are easiest to compare. */
const stackOrder = severities;

function timeLabel(ns: number, stepNs: number): string {
  const iso = new Date(Math.floor(ns / 1e6)).toISOString();
  if (stepNs < 1e9) return iso.slice(11, 23);
  if (stepNs < 60e9) return iso.slice(11, 19);
  if (stepNs < 86_400e9) return iso.slice(11, 16);
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

const tickSteps = [1e6, 5e6, 10e6, 50e6, 100e6, 500e6, 1e9, 5e9, 10e9, 15e9, 30e9, 60e9, 300e9, 600e9, 900e9, 1800e9, 3600e9, 3 * 3600e9, 6 * 3600e9, 12 * 3600e9, 86_400e9, 7 * 86_400e9, 30 * 86_400e9];

function ticks(fromNs: number, toNs: number, width: number): { ns: number; step: number }[] {
  const wanted = Math.max(2, Math.floor(width / 110));
  const step = tickSteps.find((s) => (toNs - fromNs) / s <= wanted) ?? tickSteps.at(-1)!;
  const out: { ns: number; step: number }[] = [];
  for (let ns = Math.ceil(fromNs / step) * step; ns <= toNs && out.length < 50; ns += step) out.push({ ns, step });
  return out;
}

function bucketTitle(startNs: number, bucketNs: number, total: number, bySeverity: Record<Severity, number>): string {
  const parts = severities.filter((s) => bySeverity[s] > 0).map((s) => `${bySeverity[s]} ${s}`);
  return `${timeLabel(startNs, bucketNs)} – ${timeLabel(startNs + bucketNs, bucketNs)} UTC: ${formatCount(total)} ${total === 1 ? 'signal' : 'signals'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(200, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function SignalHistogramChart({ histogram, onRange }: { histogram: SignalHistogram | undefined; onRange(fromNs: number, toNs: number): void }) {
  const [ref, width] = useWidth();
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const buckets = histogram?.buckets ?? [];
  const plotWidth = width - left - right;
  const barWidth = buckets.length > 0 ? plotWidth / buckets.length : plotWidth;
  const max = Math.max(1, ...buckets.map((b) => b.total));
  const plotHeight = height - top - bottom;
  const y = (count: number) => (count / max) * plotHeight;

  const bucketAt = (clientX: number, svg: SVGSVGElement) => {
    const x = clientX - svg.getBoundingClientRect().left - left;
    return Math.min(buckets.length - 1, Math.max(0, Math.floor(x / barWidth)));
  };
  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (buckets.length === 0 || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const at = bucketAt(event.clientX, event.currentTarget);
    setDrag({ start: at, end: at });
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    if (drag) setDrag({ ...drag, end: bucketAt(event.clientX, event.currentTarget) });
  };
  const onPointerUp = () => {
    if (!drag || !histogram) return;
    const first = Math.min(drag.start, drag.end);
    const last = Math.max(drag.start, drag.end);
    setDrag(null);
    onRange(buckets[first]!.startNs, buckets[last]!.startNs + histogram.bucketNs);
  };

  const span = histogram && histogram.fromNs !== null && histogram.toNs !== null ? { fromNs: histogram.fromNs, toNs: histogram.toNs } : null;
  const shown = drag ? { first: Math.min(drag.start, drag.end), last: Math.max(drag.start, drag.end) } : null;
  return (
    <div className="histogram" ref={ref} data-testid="signal-histogram">
      {histogram && histogram.fromNs === null ? (
        <p className="muted histogram-empty">No signals to plot under these filters.</p>
      ) : (
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={histogram ? `Signals over time, ${formatSpanNs(histogram.bucketNs)} buckets: drag across bars or click one to narrow the time range` : 'Signals over time (loading)'}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setDrag(null)}
        >
          <line className="histogram-grid" x1={left} x2={width - right} y1={top} y2={top} />
          <text className="histogram-axis" x={left - 6} y={top + 4} textAnchor="end">
            {formatCount(max)}
          </text>
          <text className="histogram-axis" x={left - 6} y={top + plotHeight} textAnchor="end">
            0
          </text>
          <line className="histogram-baseline" x1={left} x2={width - right} y1={top + plotHeight} y2={top + plotHeight} />
          {buckets.map((bucket, index) => {
            const x = left + index * barWidth;
            const inner = Math.max(1, barWidth - (barWidth > 4 ? 2 : 0));
            let stacked = 0;
            return (
              <g key={bucket.startNs} className="histogram-bucket">
                {stackOrder.map((severity) => {
                  const count = bucket.bySeverity[severity];
                  if (count === 0) return null;
                  const h = Math.max(1, y(count));
                  stacked += h;
                  return <rect key={severity} className={`bar-${severity}`} x={x + (barWidth - inner) / 2} y={top + plotHeight - stacked} width={inner} height={h} />;
                })}
                <rect className="histogram-hit" x={x} y={top} width={barWidth} height={plotHeight}>
                  <title>{histogram ? bucketTitle(bucket.startNs, histogram.bucketNs, bucket.total, bucket.bySeverity) : ''}</title>
                </rect>
              </g>
            );
          })}
          {shown && <rect className="histogram-brush" x={left + shown.first * barWidth} y={top} width={(shown.last - shown.first + 1) * barWidth} height={plotHeight} />}
          {span &&
            ticks(span.fromNs, span.toNs, plotWidth).map((tick) => {
              const x = left + ((tick.ns - span.fromNs) / (span.toNs - span.fromNs)) * plotWidth;
              return (
                <g key={tick.ns}>
                  <line className="histogram-tick" x1={x} x2={x} y1={top + plotHeight} y2={top + plotHeight + 4} />
                  <text className="histogram-axis" x={x} y={height - 4} textAnchor={x > width - right - 36 ? 'end' : x < left + 30 ? 'start' : 'middle'}>
                    {timeLabel(tick.ns, tick.step)}
                  </text>
                </g>
              );
            })}
        </svg>
      )}
    </div>
  );
}

/** Which colour is which severity. */
export function SeverityLegend() {
  return (
    <span className="histogram-legend" aria-hidden="true">
      {severities.map((severity) => (
        <span key={severity}>
          <span className={`legend-swatch bar-${severity}`} />
          {severity}
        </span>
      ))}
    </span>
  );
}
