// Macros: named expressions or value lists that rules and other macros refer to by id. Parsed once here;
// the checker inlines them where they are used and reports cycles.
import { parseSecl, type ParseResult } from './parser.ts';

export interface MacroSource {
  id: string;
  expression: string;
}

export interface Macro {
  id: string;
  expression: string;
  parsed: ParseResult;
}

export type MacroTable = ReadonlyMap<string, Macro>;

/** Later definitions of an id replace earlier ones, as when a user's policy overrides a default macro. */
export function defineMacros(sources: readonly MacroSource[]): MacroTable {
  const table = new Map<string, Macro>();
  for (const { id, expression } of sources) table.set(id, { id, expression, parsed: parseSecl(expression) });
  return table;
}
