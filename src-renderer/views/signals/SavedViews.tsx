// Saved views: the filters of the explorer under a name, kept in the case file. Apply one, delete one,
// or save what is shown now (a name already taken is replaced).
import { useState } from 'react';
import type { SavedView } from '../../../src-shared/api/domain.ts';
import { workbench } from '../../api.ts';
import { Popover } from '../../components/Popover.tsx';
import { SafeText } from '../../components/SafeText.tsx';

/** A saved query in words, for the hover hint: "severity: critical · host: 1". */
function describeQuery(query: string): string {
  const parts = [...new URLSearchParams(query)].map(([key, value]) => `${key}: ${value}`);
  return parts.length ? parts.join(' · ') : 'Open signals, no other filter';
}

export function SavedViews({
  views,
  currentQuery,
  onApply,
  onChanged,
  onError,
}: {
  views: SavedView[];
  /** The filters shown now, as a saved view would keep them. */
  currentQuery: string;
  onApply(view: SavedView): void;
  onChanged(): void;
  onError(error: Error): void;
}) {
  const [name, setName] = useState('');
  // a new panel after a view is applied: the popover closes
  const [applied, setApplied] = useState(0);
  const active = views.find((view) => view.query === currentQuery);
  const taken = views.find((view) => view.name.toLowerCase() === name.trim().toLowerCase());
  const run = (action: () => Promise<unknown>) =>
    action().then(onChanged, (failure: unknown) => onError(failure instanceof Error ? failure : new Error(String(failure))));
  return (
    <Popover
      key={applied}
      label="Saved views"
      testId="saved-views"
      active={active !== undefined}
      button={
        <>
          <span className="popover-label">View:</span>{' '}
          <span className="popover-value">{active ? <SafeText text={active.name} /> : views.length ? 'unsaved' : 'none saved'}</span>
        </>
      }
    >
      <div className="saved-views">
        {views.length === 0 ? (
          <p className="muted popover-note">No saved views in this case yet. Set filters, then save them here under a name.</p>
        ) : (
          <ul className="saved-view-list" aria-label="Saved views of this case">
            {views.map((view) => (
              <li key={view.id} className={view === active ? 'saved-view-active' : undefined}>
                <button type="button" className="saved-view-apply" onClick={() => {
                    onApply(view);
                    setApplied((n) => n + 1);
                  }} title={describeQuery(view.query)}>
                  <SafeText text={view.name} />
                </button>
                <button type="button" className="icon-button" aria-label={`Delete the view ${view.name}`} title="Delete this view" onClick={() => void run(() => workbench().call('views.remove', { id: view.id }))}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
        <form
          className="saved-view-save"
          onSubmit={(event) => {
            event.preventDefault();
            if (!name.trim()) return;
            void run(() => workbench().call('views.save', { page: 'signals', name: name.trim(), query: currentQuery })).then(() => setName(''));
          }}
        >
          <label className="saved-view-name">
            <span>Save the current filters as</span>
            <input value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. Critical on web-01" maxLength={80} aria-label="View name" />
          </label>
          <button type="submit" className="primary" disabled={!name.trim()}>
            {taken ? 'Replace' : 'Save view'}
          </button>
          {taken && <p className="muted saved-view-hint">Replaces the view “{taken.name}”.</p>}
        </form>
      </div>
    </Popover>
  );
}
