// The rules of one pack (or of all), with the pack's header (what it is, where it lives, what does not run
// and why) and filters by words, severity, tactic, event type and state. A rule opens on click; its
// switch is in its row.
import { useMemo, useState } from 'react';
import type { PackDeleted, PackProblem, PackSummary, RuleSummary } from '../../../src-shared/api/rule-packs.ts';
import { useCall, workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import { formatCount } from '../../format.ts';
import { DeletePackDialog } from './DeletePackDialog.tsx';
import { packKindLabel } from './PacksPanel.tsx';
import { filterOptions, filterRules, noFilter, sortRules, type RulesFilter } from './rulesFilter.ts';
import { rulesHash } from './rulesRoute.ts';

const severities = ['critical', 'high', 'medium', 'low', 'info'];
const problemTitles: Readonly<Record<PackProblem['kind'], string>> = {
  error: 'Broken: they do not load',
  unsupported: 'Read what the workbench sensor does not report',
  conflict: 'Another pack has the same id (the first pack’s rule runs)',
  untranslatable: 'Sigma rules with no faithful SECL translation',
  filtered: 'Filtered out (not for Linux, disabled in the file, or superseded by a newer variant)',
};

/** An id that may wrap after its underscores rather than in the middle of a word. */
export function BreakableId({ id }: { id: string }) {
  const parts = id.split(/(?<=_)/);
  return (
    <>
      {parts.map((part, index) => (
        <span key={index}>
          {part}
          {index < parts.length - 1 && <wbr />}
        </span>
      ))}
    </>
  );
}

const kindShort: Readonly<Record<PackProblem['kind'], string>> = { error: 'broken', conflict: 'with a taken id', unsupported: 'unsupported', untranslatable: 'untranslatable', filtered: 'filtered out' };

export function statusLabel(rule: RuleSummary): string {
  if (rule.status === 'loaded') return rule.active ? 'on' : 'off';
  return { error: 'broken', unsupported: 'unsupported', filtered: 'filtered out', shadowed: 'id taken' }[rule.status];
}

async function download(packId: string): Promise<void> {
  const exported = await workbench().call('packs.export', { id: packId });
  const url = URL.createObjectURL(new Blob([exported.text], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = exported.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function PackHeader({ pack, onDeleted }: { pack: PackSummary; onDeleted(deleted: PackDeleted): void }) {
  const [error, setError] = useState<Error | null>(null);
  const [deleting, setDeleting] = useState(false);
  const kinds = (['error', 'conflict', 'unsupported', 'untranslatable', 'filtered'] as const).filter((kind) => pack.problems.some((problem) => problem.kind === kind));
  return (
    <section className="pack-header" data-testid="pack-header">
      <div className="pack-header-top">
        <div>
          <h2>
            {pack.name} <span className={`pack-kind pack-kind-${pack.kind}`}>{packKindLabel[pack.kind]}</span>
            {!pack.enabled && <span className="pill rule-off-pill">switched off</span>}
          </h2>
          {pack.description && <p className="muted pack-description">{pack.description}</p>}
          <p className="pack-where muted">
            {pack.files.length === 0 ? 'No file yet: the first rule you save creates it in ' : `${pack.files.length === 1 ? pack.files[0] : `${pack.files.length} policy files`} in `}
            <code>{pack.dir}</code>
          </p>
        </div>
        <div className="pack-actions">
          {!pack.readOnly && (
            <a className="button primary" href={rulesHash({ view: 'new', packId: pack.id, from: null })} data-testid="rule-new">
              New rule
            </a>
          )}
          {!pack.readOnly && (
            <a className="button" href={rulesHash({ view: 'history', packId: pack.id })} data-testid="pack-history">
              History ({pack.versions})
            </a>
          )}
          <button type="button" onClick={() => download(pack.id).catch((failure: unknown) => setError(failure as Error))} disabled={pack.rules === 0} title="Download the pack as one policy file in Datadog's format">
            Export
          </button>
          {(pack.kind === 'created' || pack.kind === 'imported') && (
            <button type="button" className="danger" onClick={() => setDeleting(true)} data-testid="pack-delete">
              Delete…
            </button>
          )}
        </div>
      </div>
      {deleting && (
        <DeletePackDialog
          pack={pack}
          onClose={(deleted) => {
            setDeleting(false);
            if (deleted) onDeleted(deleted);
          }}
        />
      )}
      {pack.readOnly && <p className="pack-note">Bundled rules are read-only: updates of the workbench replace them. Open a rule and use “Duplicate to my rules” to change it.</p>}
      {pack.authors.length > 0 && (
        <p className="pack-note rule-author">
          Sigma rules by {pack.authors.join('; ')}, under the Detection Rule License 1.1: the author goes with each rule and its matches.
        </p>
      )}
      {error && <ErrorBanner error={error} />}
      {kinds.length > 0 && (
        <details className="pack-problem-list" data-testid="pack-problems">
          <summary>
            {formatCount(pack.problems.length)} {pack.problems.length === 1 ? 'rule does' : 'rules do'} not run here:{' '}
            {kinds.map((kind) => `${pack.problems.filter((problem) => problem.kind === kind).length} ${kindShort[kind]}`).join(', ')}
          </summary>
          {kinds.map((kind) => (
            <div key={kind}>
              <h4>{problemTitles[kind]}</h4>
              <ul className="problem-list">
                {pack.problems
                  .filter((problem) => problem.kind === kind)
                  .slice(0, 500)
                  .map((problem, index) => (
                    <li key={index}>
                      <span className="muted">
                        {problem.file}
                        {problem.line !== null ? `:${problem.line}` : ''}
                      </span>{' '}
                      {problem.ruleId && <strong>{problem.ruleId}</strong>} <SafeText text={problem.reason} />
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </details>
      )}
    </section>
  );
}

export function RulesList({ packs, packId, generation, onChanged }: { packs: readonly PackSummary[]; packId: string | null; generation: number; onChanged(): void }) {
  const rules = useCall('rules.list', packId === null ? {} : { packId }, [generation]);
  const [filter, setFilter] = useState<RulesFilter>(noFilter);
  const [error, setError] = useState<Error | null>(null);
  const [deleted, setDeleted] = useState<PackDeleted | null>(null);
  const all = useMemo(() => rules.data ?? [], [rules.data]);
  const options = useMemo(() => filterOptions(all), [all]);
  const shown = useMemo(() => sortRules(filterRules(all, filter)), [all, filter]);
  const names = useCall('attack.names', { ids: options.tactics }, []);
  const pack = packId === null ? null : (packs.find((candidate) => candidate.id === packId) ?? null);
  const packName = (id: string) => packs.find((candidate) => candidate.id === id)?.name ?? id;
  const set = (change: Partial<RulesFilter>) => setFilter((previous) => ({ ...previous, ...change }));

  const toggle = (rule: RuleSummary) => {
    setError(null);
    workbench()
      .call('rules.setEnabled', { packId: rule.packId, ruleId: rule.id, enabled: !rule.ruleEnabled })
      .then(() => {
        rules.reload();
        onChanged();
      }, (failure: unknown) => setError(failure as Error));
  };

  return (
    <div className="rules-main">
      {deleted && packId === null && (
        <p className="rule-saved" role="status" data-testid="pack-deleted">
          Deleted {deleted.name} ({formatCount(deleted.rules)} {deleted.rules === 1 ? 'rule' : 'rules'}): {deleted.rules === 1 ? 'it no longer runs' : 'they no longer run'}. Its files are kept in <code>{deleted.keptAt}</code>.
        </p>
      )}
      {pack && (
        <PackHeader
          pack={pack}
          onDeleted={(gone) => {
            setDeleted(gone);
            onChanged();
            window.location.hash = rulesHash({ view: 'list', packId: null });
          }}
        />
      )}
      {packId !== null && !pack && packs.length > 0 && <ErrorBanner error={new Error(`There is no rule pack ${packId}.`)} />}
      <div className="toolbar rules-filters" role="search">
        <input type="search" placeholder="Search rules (id, text, ATT&CK, author)" value={filter.text} onChange={(event) => set({ text: event.target.value })} aria-label="Search rules" data-testid="rules-search" />
        <select value={filter.severity} onChange={(event) => set({ severity: event.target.value })} aria-label="Severity">
          <option value="">Any severity</option>
          {severities.map((severity) => (
            <option key={severity} value={severity}>
              {severity}
            </option>
          ))}
        </select>
        <select value={filter.tactic} onChange={(event) => set({ tactic: event.target.value })} aria-label="ATT&CK tactic">
          <option value="">Any tactic</option>
          {options.tactics.map((tactic) => (
            <option key={tactic} value={tactic}>
              {names.data?.[tactic] ?? tactic} ({tactic})
            </option>
          ))}
        </select>
        <select value={filter.eventType} onChange={(event) => set({ eventType: event.target.value })} aria-label="Event type">
          <option value="">Any event type</option>
          {options.eventTypes.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
        <select value={filter.state} onChange={(event) => set({ state: event.target.value as RulesFilter['state'] })} aria-label="State" data-testid="rules-state">
          <option value="">On and off</option>
          <option value="on">On</option>
          <option value="off">Switched off</option>
          <option value="broken">Cannot run</option>
        </select>
        <span className="toolbar-spacer" />
        <span className="muted nowrap" data-testid="rules-count">
          {rules.data ? `${formatCount(shown.length)} of ${formatCount(all.length)} rules` : 'Loading…'}
        </span>
      </div>
      {error && <ErrorBanner error={error} />}
      {rules.error && <ErrorBanner error={rules.error} />}
      <div className="table-scroll rules-table-scroll">
        <table className="data-table rules-table" data-testid="rules-table">
          <thead>
            <tr>
              <th className="rule-switch-cell">On</th>
              <th>Rule</th>
              <th>Severity</th>
              <th>ATT&amp;CK</th>
              <th>Event</th>
              {packId === null && <th>Pack</th>}
              <th className="num">Tests</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((rule) => {
              const href = rulesHash({ view: 'rule', packId: rule.packId, ruleId: rule.id });
              return (
                <tr key={`${rule.packId}/${rule.file}/${rule.id}/${rule.line}`} className="clickable" onClick={(event) => !(event.target as HTMLElement).closest('a, label, input') && (window.location.hash = href)} data-testid={`rule-row-${rule.id}`}>
                  <td className="rule-switch-cell">
                    {rule.status === 'loaded' || rule.status === 'shadowed' ? (
                      <label className="switch switch-small">
                        <input type="checkbox" role="switch" checked={rule.ruleEnabled} onChange={() => toggle(rule)} aria-label={`Run ${rule.id}`} />
                        <span className="switch-track" aria-hidden="true" />
                      </label>
                    ) : null}
                  </td>
                  <td className="rule-cell">
                    <a href={href} className="rule-id mono">
                      <BreakableId id={rule.id} />
                    </a>
                    <div className="rule-description">
                      <SafeText text={rule.description} />
                    </div>
                  </td>
                  <td>{rule.severity && <span className={`severity severity-${rule.severity}`}>{rule.severity}</span>}</td>
                  <td className="rule-attack-cell">
                    {rule.tactic && <div title={rule.tactic}>{names.data?.[rule.tactic] ?? rule.tactic}</div>}
                    {rule.technique && <div className="muted mono">{rule.technique}</div>}
                  </td>
                  <td>{rule.eventType && <span className={`type type-${rule.eventType}`}>{rule.eventType}</span>}</td>
                  {packId === null && (
                    <td className="muted rule-pack-cell" title={packName(rule.packId)}>
                      {packName(rule.packId)}
                    </td>
                  )}
                  <td className="num">{rule.tests > 0 ? rule.tests : <span className="muted">—</span>}</td>
                  <td>
                    <span className={`rule-state rule-state-${rule.status === 'loaded' ? (rule.active ? 'on' : 'off') : 'broken'}`} title={rule.problem ?? undefined}>
                      {statusLabel(rule)}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rules.data && shown.length === 0 && (
          <p className="pad muted">
            {all.length === 0 ? (pack && !pack.readOnly ? 'No rule in this pack yet: write one with “New rule”, or import files into a new pack.' : 'No rules.') : 'No rule matches these filters.'}
          </p>
        )}
      </div>
    </div>
  );
}
