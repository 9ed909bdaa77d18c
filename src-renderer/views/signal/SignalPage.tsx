// One security signal, as an incident responder works it (Datadog's signal "investigate" panel): what
// happened and why it matters (the rule's description, ATT&CK tactic and technique, triage steps,
// remediation), triage (status, assignee, notes, mute), the process tree of the flagged process with a
// timeline of its events, the matched events, the host and container, and the signals around it on the
// same host. Everything the host sent is attacker-controlled and rendered as text.
import { useCallback, useMemo, useState } from 'react';
import type { CaseSummary, EventRow, HostContext, SignalDetail, SignalStatus, SignalSummary } from '../../../src-shared/api/domain.ts';
import { useCall, workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import { formatCount, formatSpanNs, formatTimeNs } from '../../format.ts';
import { EventDrawer } from './EventDrawer.tsx';
import { processHashOfEvent, ProcessLink } from './ProcessLink.tsx';
import { ProcessInvestigation } from './ProcessInvestigation.tsx';
import { signalHash } from './processRoute.ts';
import './signal.css';

const statusLabels: Record<SignalStatus, string> = { open: 'Open', under_review: 'Under review', archived: 'Archived' };
const muteDurations = [
  { label: '1 day', ms: 24 * 3600e3 },
  { label: '7 days', ms: 7 * 24 * 3600e3 },
  { label: '30 days', ms: 30 * 24 * 3600e3 },
  { label: 'until unmuted', ms: null },
] as const;

/** "download_piped_to_shell" → "Download piped to shell". */
export function ruleTitle(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Severity({ value }: { value: string }) {
  return <span className={`severity severity-${value}`}>{value}</span>;
}

/** The process of the first match, as a key of the process tree ("pid@start"), and those of every match. */
function matchedProcessKeys(matches: readonly EventRow[]): Set<string> {
  const keys = new Set<string>();
  for (const event of matches) {
    const createdAt = (event.raw['process'] as { created_at?: unknown } | undefined)?.created_at;
    if (typeof createdAt === 'number') keys.add(`${event.pid}@${createdAt}`);
  }
  return keys;
}

function Attack({ signal, names }: { signal: SignalDetail; names: Record<string, string> }) {
  const { tactic, technique } = signal.rule;
  if (!tactic && !technique) return <p className="muted">The rule names no ATT&CK tactic or technique.</p>;
  return (
    <dl className="attack" data-testid="attack">
      {tactic && (
        <>
          <dt>Tactic</dt>
          <dd>
            <span className="attack-id mono">{tactic}</span> {names[tactic] ?? ''}
          </dd>
        </>
      )}
      {technique && (
        <>
          <dt>Technique</dt>
          <dd>
            <span className="attack-id mono">{technique}</span> {names[technique] ?? ''}
            {technique.includes('.') && names[technique.split('.')[0]!] && <span className="muted"> ({names[technique.split('.')[0]!]})</span>}
          </dd>
        </>
      )}
    </dl>
  );
}

function Triage({ signal, onChanged }: { signal: SignalDetail; onChanged(): void }) {
  const mutes = useCall('mutes.list', {}, [signal.status, signal.assignee, signal.notes.length]);
  const [muteReason, setMuteReason] = useState('');
  const [muteFor, setMuteFor] = useState(1);
  const [problem, setProblem] = useState<Error>();
  const act = async (action: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await action();
      onChanged();
      mutes.reload();
      return true;
    } catch (error) {
      setProblem(error as Error);
      return false;
    }
  };
  const active = (mutes.data ?? []).filter((m) => m.ruleId === signal.rule.id && (m.hostId === null || m.hostId === signal.hostId) && m.active);
  const duration = muteDurations[muteFor]!;
  return (
    <section className="card triage-card" aria-label="Triage">
      <h2>Triage</h2>
      {problem && <ErrorBanner error={problem} />}
      <div role="group" aria-label="Status" className="segmented">
        {(['open', 'under_review', 'archived'] as const).map((status) => (
          <button key={status} type="button" aria-pressed={signal.status === status} className={signal.status === status ? 'active' : undefined} onClick={() => signal.status !== status && void act(() => workbench().call('signals.update', { id: signal.id, status }))}>
            {statusLabels[status]}
          </button>
        ))}
      </div>
      <label className="field">
        <span>Assignee</span>
        <input
          key={signal.assignee}
          defaultValue={signal.assignee}
          placeholder="Nobody yet"
          aria-label="Assignee"
          onBlur={(e) => e.target.value.trim() !== signal.assignee && void act(() => workbench().call('signals.update', { id: signal.id, assignee: e.target.value }))}
          onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        />
      </label>
      <form
        className="mute-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!muteReason.trim()) return;
          void act(() => workbench().call('mutes.add', { ruleId: signal.rule.id, hostId: signal.hostId, reason: muteReason, untilMs: duration.ms === null ? null : Date.now() + duration.ms })).then((ok) => ok && setMuteReason(''));
        }}
      >
        <span className="field-title">Mute this rule on {signal.hostName}</span>
        <input value={muteReason} onChange={(e) => setMuteReason(e.target.value)} placeholder="Why? (a known job…)" aria-label="Mute reason" />
        <div className="mute-row">
          <select value={muteFor} onChange={(e) => setMuteFor(Number(e.target.value))} aria-label="Mute for">
            {muteDurations.map((d, index) => (
              <option key={d.label} value={index}>{d.label}</option>
            ))}
          </select>
          <button type="submit" disabled={!muteReason.trim()}>Mute</button>
        </div>
      </form>
      {active.map((m) => (
        <p key={m.id} className="active-mute" data-testid="active-mute">
          Muted{m.hostId === null ? ' on every host' : ` on ${signal.hostName}`}
          {m.untilMs !== null && ` until ${new Date(m.untilMs).toISOString().slice(0, 10)}`}: <SafeText text={m.reason} /> ({formatCount(m.suppressed)} held back){' '}
          <button type="button" className="link-button" onClick={() => void act(() => workbench().call('mutes.remove', { id: m.id }))}>Unmute</button>
        </p>
      ))}
    </section>
  );
}

