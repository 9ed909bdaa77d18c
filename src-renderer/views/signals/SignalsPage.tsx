// Security signals of the open case: a list by status, and the selected signal with what happened, why it
// matters, what to do, the process it started in with its ancestry, its matched events and its triage
// (status, assignee, notes, mute). Event text is attacker-controlled: everything is rendered as text.
import { useState } from 'react';
import type { CaseSummary, SignalDetail, SignalStatus, SignalSummary } from '../../../src-shared/api/domain.ts';
import { useCall, workbench } from '../../api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatTimeNs } from '../../format.ts';
import type { PageInfo } from '../../pages.ts';

const statusLabels: Record<SignalStatus, string> = { open: 'Open', under_review: 'Under review', archived: 'Archived' };

function Severity({ value }: { value: string }) {
  return <span className={`severity severity-${value}`}>{value}</span>;
}

function Ancestry({ event }: { event: Record<string, unknown> }) {
  const process = (event['process'] ?? {}) as { pid?: number; file?: { path?: string }; argv0?: string; args?: string; user?: string; ancestors?: Array<{ pid?: number; file?: { path?: string }; argv0?: string; args?: string; user?: string }> };
  const chain = [process, ...(process.ancestors ?? [])];
  return (
    <ol className="ancestry" aria-label="Process and its ancestors">
      {chain.map((p, index) => (
        <li key={`${p.pid}-${index}`} className={index === 0 ? 'flagged' : undefined}>
          <span className="mono">{p.file?.path ?? '?'}</span> <span className="muted">pid {p.pid ?? '?'}{p.user ? ` · ${p.user}` : ''}</span>
          {(p.argv0 || p.args) && <div className="mono command">{[p.argv0, p.args].filter(Boolean).join(' ')}</div>}
        </li>
      ))}
    </ol>
  );
}

