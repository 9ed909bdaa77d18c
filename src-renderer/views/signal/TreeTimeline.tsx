// The events of a process tree on a time line, one lane per kind (process, file, network, privilege,
// other), coloured by kind; the selected process's events stand out and a signal's matches are marked.
// Zoom with the wheel (around the pointer), the buttons, or by brushing a range on the lanes or on the
// overview strip below them. Events too close to tell apart share a mark that says how many it holds;
// clicking a single event opens it, clicking a shared mark zooms into it. Plain SVG, text as text.
import { useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { TimelinePoint } from '../../../src-shared/api/domain.ts';
import { visibleString } from '../../../src-shared/events/visible-text.ts';
import { formatCount, formatSpanNs } from '../../format.ts';
import { categories, categoryOf, type EventCategory } from './eventCategory.ts';
import { shortenEnd, startTime } from './labels.ts';
import { brushed, originOf, paddedSpan, pan, tickLabel, ticks, zoomAround, type Span } from './timeScale.ts';

const labelWidth = 150;
const rightPad = 14;
const laneHeight = 24;
const axisHeight = 22;
const overviewHeight = 26;
/** Width of a character of the marks' labels (11 px monospace). */
const labelCharWidth = 6.7;
/** Events closer than this many pixels share a mark. */
const columnWidth = 4;

interface Mark {
  x: number;
  lane: number;
  points: TimelinePoint[];
  selected: boolean;
  matched: boolean;
}

export interface TreeTimelineProps {
  points: readonly TimelinePoint[];
  /** Events of the tree in the case: more than `points` when the time line was capped. */
  total: number;
  selectedKey: string | null;
  matched: ReadonlySet<number>;
  onPick(point: TimelinePoint): void;
}

function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(320, Math.floor(entry.contentRect.width))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** The first point at or after `t` (points are in time order). */
function firstAtOrAfter(offsets: readonly number[], t: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offsets[middle]! < t) low = middle + 1;
    else high = middle;
  }
  return low;
}

function describe(mark: Mark): string {
  const first = mark.points[0]!;
  const head = `${startTime(first.tsNs)} ${first.type}: ${shortenEnd(first.summary, 120)}`;
  return mark.points.length === 1 ? head : `${formatCount(mark.points.length)} events from ${head}\nClick to zoom in`;
}