function Notes({ signal, onChanged }: { signal: SignalDetail; onChanged(): void }) {
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<Error>();
  return (
    <section className="card" aria-label="Notes">
      <h2>Notes</h2>
      {problem && <ErrorBanner error={problem} />}
      {signal.notes.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ul className="notes">
          {signal.notes.map((n) => (
            <li key={n.id}>
              <span className="muted">{new Date(n.atMs).toISOString().slice(0, 16).replace('T', ' ')}{n.author ? ` · ${n.author}` : ''}</span>
              <div className="note-text"><SafeText text={n.text} /></div>
            </li>
          ))}
        </ul>
      )}
      <form
        className="note-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!note.trim()) return;
          setProblem(undefined);
          workbench()
            .call('signals.addNote', { id: signal.id, author: signal.assignee, text: note })
            .then(() => {
              setNote('');
              onChanged();
            }, (error: unknown) => setProblem(error as Error));
        }}
      >
        <textarea value={note} onChange={(e) => setNote(e.target.value)} placeholder="What you found, what you did" aria-label="Note" rows={2} />
        <button type="submit" disabled={!note.trim()}>Add note</button>
      </form>
    </section>
  );
}

function HostCard({ host, hostName, firstEvent }: { host: HostContext | undefined; hostName: string; firstEvent: Record<string, unknown> }) {
  const process = (firstEvent['process'] ?? {}) as { container?: { id?: unknown }; cgroup?: { id?: unknown } };
  const containerId = typeof process.container?.id === 'string' ? process.container.id : '';
  return (
    <section className="card" aria-label="Host and container">
      <h2>Host and container</h2>
      <dl className="facts" data-testid="host-context">
        <dt>Host</dt>
        <dd className="strong">
          <a href="#/hosts" data-testid="host-link" title="The hosts of this case, with their sensor and capture state">
            <SafeText text={host?.name ?? hostName} />
          </a>
        </dd>
        <dt>Address</dt>
        <dd className="mono">{host?.address ? <SafeText text={host.address} /> : <span className="muted">unknown</span>}</dd>
        <dt>OS</dt>
        <dd>{host?.os ? <SafeText text={host.os} /> : <span className="muted">unknown</span>}</dd>
        <dt>Kernel</dt>
        <dd className="mono">{host?.kernel ? <SafeText text={`${host.kernel}${host.arch ? ` (${host.arch})` : ''}`} /> : <span className="muted">unknown</span>}</dd>
        <dt>Container</dt>
        <dd className="mono">{containerId ? <SafeText text={containerId} /> : <span className="muted">none: a host process</span>}</dd>
      </dl>
    </section>
  );
}

