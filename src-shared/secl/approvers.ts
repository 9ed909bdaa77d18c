// Approvers, as Datadog calls them: values a field must have for a rule to possibly match. A rule
// `exec.file.name in ["nc", "ncat"] && …` can only match an exec whose file name is nc or ncat, so the
// rule index looks that name up once per event and evaluates the rule only on a hit. A rule's approvers
// are a necessary condition (if the rule matches, one of them holds), never a sufficient one: the rule's
// own closure still decides. Rules without approvers are evaluated on every event of their type.
import type { Scalar } from './accessors.ts';
import type { FieldDef } from './fields.ts';
import type { Cond, Value } from './ir.ts';
import { regexLiterals, regexMinLength } from './regex-analysis.ts';

export type Approver =
  /** The field's value (or, for a list field, one of its elements) equals `value`. */
  | { kind: 'exact'; field: FieldDef; value: Scalar }
  /** The field's value, or one of its elements, contains `literal`; compared in lower case when `caseInsensitive`. */
  | { kind: 'contains'; field: FieldDef; literal: string; caseInsensitive: boolean }
  /** The field's value, or one of its elements, is at least `length` UTF-16 code units long (a regex's shortest match). */
  | { kind: 'minLength'; field: FieldDef; length: number }
  /** The field's value has one of the bits of `mask` set (open.flags & O_CREAT > 0). */
  | { kind: 'bits'; field: FieldDef; mask: number };

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
      if (cond.left.k === 'bit') return optionOf(bitsApprovers(cond.op, cond.left, cond.right));
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
    const score = approverScore(approver);
    weakest = Math.min(weakest, score);
  }
  return weakest - approvers.length / 100;
}

/** Below this, nearly every path or command line is long enough: the length would approve them all. */
const minUsefulLength = 20;

function approverScore(approver: Approver): number {
  switch (approver.kind) {
    case 'exact':
      return approver.value === '' || approver.value === 0 ? 1 : 100;
    case 'contains':
      return Math.min(approver.literal.length, 40) * (approver.caseInsensitive ? 1.5 : 2);
    case 'minLength':
      // Paths and command lines of a hundred characters are rare; of twenty, common.
      return Math.min(approver.length, 200) / 10;
    case 'bits':
      // Some flags are on most events (O_CREAT in a build), some on almost none (S_ISUID): nothing to tell
      // them apart here, so the index learns it from the events (approver-index.ts).
      return 5;
  }
}

/**
 * `field & MASK` compared so that it must be non-zero: `> 0` or `>= c` (c > 0), `!= 0`, `== c` (c ≠ 0).
 * Then one of the mask's bits is set in the field, whatever the comparison says beyond that.
 */
function bitsApprovers(op: string, left: Value & { k: 'bit' }, right: Value): Approver[] | null {
  if (left.op !== '&' || left.left.k !== 'field' || left.left.def.type !== 'int' || left.right.k !== 'literal' || right.k !== 'literal') return null;
  const mask = left.right.value;
  const constant = right.value;
  if (typeof mask !== 'number' || typeof constant !== 'number' || mask === 0) return null;
  const nonZero = (op === '>' && constant >= 0) || (op === '>=' && constant > 0) || (op === '!=' && constant === 0) || (op === '==' && constant !== 0);
  return nonZero ? [{ kind: 'bits', field: left.left.def, mask }] : null;
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
    const literals: Approver[] | null = required && required.literals.map((literal) => ({ kind: 'contains', field, literal, caseInsensitive: required.caseInsensitive }));
    const length = regexMinLength(text);
    const long: Approver[] | null = length >= minUsefulLength ? [{ kind: 'minLength', field, length }] : null;
    // Whichever selects more: [^/]{100,}$ names no literal, but no short value can match it.
    if (literals === null || long === null) return literals ?? long;
    return selectivity(long) > selectivity(literals) ? long : literals;
  }
  if (item.mode === 'pattern') {
    if (!text.includes('*')) return [{ kind: 'exact', field, value: text }];
    // Whatever the stars match (within a directory or across), the parts between them are in the value.
    const longest = text.split(/\*+/).reduce((a, b) => (b.length > a.length ? b : a), '');
    return longest === '' ? null : [{ kind: 'contains', field, literal: longest, caseInsensitive: false }];
  }
  return [{ kind: 'exact', field, value: text }];
}
