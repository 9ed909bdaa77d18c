// One rule from source to closure: parse → check → compile, each stage separate so the editor can stop
// after checking and the engine can keep only the closure.
import type { Json } from './accessors.ts';
import { approverOptions, mostSelective, type Approver } from './approvers.ts';
import { checkRule, type CheckOptions } from './checker.ts';
import { compileRulePredicate } from './compile.ts';
import type { SeclError } from './errors.ts';
import type { EventType } from './fields.ts';
import { parseSecl } from './parser.ts';

export interface RuleSource {
  id: string;
  expression: string;
}

export interface CompiledRule {
  id: string;
  expression: string;
  /** The event type the rule applies to; '*' for an any-event rule (only with allowAnyEventType). */
  eventType: EventType | '*';
  /** Fields the rule reads, for docs and for explaining matches. */
  fields: readonly string[];
  matches: (event: Json) => boolean;
  /** Values some field must have for the rule to match (approvers.ts): the most selective way; null: none. */
  approvers?: readonly Approver[] | null;
  /** Every way the rule can be approved, for the index to choose by what its fields cost to read. */
  approverOptions?: readonly (readonly Approver[])[];
}

export type CompileOutcome = { ok: true; rule: CompiledRule } | { ok: false; errors: SeclError[] };

export function compileRule(source: RuleSource, options: CheckOptions = {}): CompileOutcome {
  const parsed = parseSecl(source.expression);
  if (!parsed.ok) return { ok: false, errors: [parsed.error] };
  const checked = checkRule(parsed.ast, options);
  if (checked.errors.length > 0 || !checked.cond || !checked.eventType) return { ok: false, errors: checked.errors };
  return {
    ok: true,
    rule: {
      id: source.id,
      expression: source.expression,
      eventType: checked.eventType,
      fields: checked.fields,
      matches: compileRulePredicate(checked.cond, checked.registers),
      ...approvals(approverOptions(checked.cond)),
    },
  };
}

function approvals(options: Approver[][]): Pick<CompiledRule, 'approvers' | 'approverOptions'> {
  return { approvers: mostSelective(options), approverOptions: options };
}
