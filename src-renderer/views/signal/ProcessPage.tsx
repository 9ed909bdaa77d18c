// The tree of any process (#/process/<hostId>/<pid>@<start>): where every process link leads. The same
// investigation as on a signal page: the graph, the selected process and its events, the timeline.
import { useCallback, useState } from 'react';
import type { CaseSummary, EventRow } from '../../../src-shared/api/domain.ts';
import { useCall } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import { EventDrawer } from './EventDrawer.tsx';
import { commandLine } from './labels.ts';
import { ProcessInvestigation } from './ProcessInvestigation.tsx';
import type { ProcessTarget } from './processRoute.ts';
import './signal.css';

const noneFlagged: ReadonlySet<string> = new Set();

export function ProcessPage({ target, openCase }: { target: ProcessTarget; openCase: CaseSummary | null }) {
  const tree = useCall('processes.tree', target, [openCase?.path]);
  const [drawer, setDrawer] = useState<EventRow | null>(null);
  const closeDrawer = useCallback(() => setDrawer(null), []);
  if (!openCase) return <p className="muted pad">No case is open. Open the demo case from the case menu.</p>;
  const data = tree.loading ? undefined : tree.data;
  const focus = data?.nodes.find((node) => node.key === data.focusKey);
  return (
    <div className="signal-page process-page" data-testid="process-page">
      <header className="signal-head">
        <a href="#/events" className="back-link" onClick={(e) => { if (window.history.length > 1) { e.preventDefault(); window.history.back(); } }}>← Back</a>
        {focus && data ? (
          <>
            <div className="signal-title">
              <h2 className="mono"><SafeText text={commandLine(focus)} /></h2>
              {focus.exitNs === null ? <span className="pill">running at the last event</span> : <span className="pill">exited{focus.exitCode !== null ? ` (${focus.exitCode})` : ''}</span>}
            </div>
            <p className="muted signal-meta">
              Process tree of pid {focus.pid}, <SafeText text={focus.user} />, on <SafeText text={data.host.name} />
              {data.host.address && <> ({data.host.address})</>}
              {data.host.os && <> · <SafeText text={data.host.os} /></>}
              {data.host.kernel && <> · kernel <SafeText text={data.host.kernel} /></>}
              {focus.containerId && <> · container <span className="mono"><SafeText text={focus.containerId} /></span></>}
            </p>
          </>
        ) : (
          !tree.error && <p className="muted">Loading the process tree…</p>
        )}
      </header>
      {tree.error && <ErrorBanner error={tree.error} />}
      {data && <ProcessInvestigation tree={data} flagged={noneFlagged} onOpenEvent={setDrawer} />}
      {drawer && <EventDrawer event={drawer} onClose={closeDrawer} />}
    </div>
  );
}
