// The rules of one event type, indexed by their approvers (approvers.ts): for each event, the fields some
// rule approves are read once, their values looked up (exact values in a map, literals in one pass of a
// LiteralSet), and only the rules hit, plus those without approvers, evaluate their closures.
import { makeReader, type Json, type Reader, type Registers, type Scalar } from './accessors.ts';
import { selectivity, type Approver } from './approvers.ts';
import type { FieldDef } from './fields.ts';
import { LiteralSet } from './literal-set.ts';
import type { CompiledRule } from './rule.ts';

const noRegisters: Registers = Object.freeze({}) as Registers;

interface FieldIndex {
  read: Reader;
  exact: Map<Scalar, number[]> | null;
  literals: LiteralSet<number> | null;
  caseInsensitiveLiterals: LiteralSet<number> | null;
}

export class ApproverIndex<R extends CompiledRule> {
  private readonly fields: FieldIndex[] = [];
  /** Per rule: true when it has no approvers and meets every event. */
  private readonly always: boolean[];
  /** Per rule: the evaluation it was last approved for. */
  private readonly approvedIn: Int32Array;
  private evaluation = 0;
  private readonly approve = (rule: number) => {
    this.approvedIn[rule] = this.evaluation;
  };

  private readonly rulesInOrder: readonly R[];

  constructor(rulesInOrder: readonly R[]) {
    this.rulesInOrder = rulesInOrder;
    const chosen = chooseApprovers(rulesInOrder);
    this.always = chosen.map((approvers) => approvers === null);
    this.approvedIn = new Int32Array(rulesInOrder.length);
    const byField = new Map<string, FieldIndex>();
    chosen.forEach((approvers, position) => {
      for (const approver of approvers ?? []) {
        let index = byField.get(approver.field.name);
        if (index === undefined) {
          index = { read: makeReader(approver.field), exact: null, literals: null, caseInsensitiveLiterals: null };
          byField.set(approver.field.name, index);
          this.fields.push(index);
        }
        addApprover(index, approver, position);
      }
    });
  }

  /** The rules whose closures hold for the event, in the order they were given. */
  match(event: Json): R[] {
    const evaluation = ++this.evaluation;
    for (const field of this.fields) {
      try {
        const value = field.read(event, noRegisters);
        if (Array.isArray(value)) for (const element of value) this.lookUp(field, element);
        else this.lookUp(field, value);
      } catch {
        // A field that cannot be read approves nothing: the rules reading it could not match either.
      }
    }
    const matched: R[] = [];
    const rules = this.rulesInOrder;
    for (let i = 0; i < rules.length; i++) {
      if (!this.always[i] && this.approvedIn[i] !== evaluation) continue;
      const rule = rules[i] as R;
      try {
        if (rule.matches(event)) matched.push(rule);
      } catch {
        // Events come from hosts that may be compromised: a rule that fails on one does not match it.
      }
    }
    return matched;
  }

  private lookUp(field: FieldIndex, value: Scalar): void {
    const exact = field.exact?.get(value);
    if (exact !== undefined) for (const rule of exact) this.approvedIn[rule] = this.evaluation;
    if (typeof value !== 'string' || value === '') return;
    field.literals?.scan(value, this.approve);
    field.caseInsensitiveLiterals?.scan(value, this.approve);
  }
}

function addApprover(index: FieldIndex, approver: Approver, rule: number): void {
  if (approver.kind === 'exact') {
    index.exact ??= new Map();
    const rules = index.exact.get(approver.value);
    if (rules === undefined) index.exact.set(approver.value, [rule]);
    else if (!rules.includes(rule)) rules.push(rule);
    return;
  }
  const set = approver.caseInsensitive ? (index.caseInsensitiveLiterals ??= new LiteralSet({ foldAsciiCase: true })) : (index.literals ??= new LiteralSet());
  set.add(approver.literal, rule);
}

/**
 * What it costs to read a field for every event, roughly: the ancestors' fields walk the whole lineage, and
 * the argv-derived ones (flags, options, command line) are computed, for ancestors once per ancestor.
 */
function readCost(field: FieldDef): number {
  const derived = /\.(args_flags|args_options|cmdline|args)$/.test(field.name);
  if (field.name.startsWith('process.ancestors.')) return derived ? 40 : 8;
  return derived ? 3 : 1;
}

function optionCost(option: readonly Approver[]): number {
  return Math.max(...option.map((approver) => readCost(approver.field)));
}

/** Selective enough to prefer a cheaper field for: an exact value, or literals of five characters or more (scores 10, less a hundredth per approver). */
const selectiveEnough = 9;

function optionsOf(rule: CompiledRule): readonly (readonly Approver[])[] {
  return rule.approverOptions ?? (rule.approvers ? [rule.approvers] : []);
}

/**
 * The approvers each rule is indexed by. Every field some rule is approved by is read for every event of
 * the type, so each rule takes, among its options that select well, the cheapest to read; then a costly
 * field (an ancestors' one) is dropped altogether when every rule using it has another good option on the
 * fields read anyway.
 */
export function chooseApprovers(rules: readonly CompiledRule[]): (readonly Approver[] | null)[] {
  const chosen = rules.map((rule) => {
    const options = optionsOf(rule);
    if (options.length === 0) return null;
    const good = options.filter((option) => selectivity(option) >= selectiveEnough);
    const pool = good.length > 0 ? good : options;
    return pool.reduce((a, b) => (optionCost(b) < optionCost(a) || (optionCost(b) === optionCost(a) && selectivity(b) > selectivity(a)) ? b : a));
  });
  const fieldsRead = () => new Set(chosen.flatMap((option) => (option ?? []).map((approver) => approver.field.name)));
  const costly = [...new Set(chosen.flatMap((option) => (option ?? []).filter((a) => readCost(a.field) > 1).map((a) => a.field)))].sort((a, b) => readCost(b) - readCost(a));
  for (const field of costly) {
    const read = fieldsRead();
    read.delete(field.name);
    const moves = new Map<number, readonly Approver[]>();
    let movable = true;
    chosen.forEach((option, i) => {
      if (!movable || !option?.some((approver) => approver.field.name === field.name)) return;
      const alternative = optionsOf(rules[i] as CompiledRule).find((other) => selectivity(other) >= selectiveEnough && other.every((approver) => read.has(approver.field.name) || readCost(approver.field) === 1));
      if (alternative) moves.set(i, alternative);
      else movable = false;
    });
    if (movable) for (const [i, alternative] of moves) chosen[i] = alternative;
  }
  return chosen;
}
