// The Events table's columns. Only time sorts: the server pages by time, both ways.
import type { ColumnVisibilityState } from '@tanstack/react-table';
import type { EventRow } from '../../../src-shared/api/domain.ts';
import { visibleString } from '../../../src-shared/events/visible-text.ts';
import { SafeText } from '../../components/SafeText.tsx';
import { formatTimeNs, formatTimeNsFull } from '../../format.ts';
import { columnHelper } from '../../table/columns.ts';

const column = columnHelper<EventRow>();
const text = (value: unknown) => visibleString(String(value));

export const eventColumns = column.columns([
  column.accessor('tsNs', {
    id: 'time',
    header: 'Time (UTC)',
    size: 190,
    enableSorting: true,
    sortDescFirst: true,
    enableHiding: false,
    meta: { label: 'Time (UTC)', mono: true, title: (value) => formatTimeNsFull(value as number) },
    cell: (info) => formatTimeNs(info.getValue()),
  }),
  column.accessor('hostName', {
    id: 'host',
    header: 'Host',
    size: 110,
    enableSorting: false,
    meta: { label: 'Host', title: text },
    cell: (info) => <SafeText text={info.getValue()} />,
  }),
  column.accessor('type', {
    id: 'type',
    header: 'Type',
    size: 84,
    enableSorting: false,
    meta: { label: 'Type' },
    cell: (info) => <span className={`type type-${info.getValue()}`}>{info.getValue()}</span>,
  }),
  column.accessor('pid', { id: 'pid', header: 'PID', size: 72, enableSorting: false, meta: { label: 'PID', numeric: true, mono: true } }),
  column.accessor('ppid', { id: 'ppid', header: 'PPID', size: 76, enableSorting: false, meta: { label: 'Parent PID', numeric: true, mono: true } }),
  column.accessor('uid', { id: 'uid', header: 'UID', size: 64, enableSorting: false, meta: { label: 'UID', numeric: true, mono: true } }),
  column.accessor('comm', {
    id: 'process',
    header: 'Process',
    size: 120,
    enableSorting: false,
    meta: { label: 'Process (comm)', mono: true, title: text },
    cell: (info) => <SafeText text={info.getValue()} />,
  }),
  column.accessor('executable', {
    id: 'executable',
    header: 'Executable',
    size: 220,
    enableSorting: false,
    meta: { label: 'Executable path', mono: true, title: text },
    cell: (info) => <SafeText text={info.getValue()} />,
  }),
  column.accessor('summary', {
    id: 'what',
    header: 'What',
    size: 120, // the least it shrinks to: it takes whatever width is left
    enableSorting: false,
    meta: { label: 'What (command line, path, address)', mono: true, grow: true, title: text },
    cell: (info) => <SafeText text={info.getValue()} />,
  }),
  column.accessor('seq', { id: 'seq', header: 'Seq', size: 80, enableSorting: false, meta: { label: 'Sequence number', numeric: true, mono: true } }),
]);

/** Shown until the user chooses otherwise. */
export const defaultEventColumns: ColumnVisibilityState = { ppid: false, uid: false, executable: false, seq: false };
