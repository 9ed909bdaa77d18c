// Pick any number of values from a list (hosts, event types): a button that says what is chosen and
// opens a list of checkboxes. Nothing chosen means no restriction ("all").
import type { ReactNode } from 'react';
import { Popover } from './Popover.tsx';

export interface Option<V extends string | number> {
  value: V;
  label: string;
  /** Shown after the label, muted (an address, a count). */
  hint?: ReactNode;
}

export function MultiSelect<V extends string | number>({
  label,
  options,
  selected,
  onChange,
  allLabel = 'all',
  emptyText = 'Nothing to choose from yet.',
  testId,
}: {
  label: string;
  options: readonly Option<V>[];
  selected: readonly V[];
  onChange(next: V[]): void;
  allLabel?: string;
  emptyText?: string;
  testId?: string;
}) {
  const chosen = options.filter((option) => selected.includes(option.value));
  // a value from a shared link that this case does not have still counts, and can be cleared
  const unknown = selected.filter((value) => !options.some((option) => option.value === value));
  const summary =
    selected.length === 0 ? allLabel : selected.length === 1 ? (chosen[0]?.label ?? String(selected[0])) : `${selected.length} selected`;
  const toggle = (value: V, on: boolean) => onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    <Popover
      label={label}
      active={selected.length > 0}
      testId={testId}
      button={
        <>
          <span className="popover-label">{label}:</span> <span className="popover-value">{summary}</span>
        </>
      }
    >
      {options.length === 0 && <p className="muted popover-note">{emptyText}</p>}
      <ul className="check-list">
        {options.map((option) => (
          <li key={option.value}>
            <label>
              <input type="checkbox" aria-label={option.label} checked={selected.includes(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
              <span className="check-label">{option.label}</span>
              {option.hint !== undefined && <span className="check-hint">{option.hint}</span>}
            </label>
          </li>
        ))}
        {unknown.map((value) => (
          <li key={`unknown-${value}`}>
            <label>
              <input type="checkbox" checked onChange={() => toggle(value, false)} />
              <span className="check-label">{String(value)}</span>
              <span className="check-hint">not in this case</span>
            </label>
          </li>
        ))}
      </ul>
      {selected.length > 0 && (
        <button type="button" className="link-button" onClick={() => onChange([])} aria-label={`Clear the ${label} filter`}>
          Clear, show {allLabel}
        </button>
      )}
    </Popover>
  );
}
