// The signals table's columns. Cells read what changes often (the checked rows, ATT&CK names) from a
// context, so the column definitions stay the same object and the table does not rebuild on each click.
import type { ColumnVisibilityState } from '@tanstack/react-table';
import { createContext, useContext, type MouseEvent } from 'react';
import type { Severity, SignalStatus, SignalSummary } from '../../../src-shared/api/domain.ts';
import { visibleString } from '../../../src-shared/events/visible-text.ts';
import { SafeText } from '../../components/SafeText.tsx';
import { formatTimeNs, formatTimeNsFull } from '../../format.ts';
import { columnHelper } from '../../table/columns.ts';
import { statusLabels } from './signalsView.ts';

export interface SignalTableState {
  attackNames: Record<string, string>;
  isChecked(id: number): boolean;
  /** A checkbox clicked; with Shift, every row between it and the last one clicked follows it. */
  toggle(signal: SignalSummary, checked: boolean, range: boolean): void;
  /** The header box: 'all' when every matching signal is picked. */
  picked: 'none' | 'some' | 'all';
  toggleAll(): void;
}

export const SignalTableContext = createContext<SignalTableState>({
  attackNames: {},
  isChecked: () => false,
  toggle: () => {},
  picked: 'none',
  toggleAll: () => {},
});

export function SeverityBadge({ value }: { value: Severity }) {
  return (
    <span className={`sev sev-${value}`}>
      <span className="sev-dot" aria-hidden="true" />
      {value}
    </span>
  );
}

export function StatusBadge({ value }: { value: SignalStatus }) {
  return <span className={`status status-${value}`}>{statusLabels[value]}</span>;
}

/** "T1059.004 Unix Shell", or a dash when the rule names no technique. */
export function Technique({ id, names }: { id: string | null; names: Record<string, string> }) {
  if (!id) return <span className="muted" title="The rule names no ATT&CK technique">—</span>;
  return (
    <span title={`${id} ${names[id] ?? ''}`.trim()}>
      <span className="mono">{id}</span>
      {names[id] && <span className="technique-name"> {names[id]}</span>}
    </span>
  );
}

function CheckCell({ signal }: { signal: SignalSummary }) {
  const table = useContext(SignalTableContext);
  const checked = table.isChecked(signal.id);
  return (
    <input
      type="checkbox"
      className="row-check"
      checked={checked}
      aria-label={`Select signal ${signal.id} (${signal.rule.id})`}
      // the row opens the signal on click: a click on its box only picks it
      onClick={(event: MouseEvent<HTMLInputElement>) => {
        event.stopPropagation();
        table.toggle(signal, !checked, event.shiftKey);
      }}
      onChange={() => {}}
    />
  );
}

function CheckHeader() {
  const table = useContext(SignalTableContext);
  return (
    <input
      type="checkbox"
      className="row-check"
      checked={table.picked === 'all'}
      ref={(element) => {
        if (element) element.indeterminate = table.picked === 'some';
      }}
      aria-label={table.picked === 'none' ? 'Select all matching signals' : 'Clear the selection'}
      title={table.picked === 'none' ? 'Select every signal that matches the filters' : 'Clear the selection'}
      onChange={() => table.toggleAll()}
    />
  );
}

function TechniqueCell({ signal }: { signal: SignalSummary }) {
  const { attackNames } = useContext(SignalTableContext);
  return <Technique id={signal.rule.technique} names={attackNames} />;
}

function RuleCell({ signal }: { signal: SignalSummary }) {
  const { rule } = signal;
  return (
    <span title={visibleString(`${rule.id}: ${rule.description}`)}>
      <span className="rule-name">
        <SafeText text={rule.id} />
      </span>
      {rule.source.kind === 'sigma' && (
        <span className="rule-author-inline">
          {' '}
          · Sigma, by <SafeText text={rule.source.author ?? 'unknown author'} />
        </span>
      )}
    </span>
  );
}

const column = columnHelper<SignalSummary>();
const text = (value: unknown) => visibleString(String(value));
/** Month, day and time: the year is the case's, and the full time is in the hint. */
const time = (ns: number) => formatTimeNs(ns).slice(5, 19);
const alphabetical = { asc: 'A to Z', desc: 'Z to A' };

