// Writing a rule: id, description, the expression (checked as you type by the engine, with the macros and
// lists of its pack), severity, ATT&CK, triage, remediation, tags and tests, beside the test panel that
// runs the unsaved text over the case and runs its tests as you type. Saving checks the rule again on the
// server in the file it will live in, and keeps the previous version of the pack.
import { useEffect, useMemo, useState } from 'react';
import type { Severity } from '../../../src-shared/api/domain.ts';
import type { PackSummary, RuleDetail } from '../../../src-shared/api/rule-packs.ts';
import { useCall, workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SeveritySelect } from '../../components/SeveritySelect.tsx';
import { parseTags } from '../events/RuleDraftDialog.tsx';
import { ExpressionEditor } from './ExpressionEditor.tsx';
import { checkRuleExpression } from './ruleCheck.ts';
import { rulesHash } from './rulesRoute.ts';
import { TestPanel } from './TestPanel.tsx';

const tactics = ['TA0043', 'TA0042', 'TA0001', 'TA0002', 'TA0003', 'TA0004', 'TA0005', 'TA0006', 'TA0007', 'TA0008', 'TA0009', 'TA0011', 'TA0010', 'TA0040'];
const idPattern = /^[A-Za-z][A-Za-z0-9_]{2,199}$/;
const testsPlaceholder = `match:
  - { type: exec, exec: { file: { path: /usr/bin/curl }, argv: [-s, "http://203.0.113.7/x"] } }
no_match:
  - { type: exec, exec: { file: { path: /usr/bin/curl }, argv: [https://deb.debian.org] } }`;

interface Form {
  id: string;
  description: string;
  expression: string;
  severity: Severity;
  tactic: string;
  technique: string;
  triage: string;
  remediation: string;
  tags: string;
  tests: string;
}

const emptyForm: Form = { id: '', description: '', expression: '', severity: 'medium', tactic: '', technique: '', triage: '', remediation: '', tags: '', tests: '' };

function formOf(detail: RuleDetail, copy: boolean): Form {
  return {
    id: copy ? `${detail.id}_copy`.slice(0, 200) : detail.id,
    description: detail.description,
    expression: detail.expression,
    severity: detail.severity ?? 'medium',
    tactic: detail.tactic ?? '',
    technique: detail.technique ?? '',
    triage: detail.triage.join('\n'),
    remediation: detail.remediation,
    tags: Object.entries(detail.tags)
      .map(([key, value]) => `${key}:${value}`)
      .join(', '),
    tests: detail.testsYaml,
  };
}

export type EditorTarget = { kind: 'edit'; ruleId: string } | { kind: 'new'; from: { packId: string; ruleId: string } | null };

