// The explorer's time range: presets counted back from the newest event, or custom bounds typed in UTC
// (or set by dragging across the histogram), and the way back to all time.
import { formatSpanNs, formatTimeNs } from '../../format.ts';
import { UtcTimeInput } from '../events/UtcTimeInput.tsx';
import { timePresets, type SignalsView, type TimeRange } from './signalsView.ts';

export function TimeRangeControls({
  view,
  update,
  bounds,
  newestNs,
  span,
}: {
  view: SignalsView;
  update(change: Partial<SignalsView>): void;
  bounds: { fromNs?: number; toNs?: number };
  newestNs: number | null;
  /** The span the histogram shows, to start a custom range from. */
  span: { fromNs: number; toNs: number } | null;
}) {
  const setRange = (range: TimeRange) => {
    if (range !== 'custom') return update({ range, from: '', to: '' });
    const start = bounds.fromNs ?? span?.fromNs;
    const end = bounds.toNs ?? (span ? span.toNs - 1 : undefined);
    update({ range, from: start === undefined ? '' : formatTimeNs(start).slice(0, 19), to: end === undefined ? '' : formatTimeNs(end).slice(0, 19) });
  };
  return (
    <div className="time-controls">
      <select value={view.range} onChange={(event) => setRange(event.target.value as TimeRange)} aria-label="Time range">
        {timePresets.map((preset) => (
          <option key={preset.id} value={preset.id}>
            {preset.label}
          </option>
        ))}
      </select>
      {view.range === 'custom' && (
        <>
          <UtcTimeInput className="time-input" ariaLabel="From" value={view.from} onValid={(from) => update({ from })} />
          <span className="muted">to</span>
          <UtcTimeInput className="time-input" ariaLabel="To" value={view.to} onValid={(to) => update({ to })} />
          <span className="muted">UTC</span>
          {bounds.fromNs !== undefined && bounds.toNs !== undefined && <span className="muted time-span">({formatSpanNs(bounds.toNs - bounds.fromNs + 1)})</span>}
        </>
      )}
      {view.range !== 'all' && view.range !== 'custom' && newestNs !== null && (
        <span className="muted time-anchor" title="Recordings are often old: presets count back from the newest event of the case, not from now">
          before the newest event, {formatTimeNs(newestNs).slice(0, 19)}
        </span>
      )}
      {view.range !== 'all' && (
        <button type="button" className="link-button" onClick={() => update({ range: 'all', from: '', to: '' })}>
          Show all time
        </button>
      )}
    </div>
  );
}
