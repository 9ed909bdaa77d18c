// Runs the tests a rule file carries (rules/README.md): every `match` event must match its rule and every
// `no_match` event must not. What `workbench rules test` and the pack's vitest suite both run.
import type { Json } from '../../src-shared/secl/index.ts';
import type { LoadedRule } from './policy.ts';
import type { TestEvent } from './rule-metadata.ts';
import type { PackError, PackRule, RulePack } from './rule-pack.ts';
import { describeTestEvent, expandTestEvent, TestEventError } from './rule-test-events.ts';

export type TestKind = 'match' | 'no_match';

export interface TestFailure {
  file: string;
  ruleId: string;
  kind: TestKind;
  /** 1-based position of the event in its list. */
  number: number;
  /** The test event in a few words (type and path, command line or address). */
  event: string;
  reason: string;
}

export interface RuleTestReport {
  rules: number;
  tests: number;
  failures: TestFailure[];
  /** Rules and files that did not load: their tests could not run. */
  errors: readonly PackError[];
}

/** Whether the rule matches the event as the engine would decide it: same event type, then the expression. */
export function ruleMatches(rule: LoadedRule, event: Json): boolean {
  if (rule.eventType !== '*' && event['type'] !== rule.eventType) return false;
  return rule.matches(event);
}

function runOne(rule: PackRule, kind: TestKind, compact: TestEvent, number: number): TestFailure | null {
  const failure = (reason: string): TestFailure => ({ file: rule.file, ruleId: rule.id, kind, number, event: describeTestEvent(compact), reason });
  let event: Json;
  try {
    event = expandTestEvent(compact);
  } catch (error) {
    if (error instanceof TestEventError) return failure(`invalid test event: ${error.message}`);
    throw error;
  }
  const typeMismatch = rule.eventType !== '*' && event['type'] !== rule.eventType;
  if (kind === 'no_match' && typeMismatch) return failure(`a ${String(event['type'])} event can never meet a rule on ${rule.eventType} events: this test proves nothing`);
  const matched = ruleMatches(rule, event);
  if (kind === 'match' && !matched) return failure(typeMismatch ? `expected a match, but the event is of type ${String(event['type'])} and the rule applies to ${rule.eventType} events` : 'expected a match, got none');
  if (kind === 'no_match' && matched) return failure('expected no match, but the rule matched');
  return null;
}

export function runRuleTests(pack: Pick<RulePack, 'rules' | 'errors'>): RuleTestReport {
  const failures: TestFailure[] = [];
  let tests = 0;
  for (const rule of pack.rules) {
    const cases: [TestKind, readonly TestEvent[]][] = [
      ['match', rule.tests?.match ?? []],
      ['no_match', rule.tests?.noMatch ?? []],
    ];
    for (const [kind, events] of cases) {
      events.forEach((compact, index) => {
        tests++;
        const failure = runOne(rule, kind, compact, index + 1);
        if (failure) failures.push(failure);
      });
    }
  }
  return { rules: pack.rules.length, tests, failures, errors: pack.errors };
}
