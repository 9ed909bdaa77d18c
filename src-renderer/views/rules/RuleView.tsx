// One rule as it is: what it detects, its expression, ATT&CK, triage, remediation, tags, where it comes
// from (a Sigma rule's author and license), its source in the policy file, and the test panel over the
// saved expression. Rules of the user's packs are edited from here; bundled ones are duplicated first.
import { useState } from 'react';
import type { PackSummary, RuleDetail } from '../../../src-shared/api/rule-packs.ts';
import { useCall, workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import { statusLabel } from './RulesList.tsx';
import { rulesHash } from './rulesRoute.ts';
import { TestPanel } from './TestPanel.tsx';

export function RuleView({ packId, ruleId, packs, generation, hasCase, notice, onChanged }: { packId: string; ruleId: string; packs: readonly PackSummary[]; generation: number; hasCase: boolean; notice: string | null; onChanged(): void }) {
  const rule = useCall('rules.get', { packId, ruleId }, [generation]);
  const [error, setError] = useState<Error | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const pack = packs.find((candidate) => candidate.id === packId);
  if (rule.error && !rule.data) return <ErrorBanner error={rule.error} />;
  const detail = rule.data;
  if (!detail) return <p className="muted">Loading the rule…</p>;

  const toggle = () => {
    setError(null);
    workbench()
      .call('rules.setEnabled', { packId, ruleId, enabled: !detail.ruleEnabled })
      .then(onChanged, (failure: unknown) => setError(failure as Error));
  };
  const remove = () => {
    workbench()
      .call('rules.delete', { packId, ruleId })
      .then(() => {
        onChanged();
        window.location.hash = rulesHash({ view: 'list', packId });
      }, (failure: unknown) => setError(failure as Error));
  };

  return (
    <div className="rule-view" data-testid="rule-view">
      <p className="rule-breadcrumb">
        <a href={rulesHash({ view: 'list', packId })}>← {pack?.name ?? packId}</a>
      </p>
      <header className="rule-view-head">
        <div>
          <h2 className="mono" data-testid="rule-title">
            {detail.id}
          </h2>
          <p className="rule-view-meta">
            {detail.severity && <span className={`severity severity-${detail.severity}`}>{detail.severity}</span>}
            {detail.eventType && <span className={`type type-${detail.eventType}`}>{detail.eventType}</span>}
            {detail.status !== 'loaded' && <span className="rule-state rule-state-broken">{statusLabel(detail)}</span>}
            <span className="muted">
              in <a href={rulesHash({ view: 'list', packId })}>{pack?.name ?? packId}</a>
              {pack && !pack.enabled && ' (switched off: none of its rules runs)'}
            </span>
          </p>
        </div>
        <div className="pack-actions">
          {(detail.status === 'loaded' || detail.status === 'shadowed') && (
            <label className="switch-labelled">
              <span className="switch">
                <input type="checkbox" role="switch" checked={detail.ruleEnabled} onChange={toggle} aria-label={`Run ${detail.id}`} data-testid="rule-enabled" />
                <span className="switch-track" aria-hidden="true" />
              </span>
              {detail.ruleEnabled ? 'On' : 'Off'}
            </label>
          )}
          {detail.readOnly ? (
            <a className="button primary" href={rulesHash({ view: 'new', packId: 'custom', from: { packId, ruleId } })} data-testid="rule-duplicate">
              Duplicate to my rules
            </a>
          ) : (
            <>
              <a className="button primary" href={rulesHash({ view: 'edit', packId, ruleId })} data-testid="rule-edit">
                Edit
              </a>
              <a className="button" href={rulesHash({ view: 'new', packId, from: { packId, ruleId } })}>
                Duplicate
              </a>
              {confirmDelete ? (
                <>
                  <button type="button" className="danger" onClick={remove} data-testid="rule-delete-confirm">
                    Delete it
                  </button>
                  <button type="button" onClick={() => setConfirmDelete(false)}>
                    Keep it
                  </button>
                </>
              ) : (
                <button type="button" onClick={() => setConfirmDelete(true)}>
                  Delete…
                </button>
              )}
            </>
          )}
        </div>
      </header>
      {notice && (
        <p className="rule-saved" role="status" data-testid="rule-notice">
          {notice}
        </p>
      )}
      {error && <ErrorBanner error={error} />}
      {detail.problem && (
        <p className="rule-problem" role="alert">
          <strong>This rule does not run:</strong> <SafeText text={detail.problem} />
        </p>
      )}
      <div className="rule-view-body">
        <div className="rule-view-text">
          <RuleFacts detail={detail} />
        </div>
        <TestPanel packId={packId} expression={detail.expression} tests={detail.testsYaml} valid={detail.status !== 'error'} hasCase={hasCase} autoRunTests={false} />
      </div>
    </div>
  );
}

function RuleFacts({ detail }: { detail: RuleDetail }) {
  const tactic = detail.tactic;
  const technique = detail.technique;
  const parent = technique?.split('.')[0];
  const ownTags = Object.entries(detail.tags).filter(([key]) => !['source', 'license', 'author'].includes(key));
  return (
    <>
      <p className="rule-view-description">
        <SafeText text={detail.description || '(no description)'} />
      </p>
      <h3>Expression</h3>
      <pre className="rule-expression mono" data-testid="rule-expression-text">
        {detail.expression}
      </pre>
      {(tactic || technique) && (
        <>
          <h3>MITRE ATT&amp;CK</h3>
          <p>
            {tactic && (
              <>
                {detail.attackNames[tactic] ?? tactic} <span className="muted mono">{tactic}</span>
              </>
            )}
            {technique && (
              <>
                {tactic && ' · '}
                {parent && parent !== technique && detail.attackNames[parent] ? `${detail.attackNames[parent]}: ` : ''}
                {detail.attackNames[technique] ?? technique} <span className="muted mono">{technique}</span>
              </>
            )}
          </p>
        </>
      )}
      {detail.triage.length > 0 && (
        <>
          <h3>Triage</h3>
          <ol className="rule-triage">
            {detail.triage.map((step, index) => (
              <li key={index}>
                <SafeText text={step} />
              </li>
            ))}
          </ol>
        </>
      )}
      {detail.remediation && (
        <>
          <h3>Remediation</h3>
          <p>
            <SafeText text={detail.remediation} />
          </p>
        </>
      )}
      {detail.origin.map((note) => (
        <div key={note.label}>
          <h3>{note.label}</h3>
          {note.items.length === 1 ? (
            <p>
              <SafeText text={note.items[0]!} />
            </p>
          ) : (
            <ul className="rule-triage">
              {note.items.map((item, index) => (
                <li key={index}>
                  <SafeText text={item} />
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
      {detail.source.kind === 'sigma' && (
        <p className="rule-author">
          Sigma rule by {detail.source.author ?? 'an unknown author'}, under the Detection Rule License 1.1 ({detail.source.license ?? 'DRL-1.1'}).
        </p>
      )}
      {(ownTags.length > 0 || detail.groupBy.length > 0) && (
        <>
          <h3>Tags and grouping</h3>
          <p className="rule-tags">
            {ownTags.map(([key, value]) => (
              <span key={key} className="pill mono">
                {key}:{value}
              </span>
            ))}
            {detail.groupBy.length > 0 && <span className="muted"> Signals grouped by {detail.groupBy.join(', ')}.</span>}
          </p>
        </>
      )}
      <details className="rule-source">
        <summary>
          As written in <span className="mono">{detail.file}</span>
          {detail.line !== null ? `, line ${detail.line}` : ''}
        </summary>
        <pre className="raw-json">{detail.yaml}</pre>
      </details>
    </>
  );
}
