// The features every virtual table of the workbench uses, and how its columns describe themselves.
// Sorting, filtering and paging belong to the server (the tables show lists far too big to hold), so
// the table keeps column state only: which columns show, their widths, and which one sorts.
import {
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  metaHelper,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type RowData,
} from '@tanstack/react-table';

export interface ColumnMeta {
  /** The name in the column chooser (the header may be shorter or not text). */
  label: string;
  /** This column takes the width left over by the fixed-width ones. */
  grow?: boolean;
  /** Right-aligned digits (pids, counts). */
  numeric?: boolean;
  /** Monospace: command lines, paths, ids. */
  mono?: boolean;
  /** Text shown on hover: the cell's full value when the cell cuts it short. */
  title?: (value: unknown) => string;
  /** What each order means, for the sort button's hint (default: newest / oldest first, for times). */
  sortHint?: { asc: string; desc: string };
}

export const virtualTableFeatures = tableFeatures({
  columnVisibilityFeature,
  columnSizingFeature,
  rowSortingFeature,
  columnMeta: metaHelper<ColumnMeta>(),
});

export type VirtualTableFeatures = typeof virtualTableFeatures;
export type VirtualColumn<T extends RowData> = ColumnDef<VirtualTableFeatures, T, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- each column has its own value type

export function columnHelper<T extends RowData>() {
  return createColumnHelper<VirtualTableFeatures, T>();
}

/** A column's id as the table knows it (accessor key or explicit id). */
export function columnId<T extends RowData>(column: VirtualColumn<T>): string {
  const { id, accessorKey } = column as { id?: string; accessorKey?: string };
  return id ?? accessorKey ?? '';
}
