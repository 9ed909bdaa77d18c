// A table over a list of any length: only the rows on screen are in the DOM, the header stays on top,
// the scrollbar spans the whole list, and rows not loaded yet show as placeholders. Arrow keys move the
// selection (Page Up/Down, Home/End too), Enter opens the selected row. Column state (visibility,
// sort) is owned by the caller, who fetches rows in that order.
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useTable,
  type ColumnVisibilityState,
  type Header,
  type RowData,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useEffect, useId, useImperativeHandle, useMemo, useRef, type CSSProperties, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { virtualTableFeatures, type VirtualColumn, type VirtualTableFeatures } from './columns.ts';
import './table.css';

/** Chromium lays out at most ~33.5 M pixels: past this many rows a scrollbar cannot span the list. */
export function maxRowsFor(rowHeight: number): number {
  return Math.floor(30_000_000 / rowHeight);
}

export interface VirtualTableHandle {
  scrollToIndex(index: number): void;
  focus(): void;
}

export interface VirtualTableProps<T extends RowData> {
  label: string;
  columns: VirtualColumn<T>[];
  rowCount: number;
  rowAt(index: number): T | undefined;
  rowId(row: T): string;
  onRangeChange(first: number, last: number): void;
  sorting: SortingState;
  onSortingChange(updater: Updater<SortingState>): void;
  columnVisibility: ColumnVisibilityState;
  onColumnVisibilityChange(updater: Updater<ColumnVisibilityState>): void;
  /** The selected row's id, and where it was last seen (a hint: rows move in a live list). */
  selectedId: string | null;
  selectedIndex: number | null;
  onSelect(index: number, row: T | undefined): void;
  /** Enter, or a click: show the row in full. */
  onOpen(index: number, row: T): void;
  /** Shown in the body when there are no rows. */
  empty?: ReactNode;
  /** A new list (other filters, other order) starts at its top. */
  scrollResetKey?: string;
  rowHeight?: number;
  handle?: Ref<VirtualTableHandle>;
  testId?: string;
}

const headerHeight = 34;

function cellStyle<T extends RowData>(column: Header<VirtualTableFeatures, T, unknown>['column']): CSSProperties {
  return column.columnDef.meta?.grow ? { flex: '1 1 0', minWidth: column.getSize() } : { flex: `0 0 ${column.getSize()}px`, width: column.getSize() };
}

function cellClass(meta: { numeric?: boolean; mono?: boolean } | undefined): string {
  return ['vt-cell', meta?.numeric ? 'vt-num' : '', meta?.mono ? 'mono' : ''].filter(Boolean).join(' ');
}

function sortTitle(sorted: false | 'asc' | 'desc', hint: { asc: string; desc: string }): string {
  if (sorted === 'desc') return `${hint.desc}: click for ${hint.asc.toLowerCase()}`;
  if (sorted === 'asc') return `${hint.asc}: click for ${hint.desc.toLowerCase()}`;
  return 'Sort by this column';
}

