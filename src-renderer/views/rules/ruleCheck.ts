// A rule's expression checked in the renderer with the engine's own parser and checker, with the macros
// and lists its pack can use: what the form underlines is what the server would refuse on save.
import type { MacroInfo } from '../../../src-shared/api/rule-packs.ts';
import { checkRule, defineMacros, parseSecl, type MacroTable } from '../../../src-shared/secl/index.ts';
import type { SeclVerdict } from '../events/seclCheck.ts';

const tables = new WeakMap<readonly MacroInfo[], MacroTable>();

function macroTable(macros: readonly MacroInfo[]): MacroTable {
  let table = tables.get(macros);
  if (!table) {
    table = defineMacros(macros.map((macro) => ({ id: macro.id, expression: macro.expression })));
    tables.set(macros, table);
  }
  return table;
}

export function checkRuleExpression(text: string, macros: readonly MacroInfo[]): SeclVerdict {
  if (text.trim() === '') return { errors: [], eventType: null };
  const parsed = parseSecl(text);
  if (!parsed.ok) return { errors: [parsed.error], eventType: null };
  const checked = checkRule(parsed.ast, { macros: macroTable(macros) });
  return { errors: checked.errors, eventType: checked.eventType };
}
