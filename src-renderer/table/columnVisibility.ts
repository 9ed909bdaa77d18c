// Which columns a table shows, kept in localStorage per table so the choice survives a reload.
import { useCallback, useState } from 'react';
import type { ColumnVisibilityState, Updater } from '@tanstack/react-table';

function read(storageKey: string, defaults: ColumnVisibilityState): ColumnVisibilityState {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
    if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) return defaults;
    // only booleans: a damaged or hand-edited entry must not break the table
    const valid = Object.entries(saved).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean');
    return { ...defaults, ...Object.fromEntries(valid) };
  } catch {
    return defaults;
  }
}

export function usePersistentColumnVisibility(
  storageKey: string,
  defaults: ColumnVisibilityState,
): [ColumnVisibilityState, (updater: Updater<ColumnVisibilityState>) => void] {
  const [visibility, setVisibility] = useState(() => read(storageKey, defaults));
  const update = useCallback(
    (updater: Updater<ColumnVisibilityState>) =>
      setVisibility((previous) => {
        const next = typeof updater === 'function' ? updater(previous) : updater;
        localStorage.setItem(storageKey, JSON.stringify(next));
        return next;
      }),
    [storageKey],
  );
  return [visibility, update];
}
