// The SECL engine's public surface: parse, check, compile, and the field dictionary behind them.
//
//   const macros = defineMacros([{ id: 'SHELLS', expression: '["bash", "sh"]' }]);
//   const outcome = compileRule({ id: 'shell', expression: 'exec.file.name in SHELLS' }, { macros });
//   if (!outcome.ok) show(outcome.errors);                 // SeclError: code, reason, message, span
//   const rules = new RuleSet([outcome.rule]);
//   rules.match(event);                                      // the rules of event.type that match
//
// The editor stops earlier: parseSecl(text) for syntax, checkRule(ast, options) for types and the event
// type, completeAt(text, offset) for completion. Policy files load in src-main/detect (they need Node).
export type { Node, Span } from './ast.ts';
export type { SeclError, SeclErrorCode } from './errors.ts';
export { parseSecl, type ParseResult } from './parser.ts';
export { checkRule, type CheckOptions, type CheckResult } from './checker.ts';
export { defineMacros, type Macro, type MacroSource, type MacroTable } from './macros.ts';
export { builtinVariables, type VariableDef } from './resolve.ts';
export { compileRule, type CompileOutcome, type CompiledRule, type RuleSource } from './rule.ts';
export { RuleSet } from './ruleset.ts';
export { makeReader, type Json } from './accessors.ts';
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
export { completeAt, constantsFor, fieldReferenceMarkdown, fieldsFor, type Completion } from './reference.ts';
