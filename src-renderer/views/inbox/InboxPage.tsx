// The Security Inbox: one ranked list of what to look at first, across every source this build has, each
// item with the risk factors that put it where it is. Sources and factors that need a capability that has
// not landed say so rather than show an empty promise. Item text may come from a monitored host: text
// nodes only.
import { useState } from 'react';
import type { CaseSummary, Severity } from '../../../src-shared/api/domain.ts';
import { orderFactors, riskFactorDef, riskFactors, type InboxItem, type InboxKind, type InboxSource, type RiskFactorId } from '../../../src-shared/inbox/model.ts';
import { useCall } from '../../api.ts';
import { useThrottledValue } from '../../components/useThrottledValue.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import '../../components/severity.css';
import { formatCount, formatTimeNs } from '../../format.ts';
import { pageById, type PageId, type PageInfo } from '../../pages.ts';
import './inbox.css';

const kindNames: Record<InboxKind, string> = { signal: 'Signal', finding: 'Finding', vulnerability: 'Vulnerability', identity_risk: 'Identity risk' };
/** Where each source's data comes from, to say how to get it while it is missing. */
const sourcePages: Record<InboxKind, PageId> = { signal: 'signals', finding: 'resources', vulnerability: 'vulnerabilities', identity_risk: 'identities' };
const statusNames: Record<string, string> = { open: 'Open', under_review: 'Under review', archived: 'Archived' };
const factorIcons: Record<RiskFactorId, string> = {
  public_exposure: '◍',
  exploit_available: '✹',
  root_privileges: '#',
  vulnerable_package_in_use: '⬡',
  privileged_identity: '♛',
  active_signals_on_host: '⚑',
};

function Sources({ sources }: { sources: InboxSource[] }) {
  return (
    <ul className="inbox-sources" aria-label="Sources">
      {sources.map((source) => {
        const page = pageById(sourcePages[source.kind]);
        return (
          <li key={source.kind} className={source.available ? 'available' : 'unavailable'} data-testid={`source-${source.kind}`}>
            <span className="source-label">{source.label}</span>
            {source.available ? (
              <>
                <span className="source-count">{formatCount(source.count)}</span>
                <span className="source-how">active: open or under review</span>
              </>
            ) : (
              <>
                <span className="source-missing">Not available yet</span>
                {page && <span className="source-how">{page.howToGetData[0]}</span>}
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function FactorFilter({ items, available, selected, onToggle }: { items: InboxItem[]; available: RiskFactorId[]; selected: Set<RiskFactorId>; onToggle(id: RiskFactorId): void }) {
  return (
    <div className="factor-filter" role="group" aria-label="Show only items with these risk factors">
      <span className="muted">Risk factors</span>
      {riskFactors.map((factor) => {
        const can = available.includes(factor.id);
        const count = items.filter((item) => item.factors.some((f) => f.id === factor.id)).length;
        const needs = factor.needs ? `needs ${kindNames[factor.needs].toLowerCase()} data, not in this build yet` : '';
        return (
          <button
            key={factor.id}
            type="button"
            className={`factor-toggle factor-${factor.id}`}
            aria-pressed={selected.has(factor.id)}
            disabled={!can}
            title={can ? factor.meaning : `${factor.meaning} (${needs})`}
            onClick={() => onToggle(factor.id)}
          >
            <span className="factor-icon" aria-hidden="true">{factorIcons[factor.id]}</span> {factor.label} <span className="factor-count">{can ? count : 'n/a'}</span>
          </button>
        );
      })}
    </div>
  );
}

function Item({ item, rank }: { item: InboxItem; rank: number }) {
  return (
    <li className={`inbox-item tone-${item.severity}`} data-testid="inbox-item" data-key={item.key} data-severity={item.severity}>
      <span className="inbox-rank" aria-label={`Rank ${rank}`}>{rank}</span>
      <span className={`severity severity-${item.severity}`}>{item.severity}</span>
      <div className="inbox-main">
        <a className="inbox-title" href={item.link}>
          <SafeText text={item.title} />
        </a>
        {item.description && (
          <p className="inbox-description" title={item.description}>
            <SafeText text={item.description} />
          </p>
        )}
        <div className="inbox-meta">
          <span className="inbox-kind">{kindNames[item.kind]}</span>
          <span className="mono">{item.reference}</span>
          <span className="strong">{item.subject}</span>
          {item.context && (
            <span className="mono inbox-context">
              <SafeText text={item.context} />
            </span>
          )}
          <span>{statusNames[item.status] ?? item.status}</span>
          {item.lastSeenNs !== null && <span className="muted">last seen {formatTimeNs(item.lastSeenNs).slice(0, 19)} UTC</span>}
        </div>
        {item.factors.length > 0 ? (
          <ul className="factor-list" aria-label="Risk factors">
            {orderFactors(item.factors).map((factor) => (
              <li key={factor.id} className={`factor factor-${factor.id}`} data-factor={factor.id} title={riskFactorDef(factor.id).meaning}>
                <span className="factor-icon" aria-hidden="true">{factorIcons[factor.id]}</span>
                <strong>{riskFactorDef(factor.id).label}</strong>
                <span className="factor-detail">
                  <SafeText text={factor.detail} />
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="no-factors muted">No risk factor found: ranked by severity alone.</p>
        )}
      </div>
    </li>
  );
}

export function InboxPage({ page, openCase }: { page: PageInfo; openCase: CaseSummary | null }) {
  // new events may bring new signals and factors: ask again as the case grows, every few seconds at most
  const eventCount = useThrottledValue(openCase?.eventCount, 5000);
  const inbox = useCall('inbox.list', { limit: 500 }, [openCase?.path, eventCount]);
  const [selected, setSelected] = useState<Set<RiskFactorId>>(new Set());
  if (!openCase) return <EmptyState page={page} title="No case is open" />;
  if (inbox.error) return <ErrorBanner error={inbox.error} />;
  if (!inbox.data) return <p className="muted">Loading the inbox…</p>;
  const { items, total, sources, availableFactors } = inbox.data;
  const shown = items.filter((item) => [...selected].every((id) => item.factors.some((f) => f.id === id)));
  const toggle = (id: RiskFactorId) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const worst: Severity | undefined = items[0]?.severity;
  return (
    <div className="inbox">
      <Sources sources={sources} />
      {total === 0 ? (
        <EmptyState page={page} title="Nothing to look at in this case" />
      ) : (
        <>
          <FactorFilter items={items} available={availableFactors} selected={selected} onToggle={toggle} />
          <p className="inbox-summary muted" data-testid="inbox-summary">
            {formatCount(total)} active {total === 1 ? 'item' : 'items'}
            {total > items.length ? `, the ${formatCount(items.length)} most urgent shown` : ''}
            {selected.size > 0 ? `; ${formatCount(shown.length)} with ${[...selected].map((id) => riskFactorDef(id).label.toLowerCase()).join(' and ')}` : ''}
            {worst ? `. Ranked by severity, then by risk factors (${riskFactors.filter((f) => availableFactors.includes(f.id)).map((f) => f.label.toLowerCase()).join(', ')}).` : ''}
          </p>
          <ol className="inbox-list" aria-label="Ranked items">
            {shown.map((item) => (
              <Item key={item.key} item={item} rank={items.indexOf(item) + 1} />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
