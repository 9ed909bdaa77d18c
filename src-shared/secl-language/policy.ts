// Whole policy files: YAML around SECL. Every `expression:` of `rules:` and `macros:` is found with the
// yaml package's source ranges and mapped character by character (yaml-scalar.ts), so the SECL services
// work inside the YAML at the right places, with the file's own macros known to its rules.
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type YAMLMap } from 'yaml';
import type { TextRange } from '../language-service/types.ts';
import type { SeclMacroInfo } from './context.ts';
import { scalarText, type ScalarText } from './yaml-scalar.ts';

export interface EmbeddedExpression extends ScalarText {
  kind: 'rule' | 'macro';
  /** The rule's or macro's id, when it has one. */
  id: string | null;
  node: Scalar;
  /** The whole scalar in the YAML (quotes and block header included). */
  range: TextRange;
  /** Column (0-based) of the `expression` key: block content goes two spaces further in. */
  keyColumn: number;
  /** `expression:` with nothing after it yet: a place to start typing. */
  empty: boolean;
}

export interface PolicyYamlError {
  range: TextRange;
  message: string;
  severity: 'error' | 'warning';
}

export interface PolicyModel {
  expressions: EmbeddedExpression[];
  /** The macros the file defines (expression or values). */
  macros: SeclMacroInfo[];
  errors: PolicyYamlError[];
}

function columnOf(source: string, offset: number): number {
  return offset - (source.lastIndexOf('\n', offset - 1) + 1);
}

function stringValue(map: YAMLMap, key: string): string | null {
  const value = map.get(key, true);
  return isScalar(value) && typeof value.value === 'string' ? value.value : null;
}

function entries(doc: Document, key: string): YAMLMap[] {
  const list = doc.contents && isMap(doc.contents) ? doc.contents.get(key, true) : null;
  return isSeq(list) ? list.items.filter((item): item is YAMLMap => isMap(item)) : [];
}

export function parsePolicy(source: string): PolicyModel {
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: false });
  const errors: PolicyYamlError[] = [
    ...doc.errors.map((error) => ({ range: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) }, message: error.message, severity: 'error' as const })),
    ...doc.warnings.map((warning) => ({ range: { start: warning.pos[0], end: Math.max(warning.pos[1], warning.pos[0] + 1) }, message: warning.message, severity: 'warning' as const })),
  ];
  const expressions: EmbeddedExpression[] = [];
  const macros: SeclMacroInfo[] = [];
  for (const [kind, key] of [['macro', 'macros'], ['rule', 'rules']] as const) {
    for (const entry of entries(doc, key)) {
      const id = stringValue(entry, 'id');
      const pair = entry.items.find((item) => isScalar(item.key) && item.key.value === 'expression');
      const keyStart = isScalar(pair?.key) ? (pair.key.range?.[0] ?? 0) : 0;
      if (pair && isScalar(pair.value) && (typeof pair.value.value === 'string' || pair.value.value === null)) {
        const node = pair.value;
        const empty = node.value === null;
        const mapped: ScalarText = empty ? { text: '', offsets: [node.range?.[0] ?? 0], exact: true } : scalarText(source, node);
        const range = { start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0 };
        expressions.push({ kind, id, node, range, keyColumn: columnOf(source, keyStart), empty, ...mapped });
        if (kind === 'macro' && id && !empty) macros.push({ id, expression: mapped.text, description: stringValue(entry, 'description') ?? undefined, file: 'this file' });
      }
      const values = entry.get('values', true);
      if (kind === 'macro' && id && isSeq(values)) {
        const list = values.items.map((item) => (isScalar(item) ? String(item.value) : '')).filter((value) => value !== '');
        macros.push({ id, expression: '', values: list, description: stringValue(entry, 'description') ?? undefined, file: 'this file' });
      }
    }
  }
  return { expressions, macros, errors };
}

/** The expression whose text holds `offset` of the YAML, and the offset inside it. */
export function expressionAt(model: PolicyModel, source: string, offset: number): { expression: EmbeddedExpression; inner: number } | null {
  for (const expression of model.expressions) {
    if (expression.empty) {
      // `expression:` with nothing yet: the rest of that line is the place.
      const lineEnd = source.indexOf('\n', expression.range.start);
      const end = lineEnd < 0 ? source.length : lineEnd;
      if (offset >= expression.range.start && offset <= end) return { expression: { ...expression, offsets: [offset] }, inner: 0 };
      continue;
    }
    const first = expression.offsets[0] ?? expression.range.start;
    const last = expression.offsets[expression.offsets.length - 1] ?? expression.range.end;
    if (offset < first || offset > last) continue;
    // The cursor sits before the first character that starts at or after it.
    let inner = 0;
    while (inner < expression.text.length && (expression.offsets[inner] as number) < offset) inner++;
    return { expression, inner };
  }
  return null;
}

/** A range of an expression's text, as a range of the YAML. */
export function toDocumentRange(expression: EmbeddedExpression, range: TextRange): TextRange {
  const at = (i: number) => expression.offsets[Math.min(Math.max(i, 0), expression.offsets.length - 1)] as number;
  if (range.end <= range.start) return { start: at(range.start), end: at(range.start) };
  return { start: at(range.start), end: at(range.end - 1) + 1 };
}

/** Text to write inside the scalar in its style: quotes escaped in quoted scalars. */
export function encodeForScalar(expression: EmbeddedExpression, text: string): string {
  switch (expression.node.type) {
    case Scalar.QUOTE_DOUBLE:
      return text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
    case Scalar.QUOTE_SINGLE:
      return text.replaceAll("'", "''");
    default:
      return text;
  }
}
