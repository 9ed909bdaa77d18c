// The rules of one event type, indexed by their approvers (approvers.ts): for each event, the fields some
// rule approves are read once, their values looked up (exact values in a map, literals in one pass of a
// LiteralSet), and only the rules hit, plus those without approvers, evaluate their closures. Which of
// a rule's ways to be approved the index uses, it learns from the events (ApproverIndex).
import { makeReader, type Json, type Reader, type Registers, type Scalar } from './accessors.ts';
import { selectivity, type Approver } from './approvers.ts';
import { bitwise } from './checker.ts';
import type { FieldDef } from './fields.ts';
import { LiteralSet } from './literal-set.ts';
import type { CompiledRule } from './rule.ts';

const noRegisters: Registers = Object.freeze({}) as Registers;

interface FieldIndex {
  read: Reader;
  exact: Map<Scalar, number[]> | null;
  /**
   * Every literal of the field in one automaton folding ASCII case, so a value is scanned once; its tags
   * index `literalEntries`. A hit of a case-sensitive literal is confirmed on the value itself (rare).
   */
  literals: LiteralSet<number> | null;
  literalEntries: { rule: number; exact: string | null }[];
  /** Rules approved by a value at least so long, shortest first. */
  minLengths: { length: number; rule: number }[] | null;
  /** Rules approved by a value with one of the mask's bits. */
  bits: { mask: number; rule: number }[] | null;
  /** The last unchangeable (frozen) list this field read, and the rules it approved: ancestors repeat. */
  lastList: readonly Scalar[] | null;
  lastApproved: number[];
}

/** Events of the type between two looks at how often each rule was approved for nothing. */
const reviewEvery = 4096;
/** A rule approved, and then not matching, on more than this share of its type's events is approved badly. */
const wastefulShare = 0.25;
/** After so many reviews the options set aside are tried again: what floods one workload may not flood the next. */
const forgetAfterReviews = 256;

/**
 * Which approvers select well depends on the host: "/tmp/" is rare on a web server and on every other event
 * during a build. So the index counts, per rule, the events it approved the rule for and the rule did not
 * match; when a rule's chosen option lets through more than a quarter of the events, that option is set
 * aside and the rule is indexed by its next best one. Any option is a necessary condition, so the choice
 * changes the cost, never the matches.
 */
export class ApproverIndex<R extends CompiledRule> {
  private fields: FieldIndex[] = [];
  /** The rules without approvers, which meet every event, by position. */
  private always: number[] = [];
  private readonly isAlways: Uint8Array;
  /** Per rule: the evaluation it was last approved for. */
  private readonly approvedIn: Int32Array;
  private evaluation = 0;
  /**
   * The positions approved in this evaluation, the always-rules first: a type may have hundreds of rules
   * and an event approves a handful, so the index never walks the whole list.
   */
  private readonly candidates: number[] = [];
  /** The value being scanned for literals, and its field: what a case-sensitive hit is confirmed on. */
  private scanned = '';
  private scannedField: FieldIndex | null = null;
  private readonly approveLiteral = (entry: number) => {
    const { rule, exact } = (this.scannedField as FieldIndex).literalEntries[entry] as { rule: number; exact: string | null };
    if (exact === null || this.scanned.includes(exact)) this.approve(rule);
  };
  /** While a list is looked up: every rule it approves, to replay when the same list comes again. */
  private collecting: number[] | null = null;
  private readonly approve = (rule: number) => {
    if (this.collecting !== null) this.collecting.push(rule);
    if (this.approvedIn[rule] === this.evaluation) return;
    this.approvedIn[rule] = this.evaluation;
    this.candidates.push(rule);
  };

  private readonly rulesInOrder: readonly R[];
  /** Per rule: the options set aside for approving too many events (indexes into its options). */
  private readonly setAside: Set<number>[];
  /** Per rule: the option it is indexed by, or null. */
  private chosen: (number | null)[] = [];
  /** Per rule: events approved since the last review on which it did not match. */
  private readonly wasted: Int32Array;
  private sinceReview = 0;
  private reviews = 0;

  constructor(rulesInOrder: readonly R[]) {
    this.rulesInOrder = rulesInOrder;
    this.approvedIn = new Int32Array(rulesInOrder.length);
    this.wasted = new Int32Array(rulesInOrder.length);
    this.isAlways = new Uint8Array(rulesInOrder.length);
    this.setAside = rulesInOrder.map(() => new Set<number>());
    this.build();
  }