export function VirtualTable<T extends RowData>(props: VirtualTableProps<T>) {
  const { columns, rowCount, rowAt, rowId, selectedId, selectedIndex, rowHeight = 28 } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLTableElement>(null);
  const idPrefix = useId();

  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders this component itself
  const virtualizer = useVirtualizer({
    count: Math.min(rowCount, maxRowsFor(rowHeight)),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollMargin: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  const { onRangeChange, scrollResetKey } = props;
  useEffect(() => onRangeChange(first, last), [first, last, onRangeChange]);
  const shownList = useRef(scrollResetKey);
  useEffect(() => {
    if (shownList.current === scrollResetKey) return;
    shownList.current = scrollResetKey;
    scrollRef.current?.scrollTo({ top: 0 });
  }, [scrollResetKey]);

  // The table sees only the loaded rows on screen: its row model is rebuilt per scroll step, not per list.
  const window = useMemo(() => {
    const rows: T[] = [];
    const at = new Map<number, number>();
    for (let index = first; index <= last; index++) {
      const row = rowAt(index);
      if (row === undefined) continue;
      at.set(index, rows.length);
      rows.push(row);
    }
    return { rows, at };
  }, [first, last, rowAt]);

  const table = useTable({
    features: virtualTableFeatures,
    columns,
    data: window.rows,
    getRowId: (row: T) => rowId(row),
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting: props.sorting, columnVisibility: props.columnVisibility },
    onSortingChange: props.onSortingChange,
    onColumnVisibilityChange: props.onColumnVisibilityChange,
  });
  const tableRows = table.getRowModel().rows;

  /** Where the selected row is now: at its last place if it is still there, else wherever it moved on screen. */
  const currentIndex = (): number | null => {
    if (selectedId === null) return selectedIndex;
    if (selectedIndex !== null) {
      const there = rowAt(selectedIndex);
      if (there !== undefined && rowId(there) === selectedId) return selectedIndex;
    }
    for (let index = first; index <= last; index++) {
      const row = rowAt(index);
      if (row !== undefined && rowId(row) === selectedId) return index;
    }
    return selectedIndex;
  };

  const moveTo = (index: number) => {
    const count = virtualizer.options.count;
    if (count === 0) return;
    const target = Math.max(0, Math.min(count - 1, index));
    virtualizer.scrollToIndex(target, { align: 'auto' });
    props.onSelect(target, rowAt(target));
  };

  useImperativeHandle(props.handle, () => ({
    scrollToIndex: (index: number) => virtualizer.scrollToIndex(index, { align: 'center' }),
    focus: () => gridRef.current?.focus(),
  }));

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? rowHeight) - headerHeight) / rowHeight) - 1);
    const now = currentIndex();
    const moves: Record<string, () => number> = {
      ArrowDown: () => (now === null ? first : now + 1),
      ArrowUp: () => (now === null ? first : now - 1),
      PageDown: () => (now ?? first) + page,
      PageUp: () => (now ?? first) - page,
      Home: () => 0,
      End: () => virtualizer.options.count - 1,
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      moveTo(move());
      return;
    }
    if (event.key === 'Enter' && now !== null) {
      const row = rowAt(now);
      if (row !== undefined) {
        event.preventDefault();
        props.onOpen(now, row);
      }
    }
  };

  const visibleColumns = table.getVisibleLeafColumns();
  const activeIndex = currentIndex();
  return (
    <div className="vt-scroll" ref={scrollRef} data-testid={props.testId}>
      <table
        ref={gridRef}
        className="vt-table"
        role="grid"
        aria-label={props.label}
        aria-rowcount={rowCount + 1}
        aria-colcount={visibleColumns.length}
        tabIndex={0}
        aria-activedescendant={activeIndex !== null && activeIndex >= first && activeIndex <= last ? `${idPrefix}-row-${activeIndex}` : undefined}
        onKeyDown={onKeyDown}
      >
        <thead className="vt-head" style={{ height: headerHeight }}>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="vt-row" role="row" aria-rowindex={1}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const meta = header.column.columnDef.meta;
                return (
                  <th
                    key={header.id}
                    role="columnheader"
                    className={cellClass({ numeric: meta?.numeric ?? false })}
                    style={cellStyle(header.column)}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        className="vt-sort"
                        onClick={header.column.getToggleSortingHandler()}
                        title={sortTitle(sorted, meta?.sortHint ?? { asc: 'Oldest first', desc: 'Newest first' })}
                      >
                        <table.FlexRender header={header} />
                        <span className="vt-sort-mark" aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}</span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="vt-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const position = window.at.get(item.index);
            const row = position === undefined ? undefined : tableRows[position];
            const style: CSSProperties = { transform: `translateY(${item.start - headerHeight}px)`, height: rowHeight };
            if (row === undefined) {
              return (
                <tr key={`pending-${item.index}`} className="vt-row vt-pending" role="row" aria-rowindex={item.index + 2} style={style} aria-busy="true">
                  {visibleColumns.map((column) => (
                    <td key={column.id} role="gridcell" className="vt-cell" style={cellStyle(column)}>
                      <span className="vt-skeleton" />
                    </td>
                  ))}
                </tr>
              );
            }
            const selected = selectedId !== null && row.id === selectedId;
            return (
              <tr
                key={row.id}
                id={`${idPrefix}-row-${item.index}`}
                className="vt-row vt-data"
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                style={style}
                onClick={() => {
                  props.onSelect(item.index, row.original);
                  props.onOpen(item.index, row.original);
                }}
              >
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  const value = cell.getValue();
                  return (
                    <td key={cell.id} role="gridcell" className={cellClass(meta)} style={cellStyle(cell.column)} title={meta?.title ? meta.title(value) : typeof value === 'string' ? value : undefined}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rowCount === 0 && props.empty !== undefined && <div className="vt-empty">{props.empty}</div>}
    </div>
  );
}
