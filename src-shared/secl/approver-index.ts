// The rules of one event type, indexed by their approvers (approvers.ts): for each event, the fields some
// rule approves are read once, their values looked up (exact values in a map, literals in one pass of a
// LiteralSet), and only the rules hit, plus those without approvers, evaluate their closures.
import { makeReader, type Json, type Reader, type Registers, type Scalar } from './accessors.ts';
import type { Approver } from './approvers.ts';
import { LiteralSet } from './literal-set.ts';
import type { CompiledRule } from './rule.ts';

const noRegisters: Registers = Object.freeze({}) as Registers;

interface FieldIndex {
  name: string;
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
    this.always = rulesInOrder.map((rule) => !rule.approvers);
    this.approvedIn = new Int32Array(rulesInOrder.length);
    const byField = new Map<string, FieldIndex>();
    rulesInOrder.forEach((rule, position) => {
      for (const approver of rule.approvers ?? []) {
        let index = byField.get(approver.field.name);
        if (index === undefined) {
          index = { name: approver.field.name, read: makeReader(approver.field), exact: null, literals: null, caseInsensitiveLiterals: null };
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
