// The SECL language services: one for a single expression (a rule form's field) and one for whole policy
// files (YAML with SECL in every `expression:`). Both are pure and editor-agnostic (LanguageService).
import { isScalar, parseDocument, Scalar } from 'yaml';
import type { CompletionItem, Diagnostic, FormatOptions, HighlightToken, LanguageService, QuickFix, TextEdit } from '../language-service/types.ts';
import type { MacroTable } from '../secl/index.ts';
import { completeSecl } from './complete.ts';
import { contextMacros, isListMacro, macroTableOf, type SeclContext, type SeclMacroInfo } from './context.ts';
import { diagnoseSecl } from './diagnostics.ts';
import { formatSecl } from './format.ts';
import { highlightSecl } from './highlight.ts';
import { hoverSecl } from './hover.ts';
import { lexAll } from './lex.ts';
import { encodeForScalar, expressionAt, parsePolicy, toDocumentRange, type EmbeddedExpression, type PolicyModel } from './policy.ts';
import { quickFixesSecl } from './quickfix.ts';

interface Names {
  infos: SeclMacroInfo[];
  table: MacroTable;
  lists: ReadonlySet<string>;
}

function namesOf(infos: SeclMacroInfo[]): Names {
  return { infos, table: macroTableOf(infos), lists: new Set(infos.filter(isListMacro).map((macro) => macro.id)) };
}

// Parsing every macro on every keystroke would be wasted work: the context changes when the packs do.
const namesCache = new WeakMap<SeclContext, Names>();
function contextNames(context: SeclContext): Names {
  let names = namesCache.get(context);
  if (!names) {
    names = namesOf(contextMacros(context));
    namesCache.set(context, names);
  }
  return names;
}

export const seclLanguageId = 'secl';
export const seclPolicyLanguageId = 'secl-policy';

export const seclExpressionService: LanguageService<SeclContext> = {
  id: seclLanguageId,
  completionTriggers: ['.', '['],
  highlight: (text, context) => {
    const names = contextNames(context);
    return highlightSecl(text, names.table, names.lists);
  },
  complete: (text, offset, context) => {
    const names = contextNames(context);
    return completeSecl(text, offset, names.table, names.infos);
  },
  hover: (text, offset, context) => {
    const names = contextNames(context);
    return hoverSecl(text, offset, names.table, names.infos);
  },
  diagnose: (text, context) => diagnoseSecl(text, contextNames(context).table, { kind: 'rule', allowEmpty: true }),
  quickFixes: (text, diagnostic, context) => quickFixesSecl(text, diagnostic, contextNames(context).table),
  format: (text, _context, options) => {
    const formatted = formatSecl(text, options);
    return formatted === text ? [] : [{ range: { start: 0, end: text.length }, text: formatted }];
  },
};

// ---- policy files ------------------------------------------------------------------------------------

let lastPolicy: { text: string; model: PolicyModel } | null = null;
function policyModel(text: string): PolicyModel {
  if (lastPolicy?.text !== text) lastPolicy = { text, model: parsePolicy(text) };
  return lastPolicy.model;
}

const policyNamesCache = new WeakMap<PolicyModel, { context: SeclContext; names: Names }>();
function policyNames(model: PolicyModel, context: SeclContext): Names {
  if (model.macros.length === 0) return contextNames(context);
  const cached = policyNamesCache.get(model);
  if (cached?.context === context) return cached.names;
  const names = namesOf(contextMacros(context, model.macros));
  policyNamesCache.set(model, { context, names });
  return names;
}

function expressionDiagnostics(expression: EmbeddedExpression, names: Names): Diagnostic[] {
  if (expression.empty) return expression.kind === 'rule' ? [{ range: { start: Math.max(0, expression.range.start - 1), end: expression.range.start }, severity: 'error', message: 'the rule has no expression', code: 'syntax' }] : [];
  return diagnoseSecl(expression.text, names.table, { kind: expression.kind }).map((diagnostic) => ({ ...diagnostic, range: toDocumentRange(expression, diagnostic.range) }));
}

function mapCompletion(item: CompletionItem, expression: EmbeddedExpression, source: string): CompletionItem {
  const range = toDocumentRange(expression, item.range);
  let insertText = encodeForScalar(expression, item.insertText ?? item.label);
  // `expression:|` with the cursor against the colon: YAML needs the space.
  if (expression.empty && source[range.start - 1] === ':') insertText = ` ${insertText}`;
  return { ...item, range, insertText };
}

function columnOf(source: string, offset: number): number {
  return offset - (source.lastIndexOf('\n', offset - 1) + 1);
}