  /** The approvers each rule is indexed by now, in the rules' order (null: evaluated on every event). */
  approversInUse(): (readonly Approver[] | null)[] {
    return this.chosen.map((option, i) => (option === null ? null : (optionsOf(this.rulesInOrder[i] as R)[option] as readonly Approver[])));
  }

  private build(): void {
    this.chosen = chooseOptions(this.rulesInOrder, this.setAside);
    this.fields = [];
    this.always = [];
    this.isAlways.fill(0);
    const byField = new Map<string, FieldIndex>();
    this.approversInUse().forEach((approvers, position) => {
      if (approvers === null) {
        this.always.push(position);
        this.isAlways[position] = 1;
        return;
      }
      for (const approver of approvers) {
        let index = byField.get(approver.field.name);
        if (index === undefined) {
          index = { read: makeReader(approver.field), exact: null, literals: null, literalEntries: [], minLengths: null, bits: null, lastList: null, lastApproved: [] };
          byField.set(approver.field.name, index);
          this.fields.push(index);
        }
        addApprover(index, approver, position);
      }
    });
  }

  /** The rules whose closures hold for the event, in the order they were given. */
  match(event: Json): R[] {
    // The stamps are 32-bit: a long-running ingest wraps them before they could repeat.
    if (this.evaluation === 0x7fffffff) {
      this.approvedIn.fill(0);
      this.evaluation = 0;
    }
    const evaluation = ++this.evaluation;
    const candidates = this.candidates;
    candidates.length = 0;
    // Index loops here and below: this runs for every event, and for-of costs an iterator where V8 does
    // not optimize it away.
    const always = this.always;
    for (let i = 0; i < always.length; i++) {
      const rule = always[i] as number;
      this.approvedIn[rule] = evaluation;
      candidates.push(rule);
    }
    const fields = this.fields;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f] as FieldIndex;
      try {
        const value = field.read(event, noRegisters);
        if (!Array.isArray(value)) this.lookUp(field, value);
        else if (value === field.lastList) approveAll(field.lastApproved, this.approve);
        else this.lookUpList(field, value);
      } catch {
        // A field that cannot be read approves nothing: the rules reading it could not match either.
      }
    }
    // Matches come out in the rules' order, whatever order their approvers were found in.
    if (candidates.length > this.always.length) sortSmall(candidates);
    const matched: R[] = [];
    const rules = this.rulesInOrder;
    for (let c = 0; c < candidates.length; c++) {
      const position = candidates[c] as number;
      const rule = rules[position] as R;
      let holds = false;
      try {
        holds = rule.matches(event);
      } catch {
        // Events come from hosts that may be compromised: a rule that fails on one does not match it.
      }
      if (holds) matched.push(rule);
      else if (this.isAlways[position] === 0) this.wasted[position]!++;
    }
    if (++this.sinceReview === reviewEvery) this.review();
    return matched;
  }

  /** Sets aside the options that approved a rule for nothing too often, and re-indexes if any was. */
  private review(): void {
    this.sinceReview = 0;
    let changed = false;
    if (++this.reviews % forgetAfterReviews === 0) {
      for (const options of this.setAside) {
        if (options.size > 0) changed = true;
        options.clear();
      }
    }
    this.chosen.forEach((option, i) => {
      if (option === null || (this.wasted[i] as number) <= reviewEvery * wastefulShare) return;
      const options = optionsOf(this.rulesInOrder[i] as R);
      const setAside = this.setAside[i] as Set<number>;
      // The last option left stays: some approver is better than none.
      if (setAside.size + 1 >= options.length) return;
      setAside.add(option);
      changed = true;
    });
    this.wasted.fill(0);
    if (changed) this.build();
  }

  private lookUpList(field: FieldIndex, list: readonly Scalar[]): void {
    if (!Object.isFrozen(list)) {
      for (let i = 0; i < list.length; i++) this.lookUp(field, list[i] as Scalar);
      return;
    }
    const approved: number[] = [];
    this.collecting = approved;
    try {
      for (let i = 0; i < list.length; i++) this.lookUp(field, list[i] as Scalar);
    } finally {
      this.collecting = null;
    }
    field.lastList = list;
    field.lastApproved = approved;
  }

  private lookUp(field: FieldIndex, value: Scalar): void {
    const exact = field.exact?.get(value);
    if (exact !== undefined) approveAll(exact, this.approve);
    if (typeof value === 'number') {
      const bits = field.bits;
      if (bits !== null) {
        for (let i = 0; i < bits.length; i++) {
          const entry = bits[i] as { mask: number; rule: number };
          if (bitwise('&', value, entry.mask) !== 0) this.approve(entry.rule);
        }
      }
      return;
    }
    if (typeof value !== 'string' || value === '') return;
    const minLengths = field.minLengths;
    if (minLengths !== null) {
      for (let i = 0; i < minLengths.length; i++) {
        const entry = minLengths[i] as { length: number; rule: number };
        if (entry.length > value.length) break;
        this.approve(entry.rule);
      }
    }
    if (field.literals !== null) {
      this.scanned = value;
      this.scannedField = field;
      field.literals.scan(value, this.approveLiteral);
    }
  }
}

