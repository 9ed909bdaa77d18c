// The case at a glance: threats (active signals by severity, signals over time, the busiest rules and
// hosts), then the posture and risk tiles. A tile whose capability has not landed says so and how its data
// will get in (from pages.ts); it takes a value the day one exists.
import type { ReactNode } from 'react';
import type { CaseSummary, Severity } from '../../../src-shared/api/domain.ts';
import { severitiesWorstFirst, type ThreatOverview } from '../../../src-shared/overview/threats.ts';
import { useCall } from '../../api.ts';
import { useThrottledValue } from '../../components/useThrottledValue.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import '../../components/severity.css';
import { formatCount, formatTimeNs } from '../../format.ts';
import { pageById, type PageId, type PageInfo } from '../../pages.ts';
import { defaultView, noFilters, rangeTexts, viewHash } from '../signals/signalsView.ts';
import { SeverityChart } from './SeverityChart.tsx';
import './overview.css';

const severityNames: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

/** The Signals explorer over a span of first matches, every status: the signals one bar of the chart counts. */
function explorerOver(fromNs: number, toNs: number): string {
  return viewHash({ ...defaultView, ...noFilters, range: 'custom', ...rangeTexts(fromNs, toNs) });
}

/** A number with what it counts, or, while its capability does not exist, "No data yet" and how to get it. */
function MetricTile({ title, value, detail, href, testId }: { title: string; value: ReactNode | null; detail: ReactNode; href: string; testId: string }) {
  return (
    <article className={`tile${value === null ? ' tile-empty' : ''}`} data-testid={testId}>
      <a href={href}>
        <h3>{title}</h3>
        <div className="tile-value">{value ?? 'No data yet'}</div>
        <p className="tile-detail">{detail}</p>
      </a>
    </article>
  );
}

/** The posture and risk capabilities, each with the page that explains how its data gets in. */
const riskTiles: Array<{ title: string; page: PageId; testId: string }> = [
  { title: 'Misconfigurations', page: 'resources', testId: 'tile-misconfigurations' },
  { title: 'Vulnerabilities', page: 'vulnerabilities', testId: 'tile-vulnerabilities' },
  { title: 'Identity risks', page: 'identities', testId: 'tile-identity-risks' },
  { title: 'Posture score', page: 'compliance', testId: 'tile-posture-score' },
];

function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`severity severity-${severity}`}>{severity}</span>;
}

function Threats({ threats }: { threats: ThreatOverview }) {
  const signalsPage = pageById('signals')!;
  const activeTotal = severitiesWorstFirst.reduce((sum, s) => sum + threats.active[s], 0);
  return (
    <section className="threats" aria-labelledby="threats-title" data-testid="threats">
      <header className="threats-head">
        <h2 id="threats-title">Threats</h2>
        <span className="muted">
          {formatCount(activeTotal)} active of {formatCount(threats.total)} signals
        </span>
        <a className="threats-more" href="#/signals">
          Open the signals →
        </a>
      </header>
      {threats.total === 0 ? (
        <div className="threats-empty">
          <p>No signals in this case yet.</p>
          <ul>
            {signalsPage.howToGetData.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          <ul className="threat-counts" aria-label="Active signals by severity (open or under review)">
            {severitiesWorstFirst.map((severity) => (
              <li key={severity} className={`tone-${severity}${threats.active[severity] === 0 ? ' zero' : ''}`} data-testid={`active-${severity}`}>
                <span className="threat-count">{formatCount(threats.active[severity])}</span>
                <span className="threat-label">
                  <span className="tone-swatch" /> {severityNames[severity]}
                </span>
              </li>
            ))}
          </ul>
          <div className="threats-body">
            <div className="threats-chart">
              <h3>Signals over time</h3>
              {threats.timeline && <SeverityChart timeline={threats.timeline} bucketHref={explorerOver} />}
            </div>
            <div className="threats-top">
              <h3>Top rules</h3>
              <ol className="top-list" data-testid="top-rules">
                {threats.topRules.map((rule) => (
                  <li key={rule.ruleId}>
                    <SeverityBadge severity={rule.severity} />
                    <span className="top-name">
                      <span className="mono">{rule.ruleId}</span>
                      <span className="muted top-description">{rule.description}</span>
                    </span>
                    <span className="top-count">{formatCount(rule.count)}</span>
                  </li>
                ))}
              </ol>
              <h3>Top hosts</h3>
              <ol className="top-list" data-testid="top-hosts">
                {threats.topHosts.map((host) => (
                  <li key={host.hostId}>
                    <span className="top-name">
                      <span className="strong">{host.hostName}</span>
                      <span className="muted top-description">
                        {severitiesWorstFirst
                          .filter((s) => host.bySeverity[s] > 0)
                          .map((s) => `${host.bySeverity[s]} ${s}`)
                          .join(' · ')}
                      </span>
                    </span>
                    <span className="top-count">{formatCount(host.count)}</span>
                  </li>
                ))}
              </ol>
            </div>
          </div>
        </>
      )}
    </section>
  );
}

export function OverviewPage({ page, openCase }: { page: PageInfo; openCase: CaseSummary | null }) {
  // the event count moves while hosts stream: the figures follow it, every few seconds at most
  const eventCount = useThrottledValue(openCase?.eventCount, 5000);
  const deps = [openCase?.path, eventCount];
  const hosts = useCall('hosts.list', {}, deps);
  const latest = useCall('events.query', { limit: 1, count: false }, deps);
  const threats = useCall('overview.threats', {}, deps);
  if (!openCase) return <EmptyState page={page} title="No case is open" />;
  const lastEvent = latest.data?.rows[0];
  return (
    <div className="overview">
      <p className="case-description">
        <strong>{openCase.name}</strong> — {formatCount(openCase.eventCount)} events from {openCase.hostCount} hosts
        {lastEvent ? `, last at ${formatTimeNs(lastEvent.tsNs)} UTC` : ''}.
      </p>
      {threats.error && <ErrorBanner error={threats.error} />}
      {hosts.error && <ErrorBanner error={hosts.error} />}
      {threats.data ? <Threats threats={threats.data} /> : !threats.error && <p className="muted">Loading the signals…</p>}
      <h2 className="overview-section">Posture and risks</h2>
      <div className="tiles">
        {riskTiles.map((tile) => {
          const info = pageById(tile.page)!;
          // null until the capability exists: then its figure goes here
          const value: ReactNode | null = null;
          return <MetricTile key={tile.page} title={tile.title} value={value} detail={info.howToGetData[0] ?? ''} href={`#/${info.id}`} testId={tile.testId} />;
        })}
      </div>
      <h2 className="overview-section">Collection</h2>
      <div className="tiles">
        <MetricTile title="Hosts" value={formatCount(openCase.hostCount)} detail={hosts.data?.map((h) => h.name).join(', ') || 'No hosts yet'} href="#/hosts" testId="tile-hosts" />
        <MetricTile title="Events" value={formatCount(openCase.eventCount)} detail="Process, file and network activity" href="#/events" testId="tile-events" />
      </div>
    </div>
  );
}
