import type { CaseSummary } from '../../../src-shared/api/domain.ts';
import { useCall } from '../../api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatCount, formatTimeNs } from '../../format.ts';
import type { PageInfo } from '../../pages.ts';

export function HostsPage({ page, openCase }: { page: PageInfo; openCase: CaseSummary | null }) {
  const hosts = useCall('hosts.list', {}, [openCase?.path]);
  if (!openCase) return <EmptyState page={page} title="No case is open" />;
  if (hosts.error) return <ErrorBanner error={hosts.error} />;
  if (!hosts.data) return <p className="muted">Loading hosts…</p>;
  if (hosts.data.length === 0) return <EmptyState page={page} />;
  return (
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
        </tr>
      </thead>
      <tbody>
        {hosts.data.map((host) => (
          <tr key={host.id}>
            <td className="strong">{host.name}</td>
            <td className="mono">{host.address}</td>
            <td>{host.os}</td>
            <td className="mono">{host.kernel}</td>
            <td>{host.arch}</td>
            <td>
              <span className={`pill pill-${host.connection}`}>{host.connection}</span>
            </td>
            <td>{host.sensor}</td>
            <td className="num">{formatCount(host.eventCount)}</td>
            <td className="mono">{host.lastEventNs === null ? '—' : formatTimeNs(host.lastEventNs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
