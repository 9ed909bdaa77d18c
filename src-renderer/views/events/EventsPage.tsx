import { useState } from 'react';
import type { CaseSummary, EventRow } from '../../../src-shared/api/domain.ts';
import { useCall } from '../../api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatCount, formatTimeNs } from '../../format.ts';
import type { PageInfo } from '../../pages.ts';

const eventTypes = ['exec', 'fork', 'exit', 'snapshot', 'open', 'unlink', 'rename', 'chmod', 'link', 'connect', 'accept', 'bind'];

function EventDetail({ event, onClose }: { event: EventRow; onClose(): void }) {
  return (
    <aside className="detail-pane" aria-label="Event detail">
      <header>
        <h3>
          {event.type} · {event.hostName} · pid {event.pid}
        </h3>
        <button type="button" onClick={onClose} aria-label="Close detail">
          ✕
        </button>
      </header>
      <dl>
        <dt>Time (UTC)</dt>
        <dd className="mono">{formatTimeNs(event.tsNs)}</dd>
        <dt>Process</dt>
        <dd className="mono">{event.executable}</dd>
        <dt>What</dt>
        <dd className="mono">{event.summary}</dd>
        <dt>Sequence</dt>
        <dd className="mono">{event.seq}</dd>
      </dl>
      <h4>Raw event</h4>
      <pre className="raw-json" data-testid="raw-json">{JSON.stringify(event.raw, null, 2)}</pre>
    </aside>
  );
}

export function EventsPage({ page, openCase }: { page: PageInfo; openCase: CaseSummary | null }) {
  const [text, setText] = useState('');
  const [type, setType] = useState('');
  const [selected, setSelected] = useState<EventRow | null>(null);
  const query = { limit: 200, ...(text.trim() ? { text } : {}), ...(type ? { types: [type] } : {}) };
  // the status stream announces new events (at most once a second): the list follows a live capture
  const events = useCall('events.query', query, [openCase?.path, openCase?.eventCount]);
  if (!openCase) return <EmptyState page={page} title="No case is open" />;
  const unfiltered = !text.trim() && !type;
  if (unfiltered && events.data?.total === 0) return <EmptyState page={page} />;
  return (
    <div className="events-page">
      <div className="toolbar">
        <input type="search" placeholder="Search command lines and paths" value={text} onChange={(e) => setText(e.target.value)} aria-label="Search events" />
        <select value={type} onChange={(e) => setType(e.target.value)} aria-label="Event type">
          <option value="">All types</option>
          {eventTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="events-count">
          {events.data ? `${formatCount(events.data.rows.length)} of ${formatCount(events.data.total)} events` : 'Loading…'}
        </span>
      </div>
      {events.error && <ErrorBanner error={events.error} />}
      <div className="events-body">
        <div className="table-scroll">
          <table className="data-table events-table">
            <thead>
              <tr>
                <th>Time (UTC)</th>
                <th>Host</th>
                <th>Type</th>
                <th className="num">PID</th>
                <th>Process</th>
                <th>What</th>
              </tr>
            </thead>
            <tbody>
              {events.data?.rows.map((event) => (
                <tr key={event.id} onClick={() => setSelected(event)} aria-selected={selected?.id === event.id} className="clickable">
                  <td className="mono nowrap">{formatTimeNs(event.tsNs)}</td>
                  <td>{event.hostName}</td>
                  <td>
                    <span className={`type type-${event.type}`}>{event.type}</span>
                  </td>
                  <td className="num mono">{event.pid}</td>
                  <td className="mono">{event.comm}</td>
                  <td className="mono what">{event.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {events.data && events.data.rows.length === 0 && <p className="muted pad">No events match these filters.</p>}
        </div>
        {selected && <EventDetail event={selected} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