function approveAll(rules: readonly number[], approve: (rule: number) => void): void {
  for (let i = 0; i < rules.length; i++) approve(rules[i] as number);
}

/** Sorts a handful of positions in place; Array.prototype.sort would copy them per event. */
function sortSmall(positions: number[]): void {
  for (let i = 1; i < positions.length; i++) {
    const position = positions[i] as number;
    let j = i - 1;
    while (j >= 0 && (positions[j] as number) > position) {
      positions[j + 1] = positions[j] as number;
      j--;
    }
    positions[j + 1] = position;
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
  if (approver.kind === 'bits') {
    (index.bits ??= []).push({ mask: approver.mask, rule });
    return;
  }
  if (approver.kind === 'minLength') {
    index.minLengths ??= [];
    index.minLengths.push({ length: approver.length, rule });
    index.minLengths.sort((a, b) => a.length - b.length);
    return;
  }
  index.literals ??= new LiteralSet({ foldAsciiCase: true });
  index.literals.add(approver.literal, index.literalEntries.length);
  index.literalEntries.push({ rule, exact: approver.caseInsensitive ? null : approver.literal });
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
  return chooseOptions(rules, []).map((option, i) => (option === null ? null : (optionsOf(rules[i] as CompiledRule)[option] as readonly Approver[])));
}

/** chooseApprovers as option numbers, leaving out each rule's options set aside (by number). */
function chooseOptions(rules: readonly CompiledRule[], setAside: readonly ReadonlySet<number>[]): (number | null)[] {
  const open = (i: number): number[] => {
    const aside = setAside[i];
    return optionsOf(rules[i] as CompiledRule)
      .map((_, n) => n)
      .filter((n) => !aside?.has(n));
  };
  const option = (i: number, n: number) => optionsOf(rules[i] as CompiledRule)[n] as readonly Approver[];
  const chosen = rules.map((_, i): number | null => {
    const candidates = open(i);
    if (candidates.length === 0) return null;
    const good = candidates.filter((n) => selectivity(option(i, n)) >= selectiveEnough);
    const pool = good.length > 0 ? good : candidates;
    return pool.reduce((a, b) => {
      const [costA, costB] = [optionCost(option(i, a)), optionCost(option(i, b))];
      return costB < costA || (costB === costA && selectivity(option(i, b)) > selectivity(option(i, a))) ? b : a;
    });
  });
  const chosenApprovers = (i: number) => (chosen[i] === null ? [] : option(i, chosen[i] as number));
  const fieldsRead = () => new Set(rules.flatMap((_, i) => chosenApprovers(i).map((approver) => approver.field.name)));
  const costly = [...new Set(rules.flatMap((_, i) => chosenApprovers(i).filter((a) => readCost(a.field) > 1).map((a) => a.field)))].sort((a, b) => readCost(b) - readCost(a));
  for (const field of costly) {
    const read = fieldsRead();
    read.delete(field.name);
    const moves = new Map<number, number>();
    let movable = true;
    rules.forEach((_, i) => {
      if (!movable || !chosenApprovers(i).some((approver) => approver.field.name === field.name)) return;
      const alternative = open(i).find((n) => selectivity(option(i, n)) >= selectiveEnough && option(i, n).every((approver) => read.has(approver.field.name) || readCost(approver.field) === 1));
      if (alternative !== undefined) moves.set(i, alternative);
      else movable = false;
    });
    if (movable) for (const [i, alternative] of moves) chosen[i] = alternative;
  }
  return chosen;
}
