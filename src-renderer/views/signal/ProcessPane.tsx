// The process selected in the tree: who it was (command line, executable, user, directory, container,
// when it started and ended) and its events, oldest first, a page at a time. All of it came from the
// monitored host and is shown as text.
import { useCallback, useEffect, useState } from 'react';
import type { EventCursor, EventRow, ProcessNode } from '../../../src-shared/api/domain.ts';
import { workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import { formatCount, formatTimeNsFull } from '../../format.ts';
import { commandLine, startTime } from './labels.ts';
import { ProcessLink } from './ProcessLink.tsx';

const pageSize = 100;

const roleText: Record<ProcessNode['role'], string> = {
  focus: 'the process this tree is about',
  ancestor: 'an ancestor',
  sibling: 'a sibling',
  descendant: 'a descendant',
};

export interface ProcessPaneProps {
  hostId: number;
  node: ProcessNode;
  /** Events a signal matched: marked in the list. */
  matched: ReadonlySet<number>;
  isTreeFocus: boolean;
  onOpenEvent(event: EventRow): void;
}

/** The process's events, oldest first, a page at a time (the pane is keyed by process: one per process). */
function useProcessEvents(hostId: number, node: ProcessNode) {
  const [state, setState] = useState<{ rows: EventRow[]; next: EventCursor | null; total: number | null; loaded: boolean; error?: Error }>({ rows: [], next: null, total: null, loaded: false });
  const [loading, setLoading] = useState(false);
  const fetchPage = useCallback(
    (after: EventCursor | null) => workbench().call('processes.events', { hostId, processes: [{ pid: node.pid, startNs: node.startNs }], limit: pageSize, count: after === null, ...(after ? { after } : {}) }),
    [hostId, node.pid, node.startNs],
  );
  useEffect(() => {
    let live = true;
    fetchPage(null).then(
      (page) => live && setState({ rows: page.rows, next: page.next, total: page.total, loaded: true }),
      (error: unknown) => live && setState({ rows: [], next: null, total: null, loaded: true, error: error as Error }),
    );
    return () => {
      live = false;
    };
  }, [fetchPage]);
  const loadMore = () => {
    if (state.next === null || loading) return;
    setLoading(true);
    fetchPage(state.next)
      .then(
        (page) => setState((current) => ({ ...current, rows: [...current.rows, ...page.rows], next: page.next })),
        (error: unknown) => setState((current) => ({ ...current, error: error as Error })),
      )
      .finally(() => setLoading(false));
  };
  return { ...state, more: state.next !== null, loading, loadMore };
}

export function ProcessPane({ hostId, node, matched, isTreeFocus, onOpenEvent }: ProcessPaneProps) {
  const events = useProcessEvents(hostId, node);
  return (
    <aside className="process-pane" aria-label="Selected process" data-testid="process-pane">
      <header>
        <h3 className="mono">
          <SafeText text={commandLine(node)} />
        </h3>
        <p className="muted">
          pid {node.pid} · {roleText[node.role]}
          {!isTreeFocus && (
            <>
              {' · '}
              <ProcessLink hostId={hostId} pid={node.pid} startNs={node.startNs}>
                its own tree
              </ProcessLink>
            </>
          )}
        </p>
      </header>
      <dl className="process-facts">
        <dt>Executable</dt>
        <dd className="mono"><SafeText text={node.executable} /></dd>
        <dt>User</dt>
        <dd><SafeText text={node.user} /> <span className="muted">(uid {node.uid})</span></dd>
        <dt>Directory</dt>
        <dd className="mono">{node.cwd ? <SafeText text={node.cwd} /> : <span className="muted">unknown</span>}</dd>
        <dt>Started</dt>
        <dd className="mono" title={`${node.startNs} ns since the epoch`}>{formatTimeNsFull(node.startNs)}</dd>
        <dt>Ended</dt>
        <dd className="mono">{node.exitNs === null ? <span className="muted">still running at the last event</span> : <>{startTime(node.exitNs)} UTC{node.exitCode !== null && `, exit code ${node.exitCode}`}</>}</dd>
        <dt>Parent</dt>
        <dd>pid {node.ppid}</dd>
        {node.tty && (
          <>
            <dt>Terminal</dt>
            <dd className="mono"><SafeText text={node.tty} /></dd>
          </>
        )}
        <dt>Container</dt>
        <dd className="mono">{node.containerId ? <SafeText text={node.containerId} /> : <span className="muted">none (host process)</span>}</dd>
      </dl>
      <h4>
        Events {events.total !== null && <span className="muted">({formatCount(events.total)})</span>}
      </h4>
      {events.error && <ErrorBanner error={events.error} />}
      {!events.loaded ? (
        <p className="muted">Loading…</p>
      ) : events.rows.length === 0 ? (
        <p className="muted">The case holds no event of this process (it is known from its children or the sensor's first look at the host).</p>
      ) : (
        <ol className="process-events" data-testid="process-events">
          {events.rows.map((event) => (
            <li key={event.id}>
              <button type="button" className={matched.has(event.id) ? 'matched' : undefined} onClick={() => onOpenEvent(event)} title="Show the whole event">
                <span className="mono time">{startTime(event.tsNs)}</span>
                <span className={`type type-${event.type}`}>{event.type}</span>
                <span className="mono summary"><SafeText text={event.summary} /></span>
                {matched.has(event.id) && <span className="matched-mark" title="Matched by this signal's rule">matched</span>}
              </button>
            </li>
          ))}
        </ol>
      )}
      {events.more && (
        <button type="button" onClick={events.loadMore} disabled={events.loading}>
          {events.loading ? 'Loading…' : `Show ${pageSize} more`}
        </button>
      )}
    </aside>
  );
}