function SignalPane({ id, onChange }: { id: number; onChange: () => void }) {
  const [generation, setGeneration] = useState(0);
  const detail = useCall('signals.get', { id }, [generation]);
  const mutes = useCall('mutes.list', {}, [generation]);
  const [note, setNote] = useState('');
  const [muteReason, setMuteReason] = useState('');
  const [problem, setProblem] = useState<Error | undefined>();
  const act = async (action: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await action();
      setGeneration((n) => n + 1);
      onChange();
    } catch (error) {
      setProblem(error as Error);
    }
  };
  const signal: SignalDetail | undefined = detail.data;
  if (!signal) return detail.error ? <ErrorBanner error={detail.error} /> : <p className="muted">Loading…</p>;
  const { rule } = signal;
  return (
    <section className="signal-pane" aria-label={`Signal ${signal.id}`}>
      <header>
        <Severity value={rule.severity} /> <span className="pill">{statusLabels[signal.status]}</span>
        <h2>{rule.id}</h2>
        <p className="muted">
          {signal.hostName} · {signal.matchCount} {signal.matchCount === 1 ? 'match' : 'matches'} · {formatTimeNs(signal.firstTsNs)} → {formatTimeNs(signal.lastTsNs)}
          {rule.tactic && ` · ${rule.tactic}`}
          {rule.technique && ` / ${rule.technique}`}
        </p>
        {rule.source.kind === 'sigma' && (
          <p className="rule-author">
            Sigma rule by {rule.source.author ?? 'unknown author'} ({rule.source.license ?? 'Detection Rule License'})
          </p>
        )}
      </header>
      {problem && <ErrorBanner error={problem} />}
      <h3>What happened</h3>
      <p>{rule.description}</p>
      <h3>Triage</h3>
      <ol>
        {rule.triage.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {rule.remediation && (
        <>
          <h3>Remediation</h3>
          <p>{rule.remediation}</p>
        </>
      )}
      <h3>Process tree when it started</h3>
      <Ancestry event={signal.firstEvent} />
      <h3>Matched events</h3>
      <table className="data-table compact">
        <tbody>
          {signal.matches.map((event) => (
            <tr key={event.id}>
              <td className="mono">{formatTimeNs(event.tsNs)}</td>
              <td><span className={`type type-${event.type}`}>{event.type}</span></td>
              <td className="mono command">{event.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Triage state</h3>
      <div className="signal-actions">
        {(['open', 'under_review', 'archived'] as const).map((status) => (
          <button key={status} type="button" disabled={signal.status === status} onClick={() => void act(() => workbench().call('signals.update', { id, status }))}>
            {statusLabels[status]}
          </button>
        ))}
        <label>
          Assignee{' '}
          <input
            defaultValue={signal.assignee}
            key={signal.assignee}
            aria-label="Assignee"
            onBlur={(e) => e.target.value !== signal.assignee && void act(() => workbench().call('signals.update', { id, assignee: e.target.value }))}
          />
        </label>
      </div>
      <form
        className="signal-actions"
        onSubmit={(e) => {
          e.preventDefault();
          if (muteReason.trim()) void act(() => workbench().call('mutes.add', { ruleId: rule.id, hostId: signal.hostId, reason: muteReason, untilMs: Date.now() + 7 * 24 * 3600 * 1000 })).then(() => setMuteReason(''));
        }}
      >
        <input value={muteReason} onChange={(e) => setMuteReason(e.target.value)} placeholder="Why mute this rule here?" aria-label="Mute reason" />
        <button type="submit" disabled={!muteReason.trim()}>Mute on {signal.hostName} for 7 days</button>
      </form>
      {(mutes.data ?? [])
        .filter((m) => m.ruleId === rule.id && (m.hostId === null || m.hostId === signal.hostId) && m.active)
        .map((m) => (
          <p key={m.id} className="muted" data-testid="active-mute">
            Muted{m.hostId === null ? ' on every host' : ` on ${signal.hostName}`}
            {m.untilMs !== null && ` until ${new Date(m.untilMs).toISOString().slice(0, 10)}`}: {m.reason} ({m.suppressed} matches held back){' '}
            <button type="button" onClick={() => void act(() => workbench().call('mutes.remove', { id: m.id }))}>Unmute</button>
          </p>
        ))}
      <h3>Notes</h3>
      <ul className="notes">
        {signal.notes.map((n) => (
          <li key={n.id}>
            <span className="muted">{new Date(n.atMs).toISOString().slice(0, 16).replace('T', ' ')}{n.author ? ` · ${n.author}` : ''}</span> {n.text}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (note.trim()) void act(() => workbench().call('signals.addNote', { id, author: signal.assignee, text: note })).then(() => setNote(''));
        }}
      >
        <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="Add a note" aria-label="Note" />
        <button type="submit">Add note</button>
      </form>
    </section>
  );
}

export function SignalsPage({ page, openCase }: { page: PageInfo; openCase: CaseSummary | null }) {
  const [status, setStatus] = useState<SignalStatus | 'all'>('open');
  const [selected, setSelected] = useState<number | null>(null);
  const [generation, setGeneration] = useState(0);
  const [hunting, setHunting] = useState(false);
  const [huntError, setHuntError] = useState<Error>();
  const signals = useCall('signals.list', status === 'all' ? {} : { statuses: [status] }, [openCase?.path, openCase?.eventCount, generation]);
  if (!openCase) return <EmptyState page={page} title="No case is open" />;
  const list: SignalSummary[] = signals.data ?? [];
  return (
    <div className="signals-page">
      <div className="toolbar">
        <div role="group" aria-label="Show signals" className="button-group">
          {(['open', 'under_review', 'archived', 'all'] as const).map((value) => (
            <button key={value} type="button" className={value === status ? 'active' : undefined} aria-pressed={value === status} onClick={() => setStatus(value)}>
              {value === 'all' ? 'All' : statusLabels[value]}
            </button>
          ))}
        </div>
        <button
          type="button"
          disabled={hunting}
          onClick={() => {
            setHunting(true);
            setHuntError(undefined);
            workbench()
              .call('detect.retroHunt', {})
              .then(
                () => setGeneration((n) => n + 1),
                (failure: unknown) => setHuntError(failure instanceof Error ? failure : new Error(String(failure))),
              )
              .finally(() => setHunting(false));
          }}
        >
          {hunting ? 'Running the rules… (progress in the status bar)' : 'Run the rules over all events'}
        </button>
      </div>
      {signals.error && <ErrorBanner error={signals.error} />}
      {huntError && <ErrorBanner error={huntError} />}
      {list.length === 0 && !signals.loading ? (
        <EmptyState page={page} title={status === 'all' ? 'No signals in this case' : `No ${statusLabels[status as SignalStatus].toLowerCase()} signals`} />
      ) : (
        <div className="signals-split">
          <div className="signals-list">
          <table className="data-table">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Signal</th>
                <th>Process</th>
                <th>Last seen (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id} data-testid={`signal-${s.rule.id}`} className={s.id === selected ? 'selected' : undefined} onClick={() => setSelected(s.id)} tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && setSelected(s.id)}>
                  <td><Severity value={s.rule.severity} /></td>
                  <td>
                    <div className="strong">{s.rule.id}</div>
                    <div className="muted">
                      {s.hostName}
                      {s.rule.technique && <span className="mono"> · {s.rule.technique}</span>}
                      {` · ${s.matchCount} ${s.matchCount === 1 ? 'match' : 'matches'}`}
                      {s.status !== 'open' && ` · ${statusLabels[s.status]}`}
                      {s.assignee && ` · ${s.assignee}`}
                    </div>
                  </td>
                  <td className="mono command" title={s.processSummary}>{s.processSummary}</td>
                  <td className="mono nowrap">{formatTimeNs(s.lastTsNs).slice(0, 19)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          {selected !== null && <SignalPane key={selected} id={selected} onChange={() => setGeneration((n) => n + 1)} />}
        </div>
      )}
    </div>
  );
}
