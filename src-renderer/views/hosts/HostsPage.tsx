import { Fragment, useState } from 'react';
import type { CaseSummary, HostSummary } from '../../../src-shared/api/domain.ts';
import { useCall, useStream, workbench } from '../../api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatCount, formatRate, formatTimeNs } from '../../format.ts';
import type { PageInfo } from '../../pages.ts';
import { HostForm } from './HostForm.tsx';
import { SshConfigImport } from './SshConfigImport.tsx';

/** The sensor's next steps for a host, by its state. */
function SensorActions({ host, run, disabled }: { host: HostSummary; run(action: () => Promise<unknown>): void; disabled: boolean }) {
  const hostId = host.id;
  const button = (label: string, action: () => Promise<unknown>) => (
    <button type="button" disabled={disabled} onClick={() => run(action)}>
      {label}
    </button>
  );
  return (
    <>
      {host.sensor === 'not-deployed' && button('Deploy sensor', () => workbench().call('sensor.deploy', { hostId }))}
      {(host.sensor === 'deployed' || host.sensor === 'stopped') && button('Start', () => workbench().call('sensor.start', { hostId }))}
      {host.sensor === 'running' && !host.capture && button('Stream', () => workbench().call('capture.start', { hostId }))}
      {host.sensor === 'running' && button('Stop', () => workbench().call('sensor.stop', { hostId }))}
      {host.sensor !== 'not-deployed' && host.sensor !== 'running' && button('Uninstall', () => workbench().call('sensor.uninstall', { hostId }))}
    </>
  );
}

type Dialog = { kind: 'add' } | { kind: 'edit'; host: HostSummary } | { kind: 'import' } | null;

