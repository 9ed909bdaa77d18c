// What an editor language provides, in plain offsets into the text (UTF-16 code units, as editors count):
// no editor types here, so each language's service is pure and unit-testable, and the renderer adapts
// any of them to Monaco the same way. SECL implements it first; CEL (posture rules) will sit beside it.

/** A stretch of the text: [start, end). */
export interface TextRange {
  start: number;
  end: number;
}

/** A highlighting class; the editor's theme gives each one its colour. */
export type TokenClass =
  | 'field'
  | 'macro'
  | 'list'
  | 'constant'
  | 'variable'
  | 'keyword'
  | 'operator'
  | 'delimiter'
  | 'string'
  | 'pattern'
  | 'regex'
  | 'number'
  | 'comment'
  | 'identifier'
  | 'invalid';

export interface HighlightToken {
  start: number;
  end: number;
  type: TokenClass;
}

export type CompletionKind = 'field' | 'macro' | 'list' | 'constant' | 'keyword' | 'operator' | 'value';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** Inserted in place of `range`; defaults to the label. */
  insertText?: string;
  /** Short, beside the label: a field's type, a constant's value. */
  detail: string;
  /** Markdown, shown beside the list for the selected item. */
  documentation: string;
  /** What the item replaces: the word being typed. */
  range: TextRange;
  /** Orders items (lower first) before the editor's own fuzzy ranking. */
  sortText?: string;
  /** Open the list again after inserting (after an operator, the values that may follow). */
  retrigger?: boolean;
}

export interface HoverInfo {
  range: TextRange;
  markdown: string;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  range: TextRange;
  severity: Severity;
  message: string;
  /** The language's own error code, for quick fixes and for tests. */
  code: string;
}

export interface TextEdit {
  range: TextRange;
  text: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor offers first (Ctrl+. then Enter). */
  preferred?: boolean;
}

export interface FormatOptions {
  /** Lines longer than this are broken (chains of && and ||, one condition per line). */
  maxLineLength?: number;
  indent?: string;
}

/** One editor language. `Context` is what the page knows beyond the text (SECL: the macros of the loaded packs). */
export interface LanguageService<Context> {
  /** The editor's language id; unique. */
  id: string;
  /** Characters that open the completion list by themselves. */
  completionTriggers: readonly string[];
  highlight(text: string, context: Context): HighlightToken[];
  complete(text: string, offset: number, context: Context): CompletionItem[];
  hover(text: string, offset: number, context: Context): HoverInfo | null;
  diagnose(text: string, context: Context): Diagnostic[];
  quickFixes(text: string, diagnostic: Diagnostic, context: Context): QuickFix[];
  /** Edits that format the text; none when it is formatted already or cannot be formatted safely (it does not parse). */
  format(text: string, context: Context, options?: FormatOptions): TextEdit[];
}
