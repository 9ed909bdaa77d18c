// Show or hide a table's columns. At least one column always stays, or the table would be blank.
import type { ColumnVisibilityState, RowData, Updater } from '@tanstack/react-table';
import { Popover } from '../components/Popover.tsx';
import { columnId, type VirtualColumn } from './columns.ts';

export function ColumnChooser<T extends RowData>({
  columns,
  visibility,
  onChange,
  onReset,
}: {
  columns: readonly VirtualColumn<T>[];
  visibility: ColumnVisibilityState;
  onChange(updater: Updater<ColumnVisibilityState>): void;
  onReset(): void;
}) {
  const shown = columns.filter((column) => visibility[columnId(column)] !== false);
  return (
    <Popover label="Columns" align="end" testId="column-chooser" button={<span>Columns</span>}>
      <ul className="check-list">
        {columns.map((column) => {
          const id = columnId(column);
          const visible = visibility[id] !== false;
          const last = visible && shown.length === 1;
          return (
            <li key={id}>
              <label title={last ? 'The last visible column cannot be hidden' : undefined}>
                <input type="checkbox" checked={visible} disabled={last} onChange={(event) => onChange((state) => ({ ...state, [id]: event.target.checked }))} />
                <span className="check-label">{column.meta?.label ?? id}</span>
              </label>
            </li>
          );
        })}
      </ul>
      <button type="button" className="link-button" onClick={onReset}>
        Reset to default columns
      </button>
    </Popover>
  );
}
