// The SECL engine's public surface: parse, check, compile, and the field dictionary behind them.
export type { Node, Span } from './ast.ts';
export type { SeclError, SeclErrorCode } from './errors.ts';
export { parseSecl, type ParseResult } from './parser.ts';
export { checkRule, type CheckOptions, type CheckResult } from './checker.ts';
export { defineMacros, type Macro, type MacroSource, type MacroTable } from './macros.ts';
export { builtinVariables, type VariableDef } from './resolve.ts';
export { compileRule, type CompileOutcome, type CompiledRule, type RuleSource } from './rule.ts';
export { RuleSet } from './ruleset.ts';
export type { Json } from './accessors.ts';
export {
  eventTypes,
  eventTypeNames,
  isEventType,
  fields,
  fieldDef,
  fieldAvailableOn,
  datadogOnlyEventTypes,
  isDatadogOnlyField,
  type EventType,
  type FieldDef,
  type FieldType,
} from './fields.ts';
export { constantFamilies, constantNames, constantValue, type ConstantFamily } from './constants.ts';