export const signalColumns = column.columns([
  column.display({
    id: 'pick',
    header: () => <CheckHeader />,
    size: 36,
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'Select' },
    cell: (info) => <CheckCell signal={info.row.original} />,
  }),
  column.accessor((s) => s.rule.severity, {
    id: 'severity',
    header: 'Severity',
    size: 98,
    enableSorting: true,
    sortDescFirst: true,
    meta: { label: 'Severity', sortHint: { desc: 'Most severe first', asc: 'Least severe first' } },
    cell: (info) => <SeverityBadge value={info.getValue()} />,
  }),
  column.accessor((s) => s.rule.id, {
    id: 'rule',
    header: 'Rule',
    size: 200,
    enableSorting: true,
    sortDescFirst: false,
    enableHiding: false,
    // the cell's own hint says more (the description)
    meta: { label: 'Rule', grow: true, sortHint: alphabetical, title: () => '' },
    cell: (info) => <RuleCell signal={info.row.original} />,
  }),
  column.accessor('hostName', {
    id: 'host',
    header: 'Host',
    size: 84,
    enableSorting: true,
    sortDescFirst: false,
    meta: { label: 'Host', title: text, sortHint: alphabetical },
    cell: (info) => <SafeText text={info.getValue()} />,
  }),
  column.accessor((s) => s.rule.technique ?? '', {
    id: 'technique',
    header: 'ATT&CK technique',
    size: 176,
    enableSorting: true,
    sortDescFirst: false,
    meta: { label: 'ATT&CK technique', sortHint: alphabetical, title: () => '' },
    cell: (info) => <TechniqueCell signal={info.row.original} />,
  }),
  column.accessor('status', {
    id: 'status',
    header: 'Status',
    size: 96,
    enableSorting: true,
    sortDescFirst: false,
    meta: { label: 'Status', sortHint: { asc: 'Open first', desc: 'Archived first' } },
    cell: (info) => <StatusBadge value={info.getValue()} />,
  }),
  column.accessor('assignee', {
    id: 'assignee',
    header: 'Assignee',
    size: 92,
    enableSorting: true,
    sortDescFirst: false,
    meta: { label: 'Assignee', title: text, sortHint: alphabetical },
    cell: (info) => (info.getValue() ? <SafeText text={info.getValue()} /> : <span className="muted">—</span>),
  }),
  column.accessor('firstTsNs', {
    id: 'firstSeen',
    header: 'First seen (UTC)',
    size: 128,
    enableSorting: true,
    sortDescFirst: true,
    meta: { label: 'First seen (UTC)', mono: true, title: (value) => formatTimeNsFull(value as number) },
    cell: (info) => time(info.getValue()),
  }),
  column.accessor('lastTsNs', {
    id: 'lastSeen',
    header: 'Last seen (UTC)',
    size: 128,
    enableSorting: true,
    sortDescFirst: true,
    meta: { label: 'Last seen (UTC)', mono: true, title: (value) => formatTimeNsFull(value as number) },
    cell: (info) => time(info.getValue()),
  }),
  column.accessor('matchCount', {
    id: 'matches',
    header: 'Matches',
    size: 84,
    enableSorting: true,
    sortDescFirst: true,
    meta: { label: 'Matches', numeric: true, mono: true, sortHint: { desc: 'Most matches first', asc: 'Fewest matches first' } },
  }),
  column.accessor('processSummary', {
    id: 'process',
    header: 'Process',
    size: 220,
    enableSorting: false,
    meta: { label: 'Process (first match)', mono: true, title: text },
    cell: (info) => <SafeText text={info.getValue()} />,
  }),
  column.accessor((s) => (s.rule.source.kind === 'sigma' ? (s.rule.source.author ?? 'unknown author') : ''), {
    id: 'author',
    header: 'Sigma author',
    size: 180,
    enableSorting: false,
    meta: { label: 'Sigma rule author', title: text },
    cell: (info) => (info.getValue() ? <SafeText text={info.getValue()} /> : <span className="muted">—</span>),
  }),
]);

/**
 * Shown until the user chooses otherwise: what fits beside the facets on a laptop. The rule cell names a
 * Sigma rule's author already; assignees are set in bulk and shown beside the list.
 */
export const defaultSignalColumns: ColumnVisibilityState = { assignee: false, firstSeen: false, process: false, author: false };
