// The Events explorer's toolbar: text search, hosts, types, time range, the count, the column chooser.
import type { ReactNode } from 'react';
import type { HostSummary } from '../../../src-shared/api/domain.ts';
import { MultiSelect } from '../../components/MultiSelect.tsx';
import { formatCount, formatTimeNs } from '../../format.ts';
import { timePresets, utcText, type EventsView, type TimeRange } from './eventsView.ts';
import type { CountProgress } from './seclPaging.ts';
import { UtcTimeInput } from './UtcTimeInput.tsx';

/** The count beside the filters; a SECL count arrives in steps, each saying how far it has read. */
function countLabel(total: number | null, capped: boolean, secl: boolean, scanning: CountProgress | null): string {
  const noun = (n: number) => `${secl ? 'matching ' : ''}${n === 1 ? 'event' : 'events'}`;
  if (total === null) {
    if (!scanning) return 'Counting…';
    const read = scanning.candidates ? ` · read ${Math.min(99, Math.floor((scanning.scanned / scanning.candidates) * 100))}% of ${formatCount(scanning.candidates)}` : '';
    if (scanning.found === 0) return `Searching${read || ` · read ${formatCount(scanning.scanned)}`}…`;
    return `≥ ${formatCount(scanning.found)} ${noun(scanning.found)}, still counting${read}`;
  }
  return capped ? `More than ${formatCount(total)} ${noun(total)}` : `${formatCount(total)} ${noun(total)}`;
}

export function EventFilters({
  view,
  update,
  searchInput,
  onSearchInput,
  hosts,
  types,
  newestNs,
  oldestNs,
  total,
  capped,
  secl = false,
  scanning = null,
  shownLimit,
  chooser,
}: {
  view: EventsView;
  update(change: Partial<EventsView>): void;
  searchInput: string;
  onSearchInput(text: string): void;
  hosts: HostSummary[];
  types: string[];
  newestNs: number | null;
  oldestNs: number | null;
  total: number | null;
  capped: boolean;
  /** A SECL query is in force: the count is of its matches, and may come in steps. */
  secl?: boolean;
  scanning?: CountProgress | null;
  shownLimit: number;
  chooser: ReactNode;
}) {
  const setRange = (range: TimeRange) => {
    if (range !== 'custom') return update({ range });
    // a custom range starts as the whole case, to narrow from
    update({
      range,
      from: view.from || (oldestNs !== null ? utcText(oldestNs) : ''),
      to: view.to || (newestNs !== null ? utcText(newestNs) : ''),
    });
  };
  const relative = timePresets.find((preset) => preset.id === view.range)?.ns ?? null;
  return (
    <div className="toolbar events-toolbar">
      <input
        type="search"
        className="events-search"
        placeholder="Search command lines, paths, addresses"
        value={searchInput}
        onChange={(event) => onSearchInput(event.target.value)}
        aria-label="Search events"
        spellCheck={false}
      />
      <MultiSelect
        label="Host"
        testId="filter-host"
        options={hosts.map((host) => ({ value: host.id, label: host.name, hint: host.address }))}
        selected={view.hostIds}
        onChange={(hostIds) => update({ hostIds })}
        emptyText="This case has no hosts."
      />
      <MultiSelect
        label="Type"
        testId="filter-type"
        options={types.map((type) => ({ value: type, label: type }))}
        selected={view.types}
        onChange={(chosen) => update({ types: chosen })}
        emptyText="No events yet, so no types."
      />
      <select value={view.range} onChange={(event) => setRange(event.target.value as TimeRange)} aria-label="Time range">
        {timePresets.map((preset) => (
          <option key={preset.id} value={preset.id}>
            {preset.label}
          </option>
        ))}
      </select>
      {view.range === 'custom' && (
        <span className="time-custom">
          <label>
            <span>From</span>
            <UtcTimeInput ariaLabel="From" value={view.from} onValid={(from) => update({ from })} />
          </label>
          <label>
            <span>to</span>
            <UtcTimeInput ariaLabel="To" value={view.to} onValid={(to) => update({ to })} />
          </label>
          <span className="muted">UTC</span>
        </span>
      )}
      {relative !== null && newestNs !== null && (
        <span className="muted time-anchor" title="Recordings are often old: presets count back from the newest event of the case, not from now">
          before the newest event, {formatTimeNs(newestNs).slice(0, 19)}
        </span>
      )}
      <span className="toolbar-spacer" />
      <span className="events-count" data-testid="events-count" aria-live="polite">
        {countLabel(total, capped, secl, scanning)}
      </span>
      {total !== null && total > shownLimit && <span className="muted">(the first {formatCount(shownLimit)} shown: narrow the filters or reverse the order)</span>}
      {chooser}
    </div>
  );
}

/** Why the table is empty when filters are on: each filter in force, and a way out. */
export function NoMatches({ view, onClear }: { view: EventsView; onClear(): void }) {
  const parts: string[] = [];
  if (view.secl.trim()) parts.push(`SECL ${view.secl.trim().length > 80 ? `${view.secl.trim().slice(0, 79)}…` : view.secl.trim()}`);
  if (view.text.trim()) parts.push(`text “${view.text.trim()}”`);
  if (view.hostIds.length) parts.push(`${view.hostIds.length} host${view.hostIds.length > 1 ? 's' : ''}`);
  if (view.types.length) parts.push(`type ${view.types.join(', ')}`);
  if (view.range !== 'all') parts.push(timePresets.find((preset) => preset.id === view.range)?.label.toLowerCase() ?? view.range);
  return (
    <div className="no-matches" data-testid="events-no-matches">
      <h3>No events match these filters</h3>
      <p className="muted">Filters in force: {parts.join(' · ')}. The case has events; none of them meets all of these at once.</p>
      <button type="button" onClick={onClear}>
        Clear all filters
      </button>
    </div>
  );
}
