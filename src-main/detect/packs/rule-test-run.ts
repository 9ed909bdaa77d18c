// The test panel's "Run the tests": the rule as written in the editor (unsaved) against its own test
// events, each reported as passed or with the reason it failed. The same expansion of test events and the
// same verdicts as `workbench rules test` (rule-tests.ts), so the panel and CI never disagree.
import { ApiError } from '../../../src-shared/api/errors.ts';
import type { RuleTestsResult } from '../../../src-shared/api/rule-packs.ts';
import type { CompiledRule } from '../../../src-shared/secl/index.ts';
import type { TestEvent } from '../rule-metadata.ts';
import type { PackRule } from '../rule-pack.ts';
import { describeTestEvent } from '../rule-test-events.ts';
import { runRuleTests, type TestKind } from '../rule-tests.ts';
import { parseTests } from './rule-entry.ts';

function pathOf(value: unknown): string | null {
  const file = value !== null && typeof value === 'object' ? (value as { file?: { path?: unknown } }).file : undefined;
  return typeof file?.path === 'string' ? file.path : null;
}

/** The test event in a few words, with the parent it names: tests often differ only by their parent. */
function describe(event: TestEvent): string {
  const parent = pathOf(event['parent']);
  return `${describeTestEvent(event)}${parent ? ` under ${parent}` : ''}`;
}

/** `compile` gives the rule (or throws the engine's error as an ApiError); `testsText` is the YAML of the form. */
export function runTestsOf(compile: () => CompiledRule, testsText: string): RuleTestsResult {
  let rule: CompiledRule;
  let tests: ReturnType<typeof parseTests>;
  try {
    tests = parseTests(testsText);
    rule = compile();
  } catch (error) {
    if (error instanceof ApiError) return { tests: [], passed: 0, failed: 0, problem: error.message };
    throw error;
  }
  if (!tests) return { tests: [], passed: 0, failed: 0, problem: null };
  const match = tests.match as TestEvent[];
  const noMatch = tests.no_match as TestEvent[];
  const packRule = { ...rule, file: '(editor)', description: '', tags: {}, productTags: [], silent: false, tests: { match, noMatch } } as PackRule;
  const report = runRuleTests({ rules: [packRule], errors: [] });
  const failure = (kind: TestKind, number: number) => report.failures.find((candidate) => candidate.kind === kind && candidate.number === number);
  const outcomes = ([['match', match], ['no_match', noMatch]] as const).flatMap(([kind, events]) =>
    events.map((event, index) => {
      const failed = failure(kind, index + 1);
      return { kind, number: index + 1, event: describe(event), passed: failed === undefined, reason: failed?.reason ?? null };
    }),
  );
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  return { tests: outcomes, passed: outcomes.length - failed, failed, problem: null };
}
