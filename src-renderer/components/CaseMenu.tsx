import { useState, type FormEvent } from 'react';
import type { CaseSummary } from '../../src-shared/api/domain.ts';
import { useCall, workbench } from '../api.ts';
import { ErrorBanner } from './ErrorBanner.tsx';

/** Open, create and switch cases; the status stream tells the rest of the app which case is open. */
export function CaseMenu({ current }: { current: CaseSummary | null }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<Error>();
  const cases = useCall('cases.list', {}, [open]);

  const run = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      setOpen(false);
      setName('');
    } catch (failure) {
      setError(failure as Error);
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(() => workbench().call('cases.create', { name }));
  };

  return (
    <div className="case-menu">
      <button type="button" className="case-button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="case-menu">
        <span className="case-button-label">Case</span>
        <span className="case-button-name">{current?.name ?? 'No case open'}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="case-popover" role="dialog" aria-label="Cases">
          {error && <ErrorBanner error={error} />}
          <button type="button" className="primary" onClick={() => void run(() => workbench().call('cases.openDemo', {}))}>
            Open the demo case
          </button>
          <form onSubmit={create} className="case-create">
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="New case name, e.g. web-01 compromise" aria-label="New case name" maxLength={120} />
            <button type="submit" disabled={name.trim() === ''}>Create</button>
          </form>
          <h4>Cases</h4>
          {cases.error && <ErrorBanner error={cases.error} />}
          <ul className="case-list">
            {cases.data?.map((c) => (
              <li key={c.path}>
                <button type="button" onClick={() => void run(() => workbench().call('cases.open', { path: c.path }))} aria-current={c.path === current?.path} title={c.path}>
                  <span>{c.name}</span>
                  <span className="muted">
                    {c.hostCount} hosts · {c.eventCount.toLocaleString('en-US')} events
                  </span>
                </button>
              </li>
            ))}
            {cases.data?.length === 0 && <li className="muted">No cases yet.</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
