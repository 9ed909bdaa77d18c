// Approvers, as Datadog calls them: values a field must have for a rule to possibly match. A rule
// `exec.file.name in ["nc", "ncat"] && …` can only match an exec whose file name is nc or ncat, so the
// rule index looks that name up once per event and evaluates the rule only on a hit. A rule's approvers
// are a necessary condition (if the rule matches, one of them holds), never a sufficient one: the rule's
// own closure still decides. Rules without approvers are evaluated on every event of their type.
import type { Scalar } from './accessors.ts';
import type { FieldDef } from './fields.ts';
import type { Cond, Value } from './ir.ts';

export type Approver =
  /** The field's value (or, for a list field, one of its elements) equals `value`. */
  | { kind: 'exact'; field: FieldDef; value: Scalar }
  /** The field's value, or one of its elements, contains `literal`; compared in lower case when `caseInsensitive`. */
  | { kind: 'contains'; field: FieldDef; literal: string; caseInsensitive: boolean };

/**
 * The ways to approve a rule's condition: each option is a complete set of approvers (one of them holds
 * whenever the rule matches). A && chain has one option per conjunct that has approvers; the rule index
 * chooses among them (a cheap field to read, a value that selects). Empty: nothing approves the rule.
 */
export function approverOptions(cond: Cond): Approver[][] {
  switch (cond.k) {
    case 'chain':
      return chainOptions(cond.items, cond.ops);
    case 'compare':
      if (cond.op !== '==' && cond.op !== '=~') return [];
      return optionOf(fieldApprovers(cond.left, [cond.right]));
    case 'member':
      if (cond.op === 'not in') return [];
      if (cond.right.k === 'list') return optionOf(fieldApprovers(cond.left, cond.right.items));
      // ~"curl*" in exec.argv: some element of the field matches the pattern.
      if (cond.left.k === 'literal') return optionOf(fieldApprovers(cond.right, [cond.left]));
      return [];
    default:
      return [];
  }
}

/** The most selective way to approve a condition, or null when nothing approves it. */
export function approversOf(cond: Cond): Approver[] | null {
  return mostSelective(approverOptions(cond));
}

function optionOf(approvers: Approver[] | null): Approver[][] {
  return approvers ? [approvers] : [];
}

export function mostSelective<T extends readonly Approver[]>(options: readonly T[]): T | null {
  let chosen: T | null = null;
  for (const option of options) if (chosen === null || selectivity(option) > selectivity(chosen)) chosen = option;
  return chosen;
}

/** How many options a || keeps from each side, and in all: enough to choose from, never an explosion. */
const optionsPerSide = 3;
const maxOptions = 6;

/**
 * a && REST is approved by any option of any conjunct; a || REST needs an option of each side together.
 * SECL groups both to the right with equal precedence: a && b || c is a && (b || c). From the right, in a
 * loop, for chains of thousands of conditions.
 */
function chainOptions(items: readonly Cond[], ops: readonly ('&&' | '||')[]): Approver[][] {
  let rest = items.length > 0 ? approverOptions(items[items.length - 1] as Cond) : [];
  for (let i = items.length - 2; i >= 0; i--) {
    const head = approverOptions(items[i] as Cond);
    if (ops[i] === '&&') {
      for (const option of head) rest.push(option);
      continue;
    }
    const combined: Approver[][] = [];
    for (const left of strongest(head)) for (const right of strongest(rest)) combined.push([...left, ...right]);
    rest = strongest(combined, maxOptions);
  }
  return rest;
}

function strongest(options: readonly Approver[][], count = optionsPerSide): Approver[][] {
  return [...options].sort((a, b) => selectivity(b) - selectivity(a)).slice(0, count);
}

/** A rough score, higher for approvers that let fewer events through: exact values, long literals, few of them. */
export function selectivity(approvers: readonly Approver[]): number {
  let weakest = Infinity;
  for (const approver of approvers) {
    // An empty string or zero is what most events carry (no tty, no interpreter, uid 0): it hardly selects.
    const score = approver.kind === 'exact' ? (approver.value === '' || approver.value === 0 ? 1 : 100) : Math.min(approver.literal.length, 40) * (approver.caseInsensitive ? 1.5 : 2);
    weakest = Math.min(weakest, score);
  }
  return weakest - approvers.length / 100;
}

function fieldApprovers(target: Value, items: readonly Value[]): Approver[] | null {
  if (target.k !== 'field' || (target.type !== 'string' && target.type !== 'int')) return null;
  // A register-bound ancestor field speaks of one ancestor; the same value then is among all ancestors'.
  const field = target.def;
  const approvers: Approver[] = [];
  for (const item of items) {
    if (item.k !== 'literal') return null;
    const found = literalApprovers(field, item);
    if (found === null) return null;
    approvers.push(...found);
  }
  return approvers.length > 0 ? approvers : null;
}

function literalApprovers(field: FieldDef, item: Value & { k: 'literal' }): Approver[] | null {
  if (typeof item.value === 'number') return field.type === 'int' ? [{ kind: 'exact', field, value: item.value }] : null;
  if (typeof item.value !== 'string' || field.type !== 'string') return null;
  const text = item.value;
  if (item.mode === 'regex') {
    const required = regexLiterals(text);
    return required && required.literals.map((literal) => ({ kind: 'contains', field, literal, caseInsensitive: required.caseInsensitive }));
  }
  if (item.mode === 'pattern') {
    if (!text.includes('*')) return [{ kind: 'exact', field, value: text }];
    // Whatever the stars match (within a directory or across), the parts between them are in the value.
    const longest = text.split(/\*+/).reduce((a, b) => (b.length > a.length ? b : a), '');
    return longest === '' ? null : [{ kind: 'contains', field, literal: longest, caseInsensitive: false }];
  }
  return [{ kind: 'exact', field, value: text }];
}

