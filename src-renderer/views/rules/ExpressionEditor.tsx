// The expression field of the Rules page, behind one small wrapper so the editor can change in one place:
// the SECL editor (Monaco: completion of fields, operators, macros and lists of the packs, hover, errors
// and quick fixes as you type), with what the rule applies to said under it.
import { useMemo, type ReactNode } from 'react';
import type { MacroInfo } from '../../../src-shared/api/rule-packs.ts';
import type { SeclError } from '../../../src-shared/secl/index.ts';
import { SeclEditor } from '../../editor/SeclEditor.tsx';

export interface ExpressionEditorProps {
  value: string;
  onChange(text: string): void;
  /** The engine's verdict on the text (ruleCheck.ts): the status below shows only when there is none. */
  errors: readonly SeclError[];
  context: { macros: readonly MacroInfo[] };
  ariaLabel: string;
  readOnly?: boolean;
  /** Ctrl+Enter. */
  onRun?(): void;
  status?: ReactNode;
  testId?: string;
}

export function ExpressionEditor(props: ExpressionEditorProps) {
  const macros = props.context.macros;
  // one object per set of macros: the editor re-checks the text whenever its context changes
  const context = useMemo(() => ({ macros }), [macros]);
  return (
    <div className="expression-editor" data-testid={props.testId}>
      <SeclEditor value={props.value} onChange={props.onChange} mode="expression" context={context} ariaLabel={props.ariaLabel} onRun={props.onRun} readOnly={props.readOnly} placeholder='exec.file.name == "curl" && process.parent.file.name in SHELLS' />
      {props.errors.length === 0 && props.status && <div className="expression-status">{props.status}</div>}
    </div>
  );
}
