// The facets beside the signals table: status, severity, rule, host and ATT&CK technique, each value with
// how many signals it has under the other filters. Ticking values narrows the table; "only" keeps one.
import { useState, type ReactNode } from 'react';
import type { FacetCount, SignalFacets } from '../../../src-shared/api/domain.ts';
import { SafeText } from '../../components/SafeText.tsx';
import { formatCount } from '../../format.ts';
import { severities, statuses, statusLabels, type SignalsView } from './signalsView.ts';
import { SeverityBadge } from './signalColumns.tsx';

interface FacetValue<V extends string | number> {
  value: V;
  count: number;
  label: ReactNode;
  /** The label as plain text, for the accessible names. */
  text: string;
}

const collapsedLength = 8;

function Facet<V extends string | number>({
  name,
  testId,
  values,
  selected,
  onChange,
  fixed = false,
}: {
  name: string;
  testId: string;
  values: FacetValue<V>[];
  selected: readonly V[];
  onChange(next: V[]): void;
  /** Every value always listed (status, severity), even with no signals. */
  fixed?: boolean;
}) {
  const [expanded, setExpanded] = useState(false);
  // a chosen value with no signals under the other filters (or from a shared link) stays, to be unticked
  const missing = selected.filter((value) => !values.some((v) => v.value === value)).map((value): FacetValue<V> => ({ value, count: 0, label: String(value), text: String(value) }));
  // what is ticked comes first, so a choice never hides behind "Show all"
  const all = [...values.filter((v) => selected.includes(v.value)), ...missing, ...values.filter((v) => !selected.includes(v.value))];
  const shown = fixed ? values : expanded ? all : all.slice(0, Math.max(collapsedLength, selected.length));
  const toggle = (value: V, on: boolean) => onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    <section className="facet" role="group" aria-label={name} data-testid={testId}>
      <header className="facet-head">
        <h3>{name}</h3>
        {selected.length > 0 && (
          <button type="button" className="link-button" onClick={() => onChange([])} aria-label={`Clear the ${name} filter`}>
            clear
          </button>
        )}
      </header>
      {all.length === 0 && <p className="muted facet-none">None under these filters</p>}
      <ul className="facet-values">
        {shown.map((item) => {
          const checked = selected.includes(item.value);
          return (
            <li key={String(item.value)} className={item.count === 0 && !checked ? 'facet-empty' : undefined}>
              <label title={item.text}>
                <input type="checkbox" checked={checked} aria-label={item.text} onChange={(event) => toggle(item.value, event.target.checked)} />
                <span className="facet-label">{item.label}</span>
                <span className="facet-count">{formatCount(item.count)}</span>
              </label>
              <button type="button" className="facet-only" onClick={() => onChange([item.value])} aria-label={`Only ${item.text}`} title={`Show only ${item.text}`}>
                only
              </button>
            </li>
          );
        })}
      </ul>
      {!fixed && all.length > collapsedLength && (
        <button type="button" className="link-button" onClick={() => setExpanded((value) => !value)}>
          {expanded ? 'Show fewer' : `Show all ${all.length}`}
        </button>
      )}
    </section>
  );
}

function countOf<V extends string | number>(list: readonly FacetCount<V>[] | undefined, value: V): number {
  return list?.find((f) => f.value === value)?.count ?? 0;
}

export function SignalFacetsPanel({ facets, view, update }: { facets: SignalFacets | undefined; view: SignalsView; update(change: Partial<SignalsView>): void }) {
  const names = facets?.attackNames ?? {};
  return (
    <aside className="facets" aria-label="Facets">
      <Facet
        name="Status"
        testId="facet-status"
        fixed
        values={statuses.map((status) => ({ value: status, count: countOf(facets?.statuses, status), label: statusLabels[status], text: statusLabels[status] }))}
        selected={view.statuses}
        onChange={(next) => update({ statuses: next })}
      />
      <Facet
        name="Severity"
        testId="facet-severity"
        fixed
        values={severities.map((severity) => ({ value: severity, count: countOf(facets?.severities, severity), label: <SeverityBadge value={severity} />, text: severity }))}
        selected={view.severities}
        onChange={(next) => update({ severities: next })}
      />
      <Facet
        name="Rule"
        testId="facet-rule"
        values={(facets?.rules ?? []).map((rule) => ({ ...rule, label: <SafeText text={rule.value} />, text: rule.value }))}
        selected={view.ruleIds}
        onChange={(next) => update({ ruleIds: next })}
      />
      <Facet
        name="Host"
        testId="facet-host"
        values={(facets?.hosts ?? []).map((host) => ({ value: host.value, count: host.count, label: <SafeText text={host.name} />, text: host.name }))}
        selected={view.hostIds}
        onChange={(next) => update({ hostIds: next })}
      />
      <Facet
        name="ATT&CK technique"
        testId="facet-technique"
        values={(facets?.techniques ?? []).map((technique) => ({
          ...technique,
          label: technique.value ? (
            <>
              <span className="mono">{technique.value}</span> <span className="technique-name">{names[technique.value] ?? ''}</span>
            </>
          ) : (
            <span className="muted">No technique</span>
          ),
          text: technique.value ? `${technique.value} ${names[technique.value] ?? ''}`.trim() : 'No technique',
        }))}
        selected={view.techniques}
        onChange={(next) => update({ techniques: next })}
      />
    </aside>
  );
}