/**
 * Literals every match of a regex (Go syntax, as compileRegex takes it) must contain, one per top-level
 * alternative, or null. Conservative: anything not plainly literal (classes, groups, anchors, escapes such
 * as \d) ends a run, and a character made optional by a quantifier is dropped. With (?i) anywhere, the
 * literals are compared in lower case (a superset of the regex's own case folding for ASCII).
 */
export function regexLiterals(source: string): { literals: string[]; caseInsensitive: boolean } | null {
  let body = source;
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(body);
  if (inline) body = body.slice(inline[0].length);
  const caseInsensitive = /\(\?[a-zA-Z]*i/.test(source);
  const literals = alternativesLiterals(body);
  if (literals === null) return null;
  // Lower-casing is only exact for ASCII.
  if (caseInsensitive && literals.some((literal) => !/^[\x20-\x7e]*$/.test(literal))) return null;
  return { literals: caseInsensitive ? literals.map((literal) => literal.toLowerCase()) : literals, caseInsensitive };
}

/** One literal (or set of literals) for each top-level alternative of a regex body, or null. */
function alternativesLiterals(body: string): string[] | null {
  const alternatives = splitTopLevel(body);
  if (alternatives === null) return null;
  const literals: string[] = [];
  for (const alternative of alternatives) {
    const needed = sequenceLiterals(alternative);
    if (needed === null) return null;
    literals.push(...needed);
  }
  return literals;
}

/** The regex split at its top-level | (outside groups and classes); null when it does not parse plainly. */
function splitTopLevel(body: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') i++;
    else if (char === '[') {
      const end = classEnd(body, i);
      if (end < 0) return null;
      i = end;
    } else if (char === '(') depth++;
    else if (char === ')') {
      if (--depth < 0) return null;
    } else if (char === '|' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(body.slice(start));
  return parts;
}

/** The index of the ] that closes the class opened at `open`, or -1. A ] right after [ or [^ is literal. */
function classEnd(body: string, open: number): number {
  let i = open + 1;
  if (body[i] === '^') i++;
  if (body[i] === ']') i++;
  for (; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === ']') return i;
  }
  return -1;
}

/** The index of the ) that closes the group opened at `open`, or -1. */
function groupEnd(body: string, open: number): number {
  let depth = 0;
  for (let i = open; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') i++;
    else if (char === '[') {
      i = classEnd(body, i);
      if (i < 0) return -1;
    } else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return -1;
}

const quantifiers = new Set(['*', '?', '+', '{']);

/**
 * What a sequence (no top-level |) needs: its longest run of literal characters, or the literals of one of
 * its groups that must match (^(kworker|kthreadd) needs kworker or kthreadd), whichever selects more.
 */
function sequenceLiterals(body: string): string[] | null {
  const candidates: string[][] = [];
  let run = '';
  const endRun = () => {
    if (run !== '') candidates.push([run]);
    run = '';
  };
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    let literal: string | null = null;
    let group: string[] | null = null;
    let end = i;
    if (char === '\\') {
      const next = body[i + 1];
      if (next === undefined) return null;
      end = i + 1;
      // Escaped punctuation is itself; escaped letters and digits are classes, anchors or codes.
      if (!/[A-Za-z0-9]/.test(next)) literal = next;
    } else if (char === '[') {
      end = classEnd(body, i);
      if (end < 0) return null;
    } else if (char === '(') {
      end = groupEnd(body, i);
      if (end < 0) return null;
      const inner = body.slice(i + 1, end).replace(/^\?(?:[a-zA-Z]*:|P?<[^>]*>)/, '');
      if (!body.slice(i + 1, end).startsWith('?') || /^\?(?:[a-zA-Z]*:|P?<[^>]*>)/.test(body.slice(i + 1, end))) group = alternativesLiterals(inner);
    } else if (!'.^$|)*?+{'.includes(char)) {
      literal = char;
    }
    const following = body[end + 1];
    if (following !== undefined && quantifiers.has(following)) {
      // x* x? x{0,n}: x may be absent. x+: x is there, but what follows may not touch it.
      if (literal !== null && following === '+') run += literal;
      endRun();
      if (group !== null && following === '+') candidates.push(group);
      i = skipQuantifier(body, end + 1);
      continue;
    }
    if (literal === null) endRun();
    else run += literal;
    if (group !== null) candidates.push(group);
    i = end;
  }
  endRun();
  let best: string[] | null = null;
  const weakest = (literals: readonly string[]) => Math.min(...literals.map((literal) => literal.length));
  for (const candidate of candidates) {
    if (candidate.length === 0 || candidate.includes('')) continue;
    if (best === null || weakest(candidate) > weakest(best) || (weakest(candidate) === weakest(best) && candidate.length < best.length)) best = candidate;
  }
  return best;
}

/** The index of the last character of the quantifier starting at `at` (with a lazy ? after it). */
function skipQuantifier(body: string, at: number): number {
  let end = at;
  if (body[at] === '{') {
    const close = body.indexOf('}', at);
    end = close < 0 ? body.length - 1 : close;
  }
  if (body[end + 1] === '?') end++;
  return end;
}
