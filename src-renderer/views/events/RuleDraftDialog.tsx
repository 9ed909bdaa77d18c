// "Create a rule from this event": the server drafts a rule from the event (its program, parent, arguments
// or file), the user edits it with the same inline checking as the query bar, sees what it would match in
// this case, and saves it into the custom rule pack. Saved rules run on what is ingested next; a retro-hunt
// runs them over what the case already holds, and this dialog offers one.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CustomRuleSaved, EventRow, RetroHuntResult, RuleDraft, Severity } from '../../../src-shared/api/domain.ts';
import { ApiError } from '../../../src-shared/api/errors.ts';
import { workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SeveritySelect } from '../../components/SeveritySelect.tsx';
import { Modal } from '../../components/Modal.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import { formatCount } from '../../format.ts';
import { SeclInput } from './SeclInput.tsx';
import { checkSecl } from './seclCheck.ts';
import { seclCount } from './seclPaging.ts';

const idPattern = /^[a-z][a-z0-9_]{2,99}$/;
const tagPattern = /^[a-z][a-z0-9_]{0,39}$/;
/** Counting stops here: a rule that matches this much of a case is a query, not a detection. */
const countCap = 100_000;
const countDelayMs = 350;

/** "key:value, key:value" ⇄ tags; a malformed entry is an error to show, not something to drop silently. */
export function parseTags(text: string): { tags: Record<string, string>; error: string | null } {
  const tags: Record<string, string> = {};
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const key = colon < 0 ? entry : entry.slice(0, colon).trim();
    if (colon < 0 || !tagPattern.test(key)) return { tags, error: `“${entry}” is not a tag: write name:value, the name in lower-case letters, digits and _` };
    tags[key] = entry.slice(colon + 1).trim();
  }
  return { tags, error: null };
}

