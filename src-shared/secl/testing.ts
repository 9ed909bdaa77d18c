// Small helpers for the engine's tests and for trying a rule against one event (the editor's "test this
// rule" box): compile, evaluate, and fail loudly with the positioned errors when the rule is wrong.
import type { Json } from './accessors.ts';
import type { CheckOptions } from './checker.ts';
import { defineMacros, type MacroSource } from './macros.ts';
import { compileRule } from './rule.ts';

export interface EvaluateOptions extends Omit<CheckOptions, 'macros'> {
  macros?: readonly MacroSource[];
}

/** Whether `expression` matches `event`; throws with every error message when it does not compile. */
export function evaluate(expression: string, event: Json, options: EvaluateOptions = {}): boolean {
  const outcome = compileRule({ id: 'test', expression }, { ...options, macros: defineMacros(options.macros ?? []) });
  if (!outcome.ok) throw new Error(outcome.errors.map((error) => error.message).join('; '));
  return outcome.rule.matches(event);
}

/** The errors of a rule that should not compile (an empty list means it compiled). */
export function errorsOf(expression: string, options: EvaluateOptions = {}): string[] {
  const outcome = compileRule({ id: 'test', expression }, { ...options, macros: defineMacros(options.macros ?? []) });
  return outcome.ok ? [] : outcome.errors.map((error) => error.message);
}

const second = 1_000_000_000;
/** A fixed event time: 2023-11-14T22:13:20Z in nanoseconds. */
export const eventTime = 1_700_000_000 * second;

/** A process context as the sensor writes it. */
export function processContext(overrides: Json = {}): Json {
  return {
    pid: 4242,
    tid: 4242,
    ppid: 1,
    uid: 1000,
    gid: 1000,
    euid: 1000,
    egid: 1000,
    auid: 1000,
    user: 'alice',
    group: 'alice',
    comm: 'bash',
    file: { path: '/usr/bin/bash', name: 'bash' },
    argv: [],
    argv0: 'bash',
    args_truncated: false,
    cwd: '/home/alice',
    created_at: eventTime - 3600 * second,
    tty_name: 'pts0',
    cgroup: { id: 1234 },
    ...overrides,
  };
}

/** An event of `type` with the given family object and process overrides. */
export function event(type: string, family: Json = {}, process: Json = {}, extra: Json = {}): Json {
  return { seq: 1, ts: eventTime, type, process: processContext(process), [type]: family, ...extra };
}