function plainIsSafe(text: string): boolean {
  if (/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(text) || /:\s|\s#|[\n\t]/.test(text) || /\s$/.test(text)) return false;
  const value = parseDocument(`k: ${text}`).get('k', true);
  return isScalar(value) && value.value === text;
}

/** The scalar that writes `formatted` where `expression` was, or null when it cannot be written safely. */
function rewriteScalar(source: string, expression: EmbeddedExpression, formatted: string): TextEdit | null {
  const node = expression.node;
  const { start, end } = expression.range;
  const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  const lines = formatted.split('\n');
  if (block) {
    const headerEnd = source.indexOf('\n', start);
    const indent = ' '.repeat(columnOf(source, expression.offsets[0] as number));
    const original = source.slice(start, end);
    const trailing = /\n\s*$/.exec(original)?.[0] ?? '';
    return { range: { start, end }, text: `${source.slice(start, headerEnd)}\n${lines.map((line) => (line === '' ? '' : indent + line)).join('\n')}${trailing}` };
  }
  // Something after the value on its line (a comment) would end up inside a block: leave it.
  const lineEnd = source.indexOf('\n', end);
  if (source.slice(end, lineEnd < 0 ? source.length : lineEnd).trim() !== '') return null;
  if (lines.length === 1) {
    if (node.type === Scalar.QUOTE_SINGLE) return { range: { start, end }, text: `'${formatted.replaceAll("'", "''")}'` };
    if (node.type === Scalar.PLAIN && plainIsSafe(formatted)) return { range: { start, end }, text: formatted };
    return { range: { start, end }, text: JSON.stringify(formatted) };
  }
  const indent = ' '.repeat(expression.keyColumn + 2);
  return { range: { start, end }, text: `|-\n${lines.map((line) => (line === '' ? '' : indent + line)).join('\n')}` };
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.range.start - a.range.start)) out = out.slice(0, edit.range.start) + edit.text + out.slice(edit.range.end);
  return out;
}

const tokenTexts = (text: string) => lexAll(text).map((token) => token.text).join(' ');

function formatPolicy(text: string, options: FormatOptions = {}): TextEdit[] {
  const model = policyModel(text);
  const edits: TextEdit[] = [];
  const expected: string[] = [];
  for (const expression of model.expressions) {
    if (expression.empty || !expression.exact) {
      expected.push(expression.empty ? '' : tokenTexts(expression.text));
      continue;
    }
    const indent = expression.node.type === Scalar.BLOCK_LITERAL || expression.node.type === Scalar.BLOCK_FOLDED ? columnOf(text, expression.offsets[0] as number) : expression.keyColumn + 2;
    const formatted = formatSecl(expression.text, { ...options, maxLineLength: Math.max(40, (options.maxLineLength ?? 100) - indent) });
    expected.push(tokenTexts(expression.text));
    if (formatted === expression.text) continue;
    const edit = rewriteScalar(text, expression, formatted);
    if (edit && edit.text !== text.slice(edit.range.start, edit.range.end)) edits.push(edit);
  }
  if (edits.length === 0) return [];
  // Check the result: the same expressions, each with the same tokens; otherwise change nothing.
  const after = parsePolicy(applyEdits(text, edits));
  const same = after.errors.filter((error) => error.severity === 'error').length <= model.errors.filter((error) => error.severity === 'error').length
    && after.expressions.length === model.expressions.length
    && after.expressions.every((expression, i) => (expression.empty ? '' : tokenTexts(expression.text)) === expected[i]);
  return same ? edits : [];
}

export const seclPolicyService: LanguageService<SeclContext> = {
  id: seclPolicyLanguageId,
  completionTriggers: ['.', '['],
  highlight: (text, context) => {
    const model = policyModel(text);
    const names = policyNames(model, context);
    const out: HighlightToken[] = [];
    for (const expression of model.expressions) {
      if (expression.empty) continue;
      for (const token of highlightSecl(expression.text, names.table, names.lists)) {
        const range = toDocumentRange(expression, { start: token.start, end: token.end });
        out.push({ ...range, type: token.type });
      }
    }
    return out;
  },
  complete: (text, offset, context) => {
    const model = policyModel(text);
    const at = expressionAt(model, text, offset);
    if (!at) return [];
    const names = policyNames(model, context);
    return completeSecl(at.expression.text, at.inner, names.table, names.infos).map((item) => mapCompletion(item, at.expression, text));
  },
  hover: (text, offset, context) => {
    const model = policyModel(text);
    const at = expressionAt(model, text, offset);
    if (!at || at.expression.empty) return null;
    const names = policyNames(model, context);
    const hover = hoverSecl(at.expression.text, at.inner, names.table, names.infos);
    return hover && { ...hover, range: toDocumentRange(at.expression, hover.range) };
  },
  diagnose: (text, context) => {
    const model = policyModel(text);
    const names = policyNames(model, context);
    const yaml: Diagnostic[] = model.errors.map((error) => ({ range: error.range, severity: error.severity, message: error.message, code: 'yaml' }));
    return [...yaml, ...model.expressions.flatMap((expression) => expressionDiagnostics(expression, names))];
  },
  quickFixes: (text, diagnostic, context): QuickFix[] => {
    const model = policyModel(text);
    const names = policyNames(model, context);
    const expression = model.expressions.find((candidate) => !candidate.empty && candidate.range.start <= diagnostic.range.start && diagnostic.range.end <= Math.max(candidate.range.end, (candidate.offsets[candidate.offsets.length - 1] as number)));
    if (!expression) return [];
    const inner = diagnoseSecl(expression.text, names.table, { kind: expression.kind }).find((candidate) => {
      const range = toDocumentRange(expression, candidate.range);
      return candidate.code === diagnostic.code && range.start === diagnostic.range.start && range.end === diagnostic.range.end;
    });
    if (!inner) return [];
    return quickFixesSecl(expression.text, inner, names.table).map((fix) => ({
      ...fix,
      edits: fix.edits.map((edit) => ({ range: toDocumentRange(expression, edit.range), text: encodeForScalar(expression, edit.text) })),
    }));
  },
  format: (text, _context, options) => formatPolicy(text, options),
};
