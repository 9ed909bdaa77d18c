// A process tree to investigate: the graph with the selected process and its events beside it, and the
// whole tree's events on a time line below. Picking an event on the time line selects its process and
// opens the event.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { EventRow, ProcessTimeline, ProcessTree, TimelinePoint } from '../../../src-shared/api/domain.ts';
import { workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatCount } from '../../format.ts';
import { ProcessPane } from './ProcessPane.tsx';
import { processHash } from './processRoute.ts';
import { ProcessTreeGraph } from './ProcessTreeGraph.tsx';
import { TreeTimeline } from './TreeTimeline.tsx';

const noEvents: ReadonlySet<number> = new Set();

/** The events of a tree as points on a time line, asked for when a tree is given. */
function useTimeline(tree: ProcessTree | null): { data?: ProcessTimeline; error?: Error } {
  const [state, setState] = useState<{ tree: ProcessTree; data?: ProcessTimeline; error?: Error } | null>(null);
  useEffect(() => {
    if (!tree) return;
    let live = true;
    const processes = tree.nodes.map((node) => ({ pid: node.pid, startNs: node.startNs }));
    workbench()
      .call('processes.timeline', { hostId: tree.host.id, processes })
      .then(
        (data) => live && setState({ tree, data }),
        (error: unknown) => live && setState({ tree, error: error instanceof Error ? error : new Error(String(error)) }),
      );
    return () => {
      live = false;
    };
  }, [tree]);
  return state && state.tree === tree ? state : {};
}

export interface ProcessInvestigationProps {
  tree: ProcessTree;
  /** Processes a signal matched events of, besides the tree's own focus. */
  flagged: ReadonlySet<string>;
  matchedEvents?: ReadonlySet<number>;
  onOpenEvent(event: EventRow): void;
  /** On a signal page the tree's own process is the flagged one; elsewhere it is just the process asked for. */
  focusName?: string;
}

export function ProcessInvestigation({ tree, flagged, matchedEvents = noEvents, onOpenEvent, focusName = 'This process' }: ProcessInvestigationProps) {
  const [selection, setSelection] = useState({ tree, key: tree.focusKey });
  // another tree: its own flagged process is selected first
  const selectedKey = selection.tree === tree ? selection.key : tree.focusKey;
  const select = useCallback((key: string) => setSelection({ tree, key }), [tree]);
  const openHidden = useCallback(
    (key: string) => {
      const node = tree.nodes.find((candidate) => candidate.key === key);
      if (node) window.location.hash = processHash(tree.host.id, { pid: node.pid, startNs: node.startNs });
    },
    [tree],
  );
  // the timeline's events are asked for once the graph holds every process: on a big tree the first
  // view and a first click come before megabytes of events
  const [graphComplete, setGraphComplete] = useState<ProcessTree | null>(null);
  const completed = useCallback(() => setGraphComplete(tree), [tree]);
  const timeline = useTimeline(graphComplete === tree ? tree : null);
  const selected = tree.nodes.find((node) => node.key === selectedKey) ?? tree.nodes.find((node) => node.key === tree.focusKey)!;
  const pick = useCallback(
    (point: TimelinePoint) => {
      select(point.processKey);
      void workbench()
        .call('events.get', { id: point.id })
        .then((event) => event && onOpenEvent(event), () => {});
    },
    [select, onOpenEvent],
  );
  const alsoMatched = useMemo(() => tree.nodes.some((node) => node.key !== tree.focusKey && flagged.has(node.key)), [tree, flagged]);
  const hiddenNote = tree.hidden > 0 ? ` · ${formatCount(tree.hidden)} more not shown` : '';

  return (
    <section className="investigation" aria-label="Process tree">
      <div className="section-head">
        <h2>Process tree</h2>
        <span className="muted" data-testid="tree-size">
          {formatCount(tree.nodes.length)} {tree.nodes.length === 1 ? 'process' : 'processes'}
          {hiddenNote}
        </span>
        <span className="tree-legend muted" aria-hidden="true">
          <span className="legend-focus">{focusName.toLowerCase()}</span>
          {alsoMatched && <span className="legend-flagged">also matched</span>}
          <span className="legend-ancestor">ancestor</span>
          <span className="legend-sibling">sibling</span>
          <span className="legend-selected">selected</span>
        </span>
      </div>
      <div className="investigation-body">
        <ProcessTreeGraph tree={tree} flagged={flagged} selectedKey={selected.key} onSelect={select} onOpenHidden={openHidden} focusName={focusName} onComplete={completed} />
        <ProcessPane key={`${tree.host.id}:${selected.key}`} hostId={tree.host.id} node={selected} matched={matchedEvents} isTreeFocus={selected.key === tree.focusKey} onOpenEvent={onOpenEvent} />
      </div>
      <div className="section-head">
        <h2>Timeline of the tree</h2>
      </div>
      {timeline.error && <ErrorBanner error={timeline.error} />}
      {timeline.data ? (
        <TreeTimeline points={timeline.data.points} total={timeline.data.total} selectedKey={selected.key} matched={matchedEvents} onPick={pick} />
      ) : (
        !timeline.error && <p className="muted">Loading the events of the tree…</p>
      )}
    </section>
  );
}