export function HostsPage({ page, openCase }: { page: PageInfo; openCase: CaseSummary | null }) {
  const status = useStream('status');
  const hosts = useCall('hosts.list', {}, [openCase?.path, status]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [actionError, setActionError] = useState<Error>();
  const [busy, setBusy] = useState<Set<number>>(new Set());

  if (!openCase) return <EmptyState page={page} title="No case is open" />;
  const list = hosts.data ?? [];

  const act = async (host: HostSummary, action: () => Promise<unknown>) => {
    setActionError(undefined);
    setBusy((b) => new Set(b).add(host.id));
    try {
      await action();
    } catch (failure) {
      setActionError(failure as Error);
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(host.id);
        return next;
      });
      hosts.reload();
    }
  };
  const remove = (host: HostSummary) => {
    if (window.confirm(`Remove ${host.name} and its ${host.eventCount} events from this case?`)) void act(host, () => workbench().call('hosts.remove', { id: host.id }));
  };
  const closeDialog = (changed: boolean) => {
    setDialog(null);
    if (changed) hosts.reload();
  };
  const nameOf = (id: number | null) => list.find((h) => h.id === id)?.name;
  const addThisMachine = async () => {
    setActionError(undefined);
    try {
      await workbench().call('hosts.addLocal', {});
    } catch (failure) {
      setActionError(failure as Error);
    }
    hosts.reload();
  };

  return (
    <div className="hosts-page">
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'add' })}>Add host</button>
        <button type="button" onClick={() => setDialog({ kind: 'import' })}>Import from ~/.ssh/config</button>
        {!list.some((h) => h.local) && (
          <button type="button" title="Local mode: the sensor runs on the machine the workbench runs on (needs root)" onClick={() => void addThisMachine()}>
            Add this machine
          </button>
        )}
      </div>
      {hosts.error && <ErrorBanner error={hosts.error} />}
      {actionError && <ErrorBanner error={actionError} />}
      {hosts.data && list.length === 0 && <EmptyState page={page} />}
      {list.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>Host</th>
              <th>Address</th>
              <th>OS</th>
              <th>Kernel</th>
              <th>Arch</th>
              <th>Connection</th>
              <th>Sensor</th>
              <th className="num">Events</th>
              <th>Last event (UTC)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((host) => (
              <Fragment key={host.id}>
                <tr data-testid={`host-${host.name}`} className={host.capture?.problems.length ? 'has-problems' : undefined}>
                  <td className="strong">{host.name}</td>
                  <td className="mono">
                    {host.local ? 'this machine, no SSH' : `${host.user}@${host.address}:${host.port}`}
                    {host.jumpHostId !== null && <div className="muted">via {nameOf(host.jumpHostId) ?? '?'}</div>}
                  </td>
                  <td>{host.os || '—'}</td>
                  <td className="mono">
                    {host.kernel || '—'}
                    {host.btf === false && <div className="status-error">no BTF: the sensor cannot run</div>}
                  </td>
                  <td>{host.arch || '—'}</td>
                  <td>
                    <span className={`pill pill-${host.connection}`}>{busy.has(host.id) && host.connection !== 'connected' ? 'connecting…' : host.connection}</span>
                    {host.lastError && <div className="host-error">{host.lastError}</div>}
                  </td>
                  <td>
                    {host.sensor}
                    {host.capture && (
                      <div className="capture" data-testid={`capture-${host.name}`}>
                        {host.capture.state} · {formatCount(host.capture.committed)} stored
                        {host.capture.state === 'streaming' && ` · ${formatRate(host.capture.eventsPerSecond)}`}
                        {host.capture.lagEvents !== null && host.capture.lagEvents > 0 && ` · ${formatCount(host.capture.lagEvents)} behind`}
                        {host.capture.reconnects > 0 && ` · ${host.capture.reconnects} reconnects`}
                        {host.capture.kernelDrops + host.capture.spoolDrops + host.capture.lostInGaps > 0 && (
                          <div className="status-error">dropped on the host: {formatCount(host.capture.kernelDrops)} kernel, {formatCount(host.capture.spoolDrops + host.capture.lostInGaps)} spool</div>
                        )}
                      </div>
                    )}
                  </td>
                  <td className="num">{formatCount(host.eventCount)}</td>
                  <td className="mono">{host.lastEventNs === null ? '—' : formatTimeNs(host.lastEventNs)}</td>
                  <td className="row-actions">
                    <button type="button" disabled={busy.has(host.id)} onClick={() => void act(host, () => workbench().call('hosts.connect', { id: host.id }))}>
                      {host.connection === 'connected' || (host.local && host.arch) ? 'Refresh' : 'Connect'}
                    </button>
                    {host.connection !== 'offline' && host.connection !== 'error' && <SensorActions host={host} run={(action) => void act(host, action)} disabled={busy.has(host.id)} />}
                    <button type="button" onClick={() => setDialog({ kind: 'edit', host })}>Edit</button>
                    <button type="button" onClick={() => remove(host)} aria-label={`Remove ${host.name}`}>Remove</button>
                  </td>
                </tr>
                {host.capture && host.capture.problems.length > 0 && (
                  <tr className="host-problems" data-testid={`problems-${host.name}`}>
                    <td colSpan={10}>
                      <div className="host-error">
                        <strong>{host.name}: </strong>
                        {host.capture.problems.at(-1)}
                      </div>
                      {host.capture.badLines > 0 && (
                        <div className="muted">
                          {formatCount(host.capture.badLines)} bad {host.capture.badLines === 1 ? 'line' : 'lines'} from this host so far, none stored. The
                          workbench sensor never sends such lines: check what runs as the sensor on this host.
                        </div>
                      )}
                      {host.capture.problems.length > 1 && (
                        <details>
                          <summary>All {host.capture.problems.length} recent problems</summary>
                          <ul className="problem-list">
                            {host.capture.problems.map((problem, index) => <li key={index}>{problem}</li>)}
                          </ul>
                        </details>
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'add' && <HostForm hosts={list} onDone={closeDialog} />}
      {dialog?.kind === 'edit' && <HostForm host={dialog.host} hosts={list} onDone={closeDialog} />}
      {dialog?.kind === 'import' && <SshConfigImport hosts={list} onDone={closeDialog} />}
    </div>
  );
}
