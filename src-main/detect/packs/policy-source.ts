// A policy file as text: where each rule and macro is (1-based lines, for messages that point at them),
// the raw entry of each rule (for the metadata of rules that do not load), and the entry's own text (the
// rule as its author wrote it). The loader (policy.ts) decides what loads; this only reads the YAML.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export interface RuleEntrySource {
  id: string;
  /** 1-based line where the entry starts. */
  line: number;
  /** The entry as plain data (what the loader read). */
  entry: Record<string, unknown>;
  /** The entry's text in the file, de-indented. */
  text: string;
  /** The text of its tests: value as written (de-indented), or null when it has none. */
  testsText: string | null;
}

export interface PolicySource {
  rules: RuleEntrySource[];
  macros: { id: string; line: number; expression: string | null; values: string[] | null }[];
  /** The first YAML error with its line, when the text is not valid YAML. */
  yamlError: { line: number; message: string } | null;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** The lines of `text` from `start` to `end` (offsets), with their common indentation removed. */
function entryText(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lines = text.slice(lineStart, end).replace(/\s+$/, '').split('\n');
  // the first line starts at the item's dash: indent it like the others
  const first = lines[0] ?? '';
  lines[0] = first.replace(/^(\s*)- /, '$1  ');
  return dedent(lines);
}

function dedent(lines: string[]): string {
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => /^\s*/.exec(line)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

export function readPolicySource(text: string): PolicySource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false }) as unknown as Document<Node, false>;
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    return { rules: [], macros: [], yamlError: { line: error.linePos?.[0]?.line ?? lineAt(error.pos[0]), message: firstLine(error.message) } };
  }
  const result: PolicySource = { rules: [], macros: [], yamlError: null };
  if (!isMap(document.contents)) return result;
  const rules = document.contents.get('rules', true);
  if (isSeq(rules)) {
    for (const item of rules.items) {
      if (!isMap(item) || !item.range) continue;
      const id = item.get('id');
      if (typeof id !== 'string') continue;
      const entry = (item.toJSON() ?? {}) as Record<string, unknown>;
      const tests = item.get('tests', true) as Node | undefined;
      // a block mapping's value starts on its own line; a flow one on the key's line, after the key
      const testsText = tests?.range ? (isMap(tests) && !tests.flow ? entryText(text, tests.range[0], tests.range[1]) : text.slice(tests.range[0], tests.range[1]).trim()) : null;
      result.rules.push({ id, line: lineAt(item.range[0]), entry, text: entryText(text, item.range[0], item.range[1]), testsText });
    }
  }
  const macros = document.contents.get('macros', true);
  if (isSeq(macros)) {
    for (const item of macros.items) {
      if (!isMap(item) || !item.range) continue;
      const id = item.get('id');
      if (typeof id !== 'string') continue;
      const expression = item.get('expression');
      const values = item.get('values', true);
      result.macros.push({
        id,
        line: lineAt(item.range[0]),
        expression: typeof expression === 'string' ? expression : null,
        values: isSeq(values) ? values.items.map((value) => (isScalar(value) ? String(value.value) : '')) : null,
      });
    }
  }
  return result;
}

/** "in x.policy, line 12": where a YAML parser's message says the problem is, for texts it refused. */
export function yamlErrorLine(message: string): number | null {
  const match = /at line (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

/**
 * The line of a rule (or macro) of a file; for a duplicate id (the loader's "already defined"), the line of
 * its second definition, the one that is refused.
 */
export function ruleLine(source: PolicySource | undefined, id: string | undefined, reason = ''): number | null {
  if (id === undefined || !source) return null;
  const lines = source.rules.filter((rule) => rule.id === id).map((rule) => rule.line);
  if (lines.length === 0) return source.macros.find((macro) => macro.id === id)?.line ?? null;
  return /already defined in the policy/.test(reason) ? (lines[1] ?? lines[0]!) : lines[0]!;
}