export function TreeTimeline({ points, total, selectedKey, matched, onPick }: TreeTimelineProps) {
  const [wrap, width] = useWidth();
  const origin = points.length > 0 ? originOf(points[0]!.tsNs) : 0;
  const offsets = useMemo(() => points.map((point) => point.tsNs - origin), [points, origin]);
  const bounds = useMemo<Span>(() => (offsets.length > 0 ? paddedSpan(offsets[0]!, offsets.at(-1)!) : { from: 0, to: 1e9 }), [offsets]);
  const [span, setSpan] = useState<Span>(bounds);
  const [boundsShown, setBoundsShown] = useState(bounds);
  if (boundsShown !== bounds) {
    setBoundsShown(bounds);
    setSpan(bounds);
  }
  const lanes = useMemo(() => {
    const present = new Set(points.map((point) => categoryOf(point.type)));
    return categories.filter((category) => present.has(category.id));
  }, [points]);
  const laneOf = useMemo(() => new Map<EventCategory, number>(lanes.map((lane, index) => [lane.id, index])), [lanes]);

  const plotWidth = width - labelWidth - rightPad;
  const lanesHeight = Math.max(1, lanes.length) * laneHeight;
  const xOf = (offset: number, view: Span = span) => ((offset - view.from) / (view.to - view.from)) * plotWidth;
  const timeAt = (x: number, view: Span = span) => view.from + (x / plotWidth) * (view.to - view.from);

  const marks = useMemo(() => {
    const byColumn = new Map<string, Mark>();
    const start = firstAtOrAfter(offsets, span.from);
    for (let i = start; i < offsets.length && offsets[i]! <= span.to; i++) {
      const point = points[i]!;
      const lane = laneOf.get(categoryOf(point.type)) ?? 0;
      // one mark per 4 px column and lane: marks and their hit areas never overlap
      const x = Math.round((((offsets[i]! - span.from) / (span.to - span.from)) * plotWidth) / columnWidth) * columnWidth;
      const id = `${lane}:${x}`;
      let mark = byColumn.get(id);
      if (!mark) {
        mark = { x, lane, points: [], selected: false, matched: false };
        byColumn.set(id, mark);
      }
      mark.points.push(point);
      mark.selected ||= point.processKey === selectedKey;
      mark.matched ||= matched.has(point.id);
    }
    return [...byColumn.values()];
  }, [offsets, points, span, plotWidth, laneOf, selectedKey, matched]);

  // when marks are far enough apart, each says what it is (text nodes: the summary is the host's text)
  const labels = useMemo(() => {
    const placed: Array<{ x: number; lane: number; text: string }> = [];
    const byLane = new Map<number, Mark[]>();
    for (const mark of marks) byLane.set(mark.lane, [...(byLane.get(mark.lane) ?? []), mark]);
    for (const [lane, list] of byLane) {
      list.sort((a, b) => a.x - b.x);
      list.forEach((mark, index) => {
        const room = (list[index + 1]?.x ?? plotWidth + 4) - mark.x - 10;
        const chars = Math.min(48, Math.floor(room / labelCharWidth));
        if (chars < 6) return;
        const text = mark.points.length === 1 ? visibleString(mark.points[0]!.summary || mark.points[0]!.type) : `${formatCount(mark.points.length)} events`;
        placed.push({ x: mark.x + 5, lane, text: shortenEnd(text, chars) });
      });
    }
    return placed;
  }, [marks, plotWidth]);

  const overview = useMemo(() => {
    const columns = new Map<number, number>();
    for (const offset of offsets) {
      const x = Math.round(xOf(offset, bounds) / 2) * 2;
      columns.set(x, (columns.get(x) ?? 0) + 1);
    }
    const most = Math.max(1, ...columns.values());
    return [...columns.entries()].map(([x, count]) => ({ x, height: 3 + (overviewHeight - 6) * Math.sqrt(count / most) }));
  }, [offsets, bounds, plotWidth]); // eslint-disable-line react-hooks/exhaustive-deps -- xOf only reads plotWidth

  // the wheel zooms around the pointer; React's wheel listeners are passive, so the page would scroll too
  const plot = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const element = plot.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      const x = event.clientX - element.getBoundingClientRect().left - labelWidth;
      if (x < 0 || x > plotWidth) return;
      event.preventDefault();
      if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        setSpan((view) => pan(view, ((event.deltaX || event.deltaY) / plotWidth) * (view.to - view.from), bounds));
      } else {
        setSpan((view) => zoomAround(view, x / plotWidth, Math.exp(event.deltaY * 0.0025), bounds));
      }
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [plotWidth, bounds]);

  // brushing: on the lanes in the current view's time, on the overview in the whole span's
  const [brush, setBrush] = useState<{ area: 'lanes' | 'overview'; fromX: number; toX: number; mark?: Mark } | null>(null);
  const localX = (event: ReactPointerEvent) => event.clientX - (plot.current?.getBoundingClientRect().left ?? 0) - labelWidth;
  const startBrush = (area: 'lanes' | 'overview', mark?: Mark) => (event: ReactPointerEvent<SVGRectElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const x = Math.min(plotWidth, Math.max(0, localX(event)));
    setBrush({ area, fromX: x, toX: x, ...(mark ? { mark } : {}) });
  };
  const moveBrush = (event: ReactPointerEvent) => brush && setBrush({ ...brush, toX: Math.min(plotWidth, Math.max(0, localX(event))) });
  const endBrush = () => {
    if (!brush) return;
    setBrush(null);
    const view = brush.area === 'lanes' ? span : bounds;
    if (Math.abs(brush.toX - brush.fromX) >= 4) return setSpan(brushed(timeAt(brush.fromX, view), timeAt(brush.toX, view), bounds));
    if (brush.area === 'overview') {
      // a click on the overview moves the view there
      const middle = timeAt(brush.fromX, bounds);
      const half = (span.to - span.from) / 2;
      return setSpan(pan(span, middle - half - span.from, bounds));
    }
    // a click on a mark: the event, or into the events it holds
    if (brush.mark && brush.mark.points.length === 1) onPick(brush.mark.points[0]!);
    else if (brush.mark) {
      // onto the events the mark holds, with room around them
      const first = brush.mark.points[0]!.tsNs - origin;
      const last = brush.mark.points.at(-1)!.tsNs - origin;
      const room = Math.max((last - first) * 0.6, (span.to - span.from) / 200);
      setSpan(brushed(first - room, last + room, bounds));
    }
  };

  const axis = ticks(span, Math.max(2, Math.floor(plotWidth / 120)));
  const whole = span.from <= bounds.from && span.to >= bounds.to;
  const colors: Record<EventCategory, string> = { process: 'var(--cat-process)', file: 'var(--cat-file)', network: 'var(--cat-network)', privilege: 'var(--cat-privilege)', other: 'var(--cat-other)' };
  const brushRect = brush && Math.abs(brush.toX - brush.fromX) >= 1 ? { x: Math.min(brush.fromX, brush.toX), width: Math.abs(brush.toX - brush.fromX) } : null;
  const height = lanesHeight + axisHeight + overviewHeight + 8;

  if (points.length === 0) return <p className="muted">No events of these processes in the case.</p>;
  return (
    <div className="tree-timeline" ref={wrap} data-testid="tree-timeline">
      <div className="timeline-toolbar" role="toolbar" aria-label="Timeline zoom">
        <button type="button" onClick={() => setSpan(zoomAround(span, 0.5, 0.5, bounds))} aria-label="Zoom in on the timeline">+</button>
        <button type="button" onClick={() => setSpan(zoomAround(span, 0.5, 2, bounds))} aria-label="Zoom out on the timeline" disabled={whole}>−</button>
        <button type="button" onClick={() => setSpan(bounds)} disabled={whole}>Whole tree</button>
        <span className="muted" data-testid="timeline-range">
          {tickLabel(origin, Math.max(0, span.from), 1e6)} → {tickLabel(origin, span.to, 1e6)} UTC · {formatSpanNs(span.to - span.from)} shown
          {' · '}
          {points.length < total ? `first ${formatCount(points.length)} of ${formatCount(total)} events` : `${formatCount(total)} events`}
        </span>
        <span className="timeline-hint muted">wheel to zoom · drag to zoom to a range</span>
      </div>
      <svg ref={plot} width={width} height={height} className="timeline-svg" role="img" aria-label="Events of the process tree over time">
        {lanes.map((lane, index) => (
          <g key={lane.id} transform={`translate(0, ${index * laneHeight})`}>
            <rect x={labelWidth} y={0} width={plotWidth} height={laneHeight} className={index % 2 ? 'lane lane-odd' : 'lane'} />
            <circle cx={10} cy={laneHeight / 2} r={4} fill={colors[lane.id]} />
            <text x={20} y={laneHeight / 2 + 4} className="lane-label">{lane.label}</text>
          </g>
        ))}
        <g transform={`translate(${labelWidth}, 0)`}>
          {axis.times.map((t) => (
            <g key={t}>
              <line x1={xOf(t)} x2={xOf(t)} y1={0} y2={lanesHeight} className="tick-line" />
              <text x={xOf(t)} y={lanesHeight + 15} className="tick-label" textAnchor="middle">{tickLabel(origin, t, axis.step)}</text>
            </g>
          ))}
          <rect x={0} y={0} width={plotWidth} height={lanesHeight} className="brush-area" onPointerDown={startBrush('lanes')} onPointerMove={moveBrush} onPointerUp={endBrush} />
          {marks.map((mark) => {
            const dim = selectedKey !== null && !mark.selected;
            const tall = mark.selected || mark.points.length > 1;
            return (
              <g key={`${mark.lane}:${mark.x}`} className="mark" pointerEvents="none">
                <rect x={mark.x - 1.5} y={mark.lane * laneHeight + (tall ? 3 : 5)} width={3} height={laneHeight - (tall ? 6 : 10)} rx={1} fill={colors[categoryOf(mark.points[0]!.type)]} opacity={dim ? 0.5 : 1} />
                {mark.matched && <path d={`M ${mark.x - 4} ${mark.lane * laneHeight} L ${mark.x + 4} ${mark.lane * laneHeight} L ${mark.x} ${mark.lane * laneHeight + 5} Z`} className="matched-marker" />}
              </g>
            );
          })}
          {labels.map((label) => (
            <text key={`label:${label.lane}:${label.x}`} x={label.x} y={label.lane * laneHeight + laneHeight / 2 + 4} className="mark-label" pointerEvents="none">
              {label.text}
            </text>
          ))}
          {/* hit targets with tooltips, above the brush area: titles are text nodes, whatever the summary holds */}
          {marks.map((mark) => (
            <rect
              key={`hit:${mark.lane}:${mark.x}`}
              x={mark.x - columnWidth / 2}
              y={mark.lane * laneHeight}
              width={columnWidth}
              height={laneHeight}
              className="mark-hit"
              data-testid={mark.points.length === 1 ? `timeline-event-${mark.points[0]!.id}` : undefined}
              onPointerDown={startBrush('lanes', mark)}
              onPointerMove={moveBrush}
              onPointerUp={endBrush}
            >
              <title>{describe(mark)}</title>
            </rect>
          ))}
          {brush?.area === 'lanes' && brushRect && <rect x={brushRect.x} y={0} width={brushRect.width} height={lanesHeight} className="brush" pointerEvents="none" />}
          <g transform={`translate(0, ${lanesHeight + axisHeight})`}>
            <rect x={0} y={0} width={plotWidth} height={overviewHeight} className="overview" onPointerDown={startBrush('overview')} onPointerMove={moveBrush} onPointerUp={endBrush} data-testid="timeline-overview" />
            {overview.map((column) => (
              <rect key={column.x} x={column.x - 1} y={overviewHeight - column.height} width={2} height={column.height} className="overview-bar" pointerEvents="none" />
            ))}
            <rect x={xOf(span.from, bounds)} y={0} width={Math.max(2, xOf(span.to, bounds) - xOf(span.from, bounds))} height={overviewHeight} className="overview-window" pointerEvents="none" />
            {brush?.area === 'overview' && brushRect && <rect x={brushRect.x} y={0} width={brushRect.width} height={overviewHeight} className="brush" pointerEvents="none" />}
          </g>
        </g>
      </svg>
    </div>
  );
}
