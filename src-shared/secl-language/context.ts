// What the page knows beyond the text: the macros and lists of the loaded rule packs. Shaped like the
// Rules page's PackContext (src-shared/api/rule-packs.ts), so a page passes what it fetched as it is.
import { defineMacros, type MacroSource, type MacroTable } from '../secl/index.ts';

export interface SeclMacroInfo {
  id: string;
  /** The SECL of the macro; for a list macro, its values as a SECL list. */
  expression: string;
  /** The values of a list macro (["bash", "sh"]); null or absent for an expression macro. */
  values?: readonly string[] | null;
  description?: string;
  /** Where it is defined, for the hover. */
  packId?: string;
  file?: string;
}

export interface SeclContext {
  macros?: readonly SeclMacroInfo[];
  /** List macros given apart from the others; both kinds are macros to SECL. */
  lists?: readonly SeclMacroInfo[];
}

/** Every macro the text may use: the context's, then the given extra ones (a policy file's own), which win. */
export function contextMacros(context: SeclContext, extra: readonly SeclMacroInfo[] = []): SeclMacroInfo[] {
  const byId = new Map<string, SeclMacroInfo>();
  for (const macro of [...(context.macros ?? []), ...(context.lists ?? []), ...extra]) byId.set(macro.id, macro);
  return [...byId.values()];
}

/** The expression SECL reads for a macro: a list macro's values become a SECL list. */
export function macroExpression(macro: SeclMacroInfo): string {
  if (macro.values && macro.values.length > 0 && macro.expression.trim() === '') return `[${macro.values.map((value) => JSON.stringify(value)).join(', ')}]`;
  return macro.expression;
}

export function macroTableOf(macros: readonly SeclMacroInfo[]): MacroTable {
  const sources: MacroSource[] = macros.map((macro) => ({ id: macro.id, expression: macroExpression(macro) }));
  return defineMacros(sources);
}

/** A macro that stands for a list of values (used after `in`), rather than for a condition. */
export function isListMacro(macro: SeclMacroInfo): boolean {
  return (macro.values !== undefined && macro.values !== null) || macroExpression(macro).trimStart().startsWith('[');
}
