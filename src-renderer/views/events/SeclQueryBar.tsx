// The Events explorer's SECL query bar: an expression in the rules' own language, checked as it is typed
// and run on Enter. A bare expression (process fields only) applies to every event type; one that names
// exec.* or open.* fields applies to that type only, as a rule would.
import { useMemo } from 'react';
import { SeclInput } from './SeclInput.tsx';
import { checkSecl } from './seclCheck.ts';

export function SeclQueryBar({
  text,
  onText,
  applied,
  onApply,
  selectedTypes,
  onClearTypes,
}: {
  text: string;
  onText(text: string): void;
  /** The expression the list shows now ('' for none). */
  applied: string;
  onApply(expression: string): void;
  /** The Type filter: it may leave nothing for the expression's event type. */
  selectedTypes: readonly string[];
  onClearTypes(): void;
}) {
  const verdict = useMemo(() => checkSecl(text, { anyEventType: true }), [text]);
  const pending = text.trim() !== applied.trim();
  const valid = verdict.errors.length === 0;
  const run = () => {
    if (valid) onApply(text.trim());
  };
  const appliesTo = verdict.eventType === null ? null : verdict.eventType === '*' ? 'events of every type' : `${verdict.eventType} events only`;
  const excluded = verdict.eventType !== null && verdict.eventType !== '*' && selectedTypes.length > 0 && !selectedTypes.includes(verdict.eventType) ? verdict.eventType : null;
  return (
    <div className="secl-bar" data-testid="secl-bar">
      <span className="secl-label" title="Security Evaluation Context Language: the language of the runtime rules">
        SECL
      </span>
      <SeclInput
        value={text}
        onChange={onText}
        errors={verdict.errors}
        label="SECL query"
        placeholder='exec.file.name in ["sh", "bash"] && process.parent.file.name == "nginx"'
        onEnter={run}
        testId="secl-query"
        status={
          text.trim() === '' ? (
            <span className="muted">Filter with a rule expression. Fields: process.*, process.parent.*, process.ancestors.*, exec.*, open.*, connect.*… Press Enter to run.</span>
          ) : excluded ? (
            <span className="secl-warning">
              This expression reads {excluded} fields, so it only matches {excluded} events, and the Type filter leaves none.{' '}
              <button type="button" className="link-button" onClick={onClearTypes}>
                Clear the Type filter
              </button>
            </span>
          ) : (
            <span className="muted">
              <span className="secl-ok">✓</span> Matches {appliesTo}.{pending ? ' Press Enter to run.' : ''}
            </span>
          )
        }
      />
      <button type="button" className={pending && valid && text.trim() !== '' ? 'primary' : ''} onClick={run} disabled={!valid || !pending} data-testid="secl-run">
        Run
      </button>
      {(applied !== '' || text !== '') && (
        <button
          type="button"
          onClick={() => {
            onText('');
            onApply('');
          }}
          aria-label="Clear the SECL query"
        >
          Clear
        </button>
      )}
    </div>
  );
}