function tagsText(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}:${value}`)
    .join(', ');
}

type MatchInfo = { state: 'idle' } | { state: 'counting'; found: number } | { state: 'done'; total: number; capped: boolean; matchesEvent: boolean } | { state: 'failed'; message: string };

/** How much of the case the expression matches, and whether it still matches the event it came from. */
function useMatchInfo(expression: string, valid: boolean, event: EventRow): MatchInfo {
  // each answer names the expression it is about: an answer about an older text is not shown
  const [answer, setAnswer] = useState<{ expression: string; info: MatchInfo } | null>(null);
  useEffect(() => {
    if (!valid || expression.trim() === '') return;
    let live = true;
    const stillWanted = () => live;
    const show = (info: MatchInfo) => live && setAnswer({ expression, info });
    const timer = setTimeout(() => {
      show({ state: 'counting', found: 0 });
      const api = workbench();
      // the event itself: the only row between its neighbours in (time, id) order
      const itself = api.call('events.count', { secl: expression, after: { tsNs: event.tsNs, id: event.id - 1 }, before: { tsNs: event.tsNs, id: event.id + 1 } });
      const all = seclCount(api, { secl: expression, cap: countCap }, stillWanted, (progress) => show({ state: 'counting', found: progress.found }));
      Promise.all([itself, all]).then(
        ([own, count]) => count && show({ state: 'done', total: count.total, capped: count.capped, matchesEvent: own.total > 0 }),
        (failure: unknown) => show({ state: 'failed', message: (failure as Error).message }),
      );
    }, countDelayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [expression, valid, event.tsNs, event.id]);
  return valid && answer?.expression === expression ? answer.info : { state: 'idle' };
}

export function RuleDraftDialog({ event, onClose, onShowMatches }: { event: EventRow; onClose(): void; onShowMatches(expression: string): void }) {
  const [draft, setDraft] = useState<RuleDraft | null>(null);
  const [loadError, setLoadError] = useState<Error | null>(null);
  const [id, setId] = useState('');
  const [description, setDescription] = useState('');
  const [expression, setExpression] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [tags, setTags] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<CustomRuleSaved | null>(null);
  const [hunt, setHunt] = useState<{ state: 'running' } | { state: 'done'; result: RetroHuntResult } | { state: 'failed'; error: Error } | null>(null);
  const idField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    workbench()
      .call('rules.draft', { eventId: event.id })
      .then(
        (proposed) => {
          if (!live) return;
          setDraft(proposed);
          setId(proposed.id);
          setDescription(proposed.description);
          setExpression(proposed.expression);
          setSeverity(proposed.severity);
          setTags(tagsText(proposed.tags));
        },
        (failure: unknown) => live && setLoadError(failure as Error),
      );
    return () => {
      live = false;
    };
  }, [event.id]);

  const verdict = useMemo(() => checkSecl(expression, { anyEventType: false }), [expression]);
  const parsedTags = parseTags(tags);
  const idProblem = id === '' ? 'A rule needs an id.' : idPattern.test(id) ? null : 'An id is 3 to 100 lower-case letters, digits and _, starting with a letter.';
  const valid = verdict.errors.length === 0 && expression.trim() !== '';
  const canSave = valid && idProblem === null && description.trim() !== '' && parsedTags.error === null && !saving && saved === null;
  const matches = useMatchInfo(expression, valid, event);

  const save = useCallback(() => {
    if (!canSave) return;
    setSaving(true);
    setSaveError(null);
    workbench()
      .call('rules.saveCustom', { id, description: description.trim(), expression: expression.trim(), severity, tags: parsedTags.tags })
      .then(
        (result) => setSaved(result),
        (failure: unknown) => {
          setSaveError(failure as Error);
          if (failure instanceof ApiError && failure.code === 'conflict') idField.current?.focus();
        },
      )
      .finally(() => setSaving(false));
  }, [canSave, id, description, expression, severity, parsedTags.tags]);

  const runHunt = () => {
    setHunt({ state: 'running' });
    workbench()
      .call('detect.retroHunt', {})
      .then(
        (result) => setHunt({ state: 'done', result }),
        (failure: unknown) => setHunt({ state: 'failed', error: failure as Error }),
      );
  };

  return (
    <Modal title="Create a rule from this event" onCancel={onClose} wide>
      <div className="rule-draft" data-testid="rule-draft">
        <p className="muted rule-draft-source">
          From the <span className={`type type-${event.type}`}>{event.type}</span> event on <SafeText text={event.hostName} /> (pid {event.pid}):{' '}
          <span className="mono">
            <SafeText text={event.summary.length > 160 ? `${event.summary.slice(0, 159)}…` : event.summary} />
          </span>
        </p>
        {loadError && <ErrorBanner error={loadError} />}
        {!draft && !loadError && <p className="muted">Drafting a rule…</p>}
        {draft && (
          <form
            className="rule-form"
            onSubmit={(submit) => {
              submit.preventDefault();
              save();
            }}
          >
            {draft.note && <p className="rule-note">{draft.note}</p>}
            <div className="rule-row">
              <label className="rule-field rule-id">
                <span>Rule id</span>
                <input ref={idField} type="text" value={id} onChange={(change) => setId(change.target.value.trim())} spellCheck={false} aria-invalid={idProblem !== null} disabled={saved !== null} className="mono" />
                {idProblem && <small className="field-error">{idProblem}</small>}
              </label>
              <label className="rule-field rule-severity">
                <span>Severity</span>
                <SeveritySelect value={severity} onChange={setSeverity} disabled={saved !== null} />
              </label>
            </div>
            <label className="rule-field">
              <span>Description: what the rule detects and why it matters</span>
              <textarea value={description} rows={2} onChange={(change) => setDescription(change.target.value)} disabled={saved !== null} />
            </label>
            <div className="rule-field">
              <span id="rule-expression-label">Expression (SECL) · Ctrl+Enter saves</span>
              <SeclInput value={expression} onChange={setExpression} errors={verdict.errors} multiline label="Rule expression" onEnter={save} readOnly={saved !== null} testId="rule-expression" status={<MatchLine info={matches} eventType={verdict.eventType} />} />
            </div>
            <label className="rule-field">
              <span>Tags (name:value, comma-separated)</span>
              <input type="text" value={tags} onChange={(change) => setTags(change.target.value)} spellCheck={false} aria-invalid={parsedTags.error !== null} disabled={saved !== null} className="mono" />
              {parsedTags.error && <small className="field-error">{parsedTags.error}</small>}
            </label>
            {saveError && <ErrorBanner error={saveError} />}
            {saved ? (
              <div className="rule-saved" data-testid="rule-saved" role="status">
                <p>
                  <strong>Saved {saved.ruleId}</strong> to your custom rule pack, <code>{saved.file}</code>. It runs on events captured or imported from now on.
                </p>
                <p>
                  Events already in this case are checked only by a <strong>retro-hunt</strong>: it runs every rule over the stored events and adds the signals that are new (never the same one twice). Run it here, or later on the Signals page with “Run the rules over all events”.
                </p>
                {hunt?.state === 'done' && (
                  <p data-testid="rule-hunt-result">
                    <span className="secl-ok">✓</span> Retro-hunt done: {formatCount(hunt.result.events)} events read, {formatCount(hunt.result.matches)} {hunt.result.matches === 1 ? 'match' : 'matches'}, {formatCount(hunt.result.newSignals)} new {hunt.result.newSignals === 1 ? 'signal' : 'signals'}.{' '}
                    <a href={`#/signals?rule=${encodeURIComponent(saved.ruleId)}`} onClick={onClose}>
                      Open its signals
                    </a>
                  </p>
                )}
                {hunt?.state === 'failed' && <ErrorBanner error={hunt.error} />}
                <p>
                  <button type="button" className="link-button" onClick={() => onShowMatches(expression.trim())}>
                    Show the events it matches
                  </button>{' '}
                  (in the Events list, as a SECL query)
                </p>
              </div>
            ) : (
              <p className="muted rule-where">Saved rules go to the custom pack in the workbench’s data folder (not the bundled rules, which updates replace).</p>
            )}
            <div className="modal-actions">
              {saved ? (
                <>
                  <button type="button" className={hunt?.state === 'done' ? '' : 'primary'} onClick={runHunt} disabled={hunt?.state === 'running'} data-testid="rule-run-hunt">
                    {hunt?.state === 'running' ? 'Running the rules…' : hunt?.state === 'done' ? 'Run the retro-hunt again' : 'Run the retro-hunt now'}
                  </button>
                  <button type="button" onClick={onClose}>
                    Close
                  </button>
                </>
              ) : (
                <>
                  <button type="button" onClick={onClose}>
                    Cancel
                  </button>
                  <button type="submit" className="primary" disabled={!canSave} data-testid="rule-save">
                    {saving ? 'Saving…' : 'Save rule'}
                  </button>
                </>
              )}
            </div>
          </form>
        )}
      </div>
    </Modal>
  );
}

function MatchLine({ info, eventType }: { info: MatchInfo; eventType: string | null }) {
  const noun = (n: number) => `${eventType && eventType !== '*' ? `${eventType} ` : ''}${n === 1 ? 'event' : 'events'}`;
  switch (info.state) {
    case 'idle':
      return <span className="muted">Checks as you type.</span>;
    case 'counting':
      return <span className="muted" data-testid="rule-match-count">Counting matches in this case… {info.found > 0 ? `${formatCount(info.found)} so far` : ''}</span>;
    case 'failed':
      return <span className="field-error">Could not count matches: {info.message}</span>;
    case 'done':
      return (
        <span data-testid="rule-match-count">
          {info.matchesEvent ? <span className="secl-ok">✓ Matches this event</span> : <span className="secl-warning">✗ Does not match the event it was drafted from</span>}
          {' · '}
          {info.capped ? `more than ${formatCount(info.total)}` : formatCount(info.total)} {noun(info.capped ? 2 : info.total)} in this case {info.total === 1 && !info.capped ? 'matches' : 'match'}
        </span>
      );
  }
}