function RelatedSignals({ signal }: { signal: SignalDetail }) {
  const related = useCall('signals.related', { id: signal.id }, [signal.lastTsNs]);
  const list: SignalSummary[] = related.data ?? [];
  return (
    <section className="card" aria-label="Related signals">
      <h2>Same host, within an hour</h2>
      {related.error && <ErrorBanner error={related.error} />}
      {related.data && list.length === 0 && <p className="muted">No other signal on {signal.hostName} within an hour.</p>}
      <ul className="related" data-testid="related-signals">
        {list.map((s) => {
          const offset = s.firstTsNs - signal.firstTsNs;
          return (
            <li key={s.id}>
              <a href={signalHash(s.id)}>
                <Severity value={s.rule.severity} />
                <span className="related-name">{ruleTitle(s.rule.id)}</span>
                <span className="muted related-when" title="When it first fired, from this signal's first match">{Math.abs(offset) < 1e6 ? 'same moment' : `${offset < 0 ? '−' : '+'}${formatSpanNs(offset)}`}</span>
              </a>
              <div className="mono muted related-process"><SafeText text={s.processSummary} /></div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function MatchedEvents({ signal, onOpen }: { signal: SignalDetail; onOpen(event: EventRow): void }) {
  return (
    <section className="card" aria-label="Matched events">
      <h2>
        Matched events <span className="muted">({formatCount(signal.matchCount)}{signal.matches.length < signal.matchCount ? `, first ${signal.matches.length} shown` : ''})</span>
      </h2>
      <table className="data-table compact matched-events" data-testid="matched-events">
        <thead>
          <tr>
            <th>Time (UTC)</th>
            <th>Type</th>
            <th>Process</th>
            <th>What</th>
          </tr>
        </thead>
        <tbody>
          {signal.matches.map((event) => (
            <tr key={event.id} className="clickable" tabIndex={0} onClick={() => onOpen(event)} onKeyDown={(e) => e.key === 'Enter' && onOpen(event)}>
              <td className="mono nowrap">{formatTimeNs(event.tsNs)}</td>
              <td><span className={`type type-${event.type}`}>{event.type}</span></td>
              <td className="nowrap">
                <a href={processHashOfEvent(event)} onClick={(e) => e.stopPropagation()} className="mono">
                  <SafeText text={event.comm} /> ({event.pid})
                </a>
              </td>
              <td className="mono command"><SafeText text={event.summary} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function SignalPage({ id, openCase }: { id: number; openCase: CaseSummary | null }) {
  const [generation, setGeneration] = useState(0);
  const detail = useCall('signals.get', { id }, [openCase?.path, generation]);
  const changed = useCallback(() => setGeneration((n) => n + 1), []);
  const signal = detail.data?.id === id ? detail.data : undefined;
  if (!openCase) return <p className="muted pad">No case is open. Open the demo case from the case menu.</p>;
  if (!signal) {
    return (
      <div className="signal-page">
        <a href="#/signals" className="back-link">← Signals</a>
        {detail.error ? <ErrorBanner error={detail.error} /> : <p className="muted">Loading signal {id}…</p>}
      </div>
    );
  }
  return <SignalView key={signal.id} signal={signal} onChanged={changed} />;
}

function SignalView({ signal, onChanged }: { signal: SignalDetail; onChanged(): void }) {
  const [drawer, setDrawer] = useState<EventRow | null>(null);
  const closeDrawer = useCallback(() => setDrawer(null), []);
  const firstMatch = signal.matches[0];
  // the flagged process: the one the first match happened in (the signal kept its event when it fired)
  const firstProcess = (signal.firstEvent['process'] ?? {}) as { pid?: unknown; created_at?: unknown };
  const treeInput = firstMatch
    ? { eventId: firstMatch.id }
    : { hostId: signal.hostId, pid: Number(firstProcess.pid ?? 0), ...(typeof firstProcess.created_at === 'number' ? { startNs: firstProcess.created_at } : {}) };
  const tree = useCall('processes.tree', treeInput);
  const { rule } = signal;
  const attackIds = [rule.tactic, rule.technique, rule.technique?.split('.')[0]].filter((x): x is string => typeof x === 'string' && /^TA?\d{4}(\.\d{3})?$/.test(x));
  const attack = useCall('attack.names', { ids: attackIds });
  const flagged = useMemo(() => matchedProcessKeys(signal.matches), [signal.matches]);
  const matchedIds = useMemo(() => new Set(signal.matches.map((m) => m.id)), [signal.matches]);

  return (
    <div className="signal-page" data-testid="signal-page">
      <header className="signal-head">
        <a href="#/signals" className="back-link">← Signals</a>
        <div className="signal-title">
          <Severity value={rule.severity} />
          <h2>{ruleTitle(rule.id)}</h2>
          <span className={`pill status-${signal.status}`}>{statusLabels[signal.status]}</span>
        </div>
        <p className="muted signal-meta">
          <span className="mono">{rule.id}</span> · signal {signal.id} · <SafeText text={signal.hostName} /> · {formatCount(signal.matchCount)} {signal.matchCount === 1 ? 'match' : 'matches'} · {formatTimeNs(signal.firstTsNs)}
          {signal.lastTsNs !== signal.firstTsNs && ` → ${formatTimeNs(signal.lastTsNs)}`} UTC
          {signal.assignee && <> · assigned to <SafeText text={signal.assignee} /></>}
        </p>
        {rule.source.kind === 'sigma' && (
          <p className="rule-author" data-testid="rule-author">
            Sigma rule by <SafeText text={rule.source.author ?? 'an unknown author'} /> ({rule.source.license ?? 'Detection Rule License 1.1'})
          </p>
        )}
      </header>

      <div className="signal-overview">
        <section className="card what-card" aria-label="What happened">
          <h2>What happened</h2>
          <p className="description">{rule.description}</p>
          <p className="flagged-process">
            <span className="muted">In </span>
            <span className="mono"><SafeText text={signal.processSummary} /></span>
            {firstMatch && (
              <>
                {' · '}
                <ProcessLink event={firstMatch}>its process tree</ProcessLink>
              </>
            )}
          </p>
          <h3>MITRE ATT&CK</h3>
          <Attack signal={signal} names={attack.data ?? {}} />
        </section>
        <section className="card" aria-label="Triage steps">
          <h2>How to triage</h2>
          <ol className="steps">
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
        </section>
        <Triage signal={signal} onChanged={onChanged} />
      </div>

      {tree.error && <ErrorBanner error={tree.error} />}
      {tree.data ? <ProcessInvestigation tree={tree.data} flagged={flagged} matchedEvents={matchedIds} onOpenEvent={setDrawer} focusName="Flagged process" /> : !tree.error && <p className="muted">Loading the process tree…</p>}

      <div className="signal-bottom">
        <div className="signal-side">
          <MatchedEvents signal={signal} onOpen={setDrawer} />
          <Notes signal={signal} onChanged={onChanged} />
        </div>
        <div className="signal-side">
          <HostCard host={tree.data?.host} hostName={signal.hostName} firstEvent={signal.firstEvent} />
          <RelatedSignals signal={signal} />
        </div>
      </div>
      {drawer && <EventDrawer event={drawer} onClose={closeDrawer} />}
    </div>
  );
}
