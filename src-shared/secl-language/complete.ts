// Completion: what may come next at the cursor. After an operand, the operators that fit its type; in a
// value's place, the fields of the event type the expression already uses, the macros and lists of the
// loaded packs, and, after a field that takes them, its constants (O_CREAT after open.flags).
import type { CompletionItem, TextRange } from '../language-service/types.ts';
import { constantNames, constantsFor, fieldAvailableOn, fields, type EventType, type FieldDef, type MacroTable } from '../secl/index.ts';
import { resolveIdentifier } from '../secl/resolve.ts';
import { isListMacro, type SeclMacroInfo } from './context.ts';
import { constantDetail, constantMarkdown, fieldMarkdown, fieldTypeLabel, macroMarkdown, operatorDocs } from './docs.ts';
import { lexAll, significant, type LexToken } from './lex.ts';

const wordRe = /[A-Za-z0-9_.[\]]*$/;
const valueOps = new Set(['(', '[', ',', '!', '&&', '||', '==', '!=', '<', '<=', '>', '>=', '=~', '!~', '&', '|', '^', '+', '-']);
const valueWords = new Set(['and', 'or', 'not', 'in', 'allin']);
const compareOps = new Set(['==', '!=', '<', '<=', '>', '>=', '=~', '!~']);

function isOp(token: LexToken | undefined, ...texts: string[]): boolean {
  return token !== undefined && token.type === 'op' && texts.includes(token.text);
}

function fieldOf(token: LexToken | undefined, macros: MacroTable): FieldDef | undefined {
  if (token?.type !== 'ident') return undefined;
  const resolved = resolveIdentifier(token.text, macros);
  return resolved.k === 'field' ? resolved.def : undefined;
}

/** The event type the expression names, from any field of one event type outside the word being typed. */
export function namedEventType(tokens: readonly LexToken[], macros: MacroTable, skip?: TextRange): EventType | undefined {
  for (const token of tokens) {
    if (skip && token.start >= skip.start && token.end <= skip.end) continue;
    const def = fieldOf(token, macros);
    if (def && def.events !== 'all' && def.events.length === 1) return def.events[0];
  }
  return undefined;
}

/** The field whose value is being written: `open.flags & O_CREAT | ` and `signal.type in [SIGKILL, ` name their field. */
function comparedField(before: readonly LexToken[], macros: MacroTable): FieldDef | undefined {
  let j = before.length - 1;
  let sawBitOp = false;
  while (j >= 0) {
    const token = before[j] as LexToken;
    if (isOp(token, '|', '&', '^')) sawBitOp = true;
    else if (!(isOp(token, '[', ',', '(') || token.type === 'int' || (token.type === 'ident' && /^[A-Z][A-Z0-9_]*$/.test(token.text)))) break;
    j--;
  }
  const at = before[j];
  if (at && (compareOps.has(at.type === 'op' ? at.text : '') || (at.type === 'ident' && (at.text === 'in' || at.text === 'allin')))) {
    const left = at.text === 'in' && before[j - 1]?.text === 'not' ? before[j - 2] : before[j - 1];
    return fieldOf(left, macros);
  }
  return sawBitOp ? fieldOf(at, macros) : undefined;
}

/** Operators after an operand: comparisons that fit a field on the left, and && / || after a condition. */
function operatorItems(left: Pick<FieldDef, 'type' | 'array'> | undefined, condition: boolean, range: TextRange): CompletionItem[] {
  const ops: string[] = [];
  if (left) {
    if (left.type === 'string') ops.push('==', '!=', '=~', '!~', 'in', 'not in');
    else if (left.type === 'int') ops.push('==', '!=', '<', '<=', '>', '>=', '&', '|', 'in', 'not in');
    else if (left.type === 'time') ops.push('<', '<=', '>', '>=');
    else ops.push('==', '!=', 'in', 'not in');
    if (left.array && left.type !== 'time') ops.push('allin');
  }
  // A complete comparison, or a boolean field on its own, is a condition: join it to the next one.
  if (condition || left?.type === 'bool') ops.push('&&', '||');
  return ops.map((op, i) => ({
    label: op,
    kind: 'operator' as const,
    insertText: `${op} `,
    detail: op === '&&' || op === '||' ? 'join conditions' : 'operator',
    documentation: operatorDocs[op] ?? '',
    range,
    sortText: `0${String(i).padStart(2, '0')}`,
    retrigger: true,
  }));
}

function fieldItems(eventType: EventType | undefined, prefer: boolean, range: TextRange): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const def of fields.values()) {
    if (eventType && !fieldAvailableOn(def, eventType)) continue;
    // The event's own fields first, then the process context, the ancestors last (the longest list).
    const rank = def.events !== 'all' ? 1 : def.name.startsWith('process.ancestors.') ? 4 : def.name.startsWith('process.') ? 2 : 3;
    out.push({ label: def.name, kind: 'field', detail: fieldTypeLabel(def), documentation: fieldMarkdown(def), range, sortText: `${prefer ? 1 : 5}${rank}${def.name}` });
  }
  return out;
}

