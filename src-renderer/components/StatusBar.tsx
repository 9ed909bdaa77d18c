import { useEffect, useState } from 'react';
import { useStream } from '../api.ts';
import { watchConnection } from '../host/install.ts';

export function StatusBar() {
  const status = useStream('status');
  const progress = useStream('progress');
  const [connection, setConnection] = useState<'connecting' | 'open' | 'closed'>('open');
  useEffect(() => watchConnection(setConnection), []);

  const openCase = status?.openCase;
  const hosts = status?.hosts;
  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-item" data-testid="status-case">
        {openCase ? (
          <>
            <span className="status-label">Case</span> {openCase.name}
            {openCase.isDemo && <span className="badge">demo</span>}
          </>
        ) : (
          'No case open'
        )}
      </span>
      <span className="status-item" data-testid="status-hosts">
        <span className="status-label">Hosts</span>{' '}
        {hosts ? `${hosts.total} · ${hosts.connected} connected${hosts.withErrors ? ` · ${hosts.withErrors} with errors` : ''}` : '—'}
      </span>
      {openCase && (
        <span className="status-item">
          <span className="status-label">Events</span> {openCase.eventCount.toLocaleString('en-US')}
        </span>
      )}
      {progress && progress.state === 'running' && (
        <span className="status-item" role="progressbar" aria-valuenow={Math.round((progress.fraction ?? 0) * 100)}>
          {progress.title}: {progress.detail}
        </span>
      )}
      {progress && progress.state === 'failed' && <span className="status-item status-error">{progress.title} failed</span>}
      <span className="status-spacer" />
      <span className={`status-item connection-${connection}`} data-testid="status-connection">
        {connection === 'open' ? '● connected' : connection === 'connecting' ? '○ connecting…' : '○ disconnected, retrying'}
      </span>
    </footer>
  );
}
