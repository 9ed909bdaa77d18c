// A SECL expression field that checks as you type: the engine's first error is underlined in place (a
// backdrop under the transparent field draws the wavy line at the same characters) and said in words
// below, with its suggestion as a one-click fix. Used by the query bar and the rule editor.
import { useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { SeclError } from '../../../src-shared/secl/index.ts';
import { applySuggestion, suggestionOf, underlineRange } from './seclCheck.ts';

export function SeclInput({
  value,
  onChange,
  errors,
  multiline = false,
  label,
  placeholder,
  onEnter,
  status,
  testId,
  autoFocus,
  readOnly,
}: {
  value: string;
  onChange(text: string): void;
  errors: readonly SeclError[];
  multiline?: boolean;
  label: string;
  placeholder?: string;
  /** Enter (single line) or Ctrl+Enter (multi-line). */
  onEnter?(): void;
  /** Shown below when there is no error: what the expression applies to, what Enter does. */
  status?: ReactNode;
  testId?: string;
  autoFocus?: boolean;
  readOnly?: boolean;
}) {
  const backdrop = useRef<HTMLDivElement>(null);
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const problemId = useId();
  const first = errors[0];
  const range = first ? underlineRange(value, first) : null;
  const suggestion = first ? suggestionOf(first) : null;

  // the backdrop scrolls with the field, so the underline stays under its characters
  const sync = () => {
    if (backdrop.current && field.current) {
      backdrop.current.scrollLeft = field.current.scrollLeft;
      backdrop.current.scrollTop = field.current.scrollTop;
    }
  };
  useLayoutEffect(sync);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !onEnter) return;
    if (multiline && !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    onEnter();
  };

  const common = {
    ref: field,
    className: 'secl-field',
    value,
    placeholder,
    spellCheck: false,
    autoComplete: 'off',
    autoCapitalize: 'off',
    autoFocus,
    readOnly,
    'aria-label': label,
    'aria-invalid': first !== undefined,
    'aria-describedby': problemId,
    'data-testid': testId,
    onScroll: sync,
    onSelect: sync,
    onKeyDown,
  };
  return (
    <div className="secl-input-wrap">
      <div className={`secl-input${multiline ? ' secl-multiline' : ''}${first ? ' secl-has-error' : ''}`}>
        <div className="secl-backdrop" ref={backdrop} aria-hidden="true">
          {range ? (
            <>
              {value.slice(0, range.start)}
              <mark className="secl-underline" data-testid={testId ? `${testId}-underline` : undefined}>
                {range.end > range.start ? value.slice(range.start, range.end) : ' '}
              </mark>
              {value.slice(range.end)}
            </>
          ) : (
            value
          )}
          {'\n'}
        </div>
        {multiline ? <textarea {...common} rows={4} onChange={(event) => onChange(event.target.value)} /> : <input {...common} type="text" onChange={(event) => onChange(event.target.value)} />}
      </div>
      <div id={problemId} className={first ? 'secl-problem' : 'secl-status'} role={first ? 'alert' : undefined} data-testid={testId ? `${testId}-problem` : undefined}>
        {first ? (
          <>
            <span className="secl-problem-text">
              {first.reason}
              <span className="secl-place"> (line {first.span.line}, column {first.span.column})</span>
              {errors.length > 1 && <span className="muted"> · {errors.length - 1} more after this one</span>}
            </span>
            {suggestion && (
              <button type="button" className="secl-fix" onClick={() => onChange(applySuggestion(value, first, suggestion))}>
                Use <code>{suggestion}</code>
              </button>
            )}
          </>
        ) : (
          status
        )}
      </div>
    </div>
  );
}
