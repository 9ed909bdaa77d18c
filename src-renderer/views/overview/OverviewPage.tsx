import type { CaseSummary } from '../../../src-shared/api/domain.ts';
import { useCall } from '../../api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatCount, formatTimeNs } from '../../format.ts';
import { pageById, type PageInfo } from '../../pages.ts';

function Tile({ title, value, detail, href }: { title: string; value: string; detail: string; href?: string }) {
  const body = (
    <>
      <h3>{title}</h3>
      <div className="tile-value">{value}</div>
      <p className="tile-detail">{detail}</p>
    </>
  );
  return <article className="tile">{href ? <a href={href}>{body}</a> : body}</article>;
}

function NoDataTile({ page }: { page: PageInfo }) {
  return <Tile title={page.title} value="No data yet" detail={page.howToGetData[0] ?? ''} href={`#/${page.id}`} />;
}

export function OverviewPage({ page, openCase }: { page: PageInfo; openCase: CaseSummary | null }) {
  const hosts = useCall('hosts.list', {}, [openCase?.path]);
  const latest = useCall('events.query', { limit: 1 }, [openCase?.path]);
  if (!openCase) return <EmptyState page={page} title="No case is open" />;
  const lastEvent = latest.data?.rows[0];
  return (
    <div className="overview">
      <p className="case-description">
        <strong>{openCase.name}</strong> — {formatCount(openCase.eventCount)} events from {openCase.hostCount} hosts
        {lastEvent ? `, last at ${formatTimeNs(lastEvent.tsNs)} UTC` : ''}.
      </p>
      {hosts.error && <ErrorBanner error={hosts.error} />}
      <div className="tiles">
        <Tile title="Hosts" value={formatCount(openCase.hostCount)} detail={hosts.data?.map((h) => h.name).join(', ') || 'No hosts yet'} href="#/hosts" />
        <Tile title="Events" value={formatCount(openCase.eventCount)} detail="Process, file and network activity" href="#/events" />
        {(['signals', 'compliance', 'vulnerabilities', 'identities'] as const).map((id) => {
          const info = pageById(id);
          return info ? <NoDataTile key={id} page={info} /> : null;
        })}
      </div>
    </div>
  );
}