export function RuleEditor({ packId, target, packs, hasCase, onSaved }: { packId: string; target: EditorTarget; packs: readonly PackSummary[]; hasCase: boolean; onSaved(ruleId: string, notice: string): void }) {
  const source = target.kind === 'edit' ? { packId, ruleId: target.ruleId } : target.from;
  const [form, setForm] = useState<Form | null>(source ? null : emptyForm);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [saveError, setSaveError] = useState<Error | null>(null);
  const [saving, setSaving] = useState(false);
  const [runSignal, setRunSignal] = useState(0);
  const context = useCall('packs.context', { id: packId }, []);
  const names = useCall('attack.names', { ids: [...tactics, ...(/^T\d{4}(\.\d{3})?$/.test(form?.technique ?? '') ? [form!.technique, form!.technique.split('.')[0]!] : [])] }, []);
  const pack = packs.find((candidate) => candidate.id === packId);
  const sourceKey = source ? `${source.packId}/${source.ruleId}` : null;

  useEffect(() => {
    if (!sourceKey) return;
    let live = true;
    const [fromPack, ...rest] = sourceKey.split('/');
    workbench()
      .call('rules.get', { packId: fromPack!, ruleId: rest.join('/') })
      .then(
        (detail) => live && setForm(formOf(detail, target.kind === 'new')),
        (failure: unknown) => live && setLoadError(failure as Error),
      );
    return () => {
      live = false;
    };
  }, [sourceKey, target.kind]);

  const macros = useMemo(() => context.data?.macros ?? [], [context.data]);
  const verdict = useMemo(() => checkRuleExpression(form?.expression ?? '', macros), [form?.expression, macros]);

  if (loadError) return <ErrorBanner error={loadError} />;
  if (!form) return <p className="muted">Loading the rule…</p>;
  if (pack?.readOnly) return <ErrorBanner error={new Error(`${pack.name} is a bundled pack: duplicate the rule to your rules to change it.`)} />;

  const set = (change: Partial<Form>) => setForm((previous) => previous && { ...previous, ...change });
  const tags = parseTags(form.tags);
  const expressionOk = form.expression.trim() !== '' && verdict.errors.length === 0;
  const problems = [
    !idPattern.test(form.id) && (form.id === '' ? 'an id' : 'an id of 3 to 200 letters, digits and _, starting with a letter'),
    form.description.trim() === '' && 'a description',
    !expressionOk && (form.expression.trim() === '' ? 'an expression' : 'an expression that checks'),
    form.technique !== '' && !/^T\d{4}(\.\d{3})?$/.test(form.technique) && 'an ATT&CK technique id such as T1059 or T1059.004',
    tags.error !== null && 'tags written as name:value',
  ].filter((problem): problem is string => typeof problem === 'string');

  const save = () => {
    if (problems.length > 0 || saving) return;
    setSaving(true);
    setSaveError(null);
    workbench()
      .call('rules.save', {
        packId,
        originalId: target.kind === 'edit' ? target.ruleId : null,
        rule: {
          id: form.id,
          description: form.description,
          expression: form.expression,
          severity: form.severity,
          tactic: form.tactic,
          technique: form.technique,
          triage: form.triage.split('\n').map((line) => line.trim()).filter(Boolean),
          remediation: form.remediation,
          tags: tags.tags,
          tests: form.tests,
        },
      })
      .then(
        (saved) => onSaved(saved.rule.id, `Saved (change ${saved.version} in the pack’s history). The rule runs on events ingested from now on; a retro-hunt (Signals page) runs it over what the case already holds.`),
        (failure: unknown) => setSaveError(failure as Error),
      )
      .finally(() => setSaving(false));
  };

  const techniqueName = names.data?.[form.technique];
  const cancelHash = target.kind === 'edit' ? rulesHash({ view: 'rule', packId, ruleId: target.ruleId }) : target.from ? rulesHash({ view: 'rule', packId: target.from.packId, ruleId: target.from.ruleId }) : rulesHash({ view: 'list', packId });
  const title = target.kind === 'edit' ? `Edit ${target.ruleId}` : target.from ? `Duplicate ${target.from.ruleId}` : 'New rule';

  return (
    <div className="rule-editor" data-testid="rule-editor">
      <form
        className="rule-form rule-editor-form"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <p className="rule-breadcrumb">
          <a href={cancelHash}>← Back</a>
        </p>
        <h2>
          {title} <span className="muted rule-editor-pack">in {pack?.name ?? packId}</span>
        </h2>
        {target.kind === 'new' && target.from && target.from.packId !== packId && <p className="pack-note">A copy of the bundled rule, to change as you like: it gets its own id and runs beside the original (switch the original off if the copy replaces it).</p>}
        <div className="rule-row">
          <label className="rule-field rule-id">
            <span>Rule id</span>
            <input type="text" className="mono" value={form.id} onChange={(event) => set({ id: event.target.value.trim() })} spellCheck={false} aria-invalid={!idPattern.test(form.id)} data-testid="editor-id" placeholder="e.g. curl_piped_to_shell" />
          </label>
          <label className="rule-field rule-severity">
            <span>Severity</span>
            <SeveritySelect value={form.severity} onChange={(severity) => set({ severity })} testId="editor-severity" />
          </label>
        </div>
        <label className="rule-field">
          <span>Description: what the rule detects and why it matters</span>
          <textarea rows={4} value={form.description} onChange={(event) => set({ description: event.target.value })} data-testid="editor-description" />
        </label>
        <div className="rule-field">
          <span>Expression (SECL) · Ctrl+Enter runs it over the events</span>
          <ExpressionEditor
            value={form.expression}
            onChange={(expression) => set({ expression })}
            errors={verdict.errors}
            context={{ macros }}
            ariaLabel="Rule expression"
            onRun={() => setRunSignal((n) => n + 1)}
            testId="editor-expression"
            status={verdict.eventType ? <span className="secl-ok">Applies to {verdict.eventType} events.</span> : <span className="muted">The lists and macros of the bundled rules ({macros.length}) can be used, e.g. SHELLS.</span>}
          />
        </div>
        <div className="rule-row">
          <label className="rule-field rule-tactic">
            <span>ATT&amp;CK tactic</span>
            <select value={form.tactic} onChange={(event) => set({ tactic: event.target.value })} data-testid="editor-tactic">
              <option value="">none</option>
              {tactics.map((id) => (
                <option key={id} value={id}>
                  {names.data?.[id] ?? id} ({id})
                </option>
              ))}
            </select>
          </label>
          <label className="rule-field rule-technique">
            <span>Technique or sub-technique</span>
            <input type="text" className="mono" value={form.technique} onChange={(event) => set({ technique: event.target.value.trim().toUpperCase() })} placeholder="T1059.004" data-testid="editor-technique" />
            <small className={form.technique && !techniqueName ? 'secl-warning' : 'muted'}>{form.technique === '' ? 'optional' : (techniqueName ?? 'not in the bundled ATT&CK catalogue')}</small>
          </label>
        </div>
        <label className="rule-field">
          <span>Triage: one step per line</span>
          <textarea rows={3} value={form.triage} onChange={(event) => set({ triage: event.target.value })} placeholder="Read the command line and what the process did next in its process tree." />
        </label>
        <label className="rule-field">
          <span>Remediation</span>
          <textarea rows={2} value={form.remediation} onChange={(event) => set({ remediation: event.target.value })} />
        </label>
        <label className="rule-field">
          <span>Tags (name:value, comma-separated)</span>
          <input type="text" className="mono" value={form.tags} onChange={(event) => set({ tags: event.target.value })} spellCheck={false} aria-invalid={tags.error !== null} />
          {tags.error && <small className="field-error">{tags.error}</small>}
        </label>
        <label className="rule-field">
          <span>Tests: events that must match, and events that must not (rules/README.md)</span>
          <textarea rows={6} className="mono rule-tests-text" value={form.tests} onChange={(event) => set({ tests: event.target.value })} spellCheck={false} placeholder={testsPlaceholder} data-testid="editor-tests" />
        </label>
        {saveError && <ErrorBanner error={saveError} />}
        <div className="rule-editor-actions">
          {problems.length > 0 && <span className="muted">To save, the rule needs {problems.join(', ')}.</span>}
          <span className="toolbar-spacer" />
          <a className="button" href={cancelHash}>
            Cancel
          </a>
          <button type="submit" className="primary" disabled={problems.length > 0 || saving} data-testid="editor-save">
            {saving ? 'Saving…' : 'Save rule'}
          </button>
        </div>
      </form>
      <TestPanel packId={packId} expression={form.expression} tests={form.tests} valid={expressionOk} hasCase={hasCase} autoRunTests runSignal={runSignal} />
    </div>
  );
}
