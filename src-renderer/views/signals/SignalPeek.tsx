// The highlighted signal's essentials beside the list, for triage without leaving it: what the rule saw
// and why it matters, where and when, the process, its state, a note. The investigation itself (process
// tree, timeline, matched events) is the signal's own page. All of it is rendered as text.
import { useState } from 'react';
import type { SignalStatus } from '../../../src-shared/api/domain.ts';
import { useCall, workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import { formatTimeNs } from '../../format.ts';
import { SeverityBadge, StatusBadge, Technique } from './signalColumns.tsx';
import { statusLabels } from './signalsView.ts';

export function SignalPeek({ id, attackNames, version, onChange, onClose }: { id: number; attackNames: Record<string, string>; version: unknown; onChange(): void; onClose?: () => void }) {
  const [generation, setGeneration] = useState(0);
  const detail = useCall('signals.get', { id }, [generation, version]);
  const mutes = useCall('mutes.list', {}, [generation, version]);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<Error>();
  const act = async (action: () => Promise<unknown>): Promise<boolean> => {
    setProblem(undefined);
    try {
      await action();
      setGeneration((n) => n + 1);
      onChange();
      return true;
    } catch (error) {
      setProblem(error instanceof Error ? error : new Error(String(error)));
      return false;
    }
  };
  const signal = detail.data;
  if (!signal) {
    return (
      <aside className="detail-pane signal-peek" aria-label="Signal">
        {detail.error ? <ErrorBanner error={detail.error} /> : <p className="muted">Loading…</p>}
      </aside>
    );
  }
  const { rule } = signal;
  const activeMutes = (mutes.data ?? []).filter((m) => m.active && m.ruleId === rule.id && (m.hostId === null || m.hostId === signal.hostId));
  const setStatus = (status: SignalStatus) => void act(() => workbench().call('signals.update', { id, status }));
  return (
    <aside className="detail-pane signal-peek" aria-label={`Signal ${signal.id}`} data-testid="signal-peek">
      <header className="peek-head">
        <div className="peek-badges">
          <SeverityBadge value={rule.severity} /> <StatusBadge value={signal.status} />
        </div>
        {onClose && (
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close the side pane" title="Close (Esc)">
            ✕
          </button>
        )}
      </header>
      <h2 className="peek-title">
        <SafeText text={rule.id} />
      </h2>
      <a className="peek-open" href={`#/signals/${signal.id}`}>
        Investigate: process tree, timeline, events →
      </a>
      {problem && <ErrorBanner error={problem} />}
      <p className="peek-description">
        <SafeText text={rule.description} />
      </p>
      <dl className="peek-facts">
        <dt>Host</dt>
        <dd>
          <SafeText text={signal.hostName} />
        </dd>
        <dt>Seen</dt>
        <dd className="mono">
          {formatTimeNs(signal.firstTsNs).slice(0, 19)}
          {signal.lastTsNs !== signal.firstTsNs && ` → ${formatTimeNs(signal.lastTsNs).slice(11, 19)}`} UTC
        </dd>
        <dt>Matches</dt>
        <dd>{signal.matchCount}</dd>
        <dt>ATT&amp;CK</dt>
        <dd>
          {rule.tactic && (
            <div>
              <span className="mono">{rule.tactic}</span> {attackNames[rule.tactic] ?? ''}
            </div>
          )}
          <Technique id={rule.technique} names={attackNames} />
        </dd>
        {rule.source.kind === 'sigma' && (
          <>
            <dt>Sigma rule</dt>
            <dd>
              by <SafeText text={rule.source.author ?? 'unknown author'} /> ({rule.source.license ?? 'Detection Rule License'})
            </dd>
          </>
        )}
        <dt>Process</dt>
        <dd className="mono peek-process">
          <SafeText text={signal.processSummary} />
        </dd>
      </dl>
      {rule.triage.length > 0 && (
        <>
          <h3>Triage</h3>
          <ol className="peek-triage">
            {rule.triage.map((step, index) => (
              <li key={index}>
                <SafeText text={step} />
              </li>
            ))}
          </ol>
        </>
      )}
      <h3>State</h3>
      <div className="peek-actions" role="group" aria-label="Set status">
        {(['open', 'under_review', 'archived'] as const).map((status) => (
          <button key={status} type="button" disabled={signal.status === status} aria-pressed={signal.status === status} onClick={() => setStatus(status)}>
            {statusLabels[status]}
          </button>
        ))}
      </div>
      <p className="muted peek-assignee">
        {signal.assignee ? (
          <>
            Assigned to <SafeText text={signal.assignee} />
          </>
        ) : (
          'Not assigned'
        )}
      </p>
      {activeMutes.map((mute) => (
        <p key={mute.id} className="peek-mute" data-testid="active-mute">
          Rule muted {mute.hostId === null ? 'on every host' : `on ${signal.hostName}`}
          {mute.untilMs !== null && ` until ${new Date(mute.untilMs).toISOString().slice(0, 10)}`}: <SafeText text={mute.reason} /> ({mute.suppressed} held back){' '}
          <button type="button" className="link-button" onClick={() => void act(() => workbench().call('mutes.remove', { id: mute.id }))}>
            Unmute
          </button>
        </p>
      ))}
      <h3>Notes</h3>
      {signal.notes.length === 0 && <p className="muted">No notes yet.</p>}
      <ul className="notes">
        {signal.notes.slice(-3).map((n) => (
          <li key={n.id}>
            <span className="muted">
              {new Date(n.atMs).toISOString().slice(0, 16).replace('T', ' ')}
              {n.author ? ` · ` : ''}
              {n.author && <SafeText text={n.author} />}
            </span>{' '}
            <SafeText text={n.text} />
          </li>
        ))}
      </ul>
      {signal.notes.length > 3 && <p className="muted">{signal.notes.length - 3} earlier notes on the signal page.</p>}
      <form
        className="peek-note"
        onSubmit={(event) => {
          event.preventDefault();
          if (note.trim()) void act(() => workbench().call('signals.addNote', { id, author: signal.assignee, text: note })).then((done) => done && setNote(''));
        }}
      >
        <input value={note} onChange={(event) => setNote(event.target.value)} placeholder="Add a note" aria-label="Note" maxLength={10_000} />
        <button type="submit" disabled={!note.trim()}>
          Add
        </button>
      </form>
    </aside>
  );
}