function macroItems(macros: readonly SeclMacroInfo[], wantLists: boolean | undefined, range: TextRange, rank = 0): CompletionItem[] {
  return macros.map((macro) => {
    const list = isListMacro(macro);
    const fits = wantLists === undefined || wantLists === list;
    return { label: macro.id, kind: list ? ('list' as const) : ('macro' as const), detail: list ? 'list' : 'macro', documentation: macroMarkdown(macro, list), range, sortText: `${fits ? rank : 6}${macro.id}` };
  });
}

function constantItems(names: readonly string[], preferred: boolean, range: TextRange): CompletionItem[] {
  return names.map((name) => ({ label: name, kind: 'constant' as const, detail: constantDetail(name), documentation: constantMarkdown(name), range, sortText: `${preferred ? 0 : 7}${name}` }));
}

function keywordItems(words: readonly string[], range: TextRange): CompletionItem[] {
  return words.map((word) => ({ label: word, kind: 'keyword' as const, detail: 'keyword', documentation: operatorDocs[word] ?? '', range, sortText: `8${word}` }));
}

/** What may be typed at `offset` of a SECL expression. */
export function completeSecl(source: string, offset: number, macros: MacroTable, infos: readonly SeclMacroInfo[]): CompletionItem[] {
  const before = source.slice(0, offset);
  const word = wordRe.exec(before)?.[0] ?? '';
  const range: TextRange = { start: offset - word.length, end: offset + (/^[A-Za-z0-9_.[\]]*/.exec(source.slice(offset))?.[0].length ?? 0) };
  const all = lexAll(source);
  // Nothing to complete inside a string, a pattern, a regex or a comment.
  const inside = all.find((token) => token.start < offset && offset < token.end + (token.type === 'comment' ? 1 : 0));
  if (inside && inside.type !== 'ident' && inside.type !== 'op' && inside.type !== 'int') return [];
  if (inside?.type === 'error' || (all.some((token) => token.type === 'error' && token.start < range.start && /unterminated/.test(token.value)))) return [];
  const prior = significant(all).filter((token) => token.end <= range.start);
  const prev = prior[prior.length - 1];
  const eventType = namedEventType(significant(all), macros, range);

  const valuePlace = prev === undefined || (prev.type === 'op' && valueOps.has(prev.text)) || (prev.type === 'ident' && valueWords.has(prev.text));
  if (!valuePlace) {
    if (prev.type === 'error') return [];
    const beforePrev = prior[prior.length - 2];
    const afterOperator = beforePrev !== undefined && ((beforePrev.type === 'op' && valueOps.has(beforePrev.text) && !isOp(beforePrev, '(', '!', '&&', '||', ',')) || (beforePrev.type === 'ident' && ['in', 'allin', 'not'].includes(beforePrev.text)));
    const left = afterOperator ? undefined : fieldOf(prev, macros);
    // After a bit operation (open.flags & O_CREAT) comes its comparison; after anything else a condition ends.
    const bitValue = beforePrev !== undefined && isOp(beforePrev, '&', '|', '^');
    const items = bitValue ? operatorItems({ type: 'int', array: false }, false, range).filter((item) => !['in', 'not in'].includes(item.label)) : operatorItems(left, left === undefined, range);
    const typed = word === '' ? items : items.filter((item) => item.label.startsWith(word));
    const words = ['and', 'or'].filter((w) => word !== '' && w.startsWith(word));
    return [...typed, ...keywordItems(words, range)];
  }

  const compared = comparedField(prior, macros);
  const out: CompletionItem[] = [];
  const constants = compared ? constantsFor(compared) : [];
  if (compared) {
    if (constants.length > 0) out.push(...constantItems(constants, true, range));
    if (compared.type === 'bool') out.push(...keywordItems(['true', 'false'], range).map((item) => ({ ...item, sortText: `0${item.label}` })));
    const listPlace = prev !== undefined && prev.type === 'ident' && ['in', 'allin'].includes(prev.text);
    out.push(...macroItems(infos, listPlace ? true : undefined, range, constants.length > 0 ? 2 : 0));
    out.push(...fieldItems(eventType, false, range).filter((item) => fields.get(item.label)?.type === compared.type));
    return out;
  }
  out.push(...fieldItems(eventType, true, range));
  out.push(...macroItems(infos, false, range));
  if (word !== '' && /^[A-Z]/.test(word)) out.push(...constantItems(constantNames().filter((name) => name.startsWith(word)), false, range));
  out.push(...keywordItems(['not'], range));
  return out;
}
