// SECL checked in the renderer with the engine's own parser and checker (src-shared is pure), so what the
// query bar and the rule editor underline is exactly what the server would refuse, without a round trip.
import { checkRule, parseSecl, type EventType, type SeclError } from '../../../src-shared/secl/index.ts';

export interface SeclVerdict {
  errors: SeclError[];
  /** The event type the expression applies to ('*': any); null while it does not check. */
  eventType: EventType | '*' | null;
}

/**
 * `anyEventType`: a query may name only process fields and then applies to every event type; a rule
 * must name a field of its event type (exec.*, open.*…), as the policy loader requires.
 */
export function checkSecl(text: string, options: { anyEventType: boolean }): SeclVerdict {
  if (text.trim() === '') return { errors: [], eventType: null };
  const parsed = parseSecl(text);
  if (!parsed.ok) return { errors: [parsed.error], eventType: null };
  const checked = checkRule(parsed.ast, { allowAnyEventType: options.anyEventType });
  return { errors: checked.errors, eventType: checked.eventType };
}

/** The name an error suggests ("did you mean process.file.path?"), to offer as a one-click fix. */
export function suggestionOf(error: SeclError): string | null {
  return /did you mean \$?\{?([A-Za-z0-9_.[\]]+?)\}?\?/.exec(error.reason)?.[1] ?? null;
}

/** The text with the error's span replaced by its suggestion. */
export function applySuggestion(text: string, error: SeclError, suggestion: string): string {
  return text.slice(0, error.span.offset) + suggestion + text.slice(error.span.offset + error.span.length);
}

/** Where to underline: the span, widened to one character when it is empty (an error at the end). */
export function underlineRange(text: string, error: SeclError): { start: number; end: number } {
  const start = Math.min(error.span.offset, text.length);
  const end = Math.min(text.length, start + Math.max(1, error.span.length));
  return { start, end };
}
