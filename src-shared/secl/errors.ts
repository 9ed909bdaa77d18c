// One error shape for every stage (lexer, parser, checker), so the editor underlines them the same way
// and the policy loader can report them with their place.
import type { Span } from './ast.ts';

export type SeclErrorCode =
  | 'syntax'
  | 'unknown-field'
  | 'unavailable-field'
  | 'unsupported-event-type'
  | 'mixed-event-types'
  | 'no-event-type'
  | 'wrong-event-type'
  | 'type'
  | 'unknown-macro'
  | 'unknown-constant'
  | 'unknown-variable'
  | 'action-variable'
  | 'macro-cycle'
  | 'bad-pattern'
  | 'register';

export interface SeclError {
  code: SeclErrorCode;
  /** What is wrong, without the place: for the editor's hover. */
  reason: string;
  /** The reason followed by " at line:column": for logs and policy reports. */
  message: string;
  span: Span;
}

export function seclError(code: SeclErrorCode, reason: string, span: Span): SeclError {
  return { code, reason, message: `${reason} at ${span.line}:${span.column}`, span };
}

/** Thrown only inside the parser and caught at its boundary: callers always receive a SeclError value. */
export class SeclSyntaxError extends Error {
  readonly error: SeclError;

  constructor(error: SeclError) {
    super(error.message);
    this.name = 'SeclSyntaxError';
    this.error = error;
  }
}
