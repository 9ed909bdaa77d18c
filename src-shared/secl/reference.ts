// The field dictionary as the editor and the docs need it: fields per event type, constants per field,
// completion at a cursor, and a Markdown reference. All derived from fields.ts and constants.ts.
import { constantFamilies, constantNames } from './constants.ts';
import { eventTypeNames, eventTypes, fieldAvailableOn, fields, type EventType, type FieldDef } from './fields.ts';
import type { MacroTable } from './macros.ts';

/** The fields a rule of this event type may read: its own and the process context's. */
export function fieldsFor(type: EventType): FieldDef[] {
  return [...fields.values()].filter((def) => fieldAvailableOn(def, type));
}

/** Constants that make sense for a field (O_* for open.flags), empty when none do. */
export function constantsFor(def: FieldDef): string[] {
  return def.constants ? Object.keys(constantFamilies[def.constants]) : [];
}

export interface Completion {
  label: string;
  kind: 'field' | 'macro' | 'constant' | 'keyword';
  detail: string;
  doc: string;
}

const keywords = ['in', 'not in', 'allin', 'and', 'or', 'not', 'true', 'false'];

/**
 * What may be typed at `offset`: fields (only of the event type the rest of the rule already names),
 * macros, constants (those of the field just compared first) and keywords, matching the word being typed.
 */
export function completeAt(source: string, offset: number, macros: MacroTable = new Map()): Completion[] {
  const before = source.slice(0, offset);
  const prefix = /[A-Za-z0-9_.[\]]*$/.exec(before)?.[0] ?? '';
  const named = [...source.matchAll(/\b([a-z_]+)\.[a-z]/g)].map((match) => match[1] as string).find((head): head is EventType => (eventTypeNames as string[]).includes(head));
  const compared = /([a-z_.]+)\s*(?:==|!=|<=|>=|<|>|&|\||\^|in|not in)\s*[([]?\s*(?:[A-Z_0-9]+\s*[,|]\s*)*$/.exec(before.slice(Math.max(0, before.length - prefix.length - 200), before.length - prefix.length))?.[1];
  const comparedDef = compared ? fields.get(compared) : undefined;
  const preferred = new Set(comparedDef ? constantsFor(comparedDef) : []);
  const out: Completion[] = [];
  for (const def of fields.values()) {
    if (!def.name.startsWith(prefix) || (named && !fieldAvailableOn(def, named))) continue;
    out.push({ label: def.name, kind: 'field', detail: `${def.type}${def.array ? '[]' : ''}`, doc: def.doc });
  }
  for (const id of macros.keys()) if (id.startsWith(prefix)) out.push({ label: id, kind: 'macro', detail: 'macro', doc: macros.get(id)?.expression ?? '' });
  for (const name of constantNames()) if (name.startsWith(prefix) && (preferred.size === 0 || preferred.has(name))) out.push({ label: name, kind: 'constant', detail: 'constant', doc: '' });
  for (const word of keywords) if (prefix !== '' && word.startsWith(prefix)) out.push({ label: word, kind: 'keyword', detail: 'keyword', doc: '' });
  return out;
}

/** The field reference as Markdown: one section per event type, then the process context. */
export function fieldReferenceMarkdown(): string {
  const row = (def: FieldDef): string => `| \`${def.name}\` | ${def.type}${def.array ? ' list' : ''} | ${def.doc.replaceAll('|', '\\|')} |`;
  const header = '| field | type | meaning |\n|---|---|---|';
  const sections = [`## Every event\n\n${header}\n${[...fields.values()].filter((def) => def.events === 'all').map(row).join('\n')}`];
  for (const type of eventTypeNames) {
    const own = [...fields.values()].filter((def) => def.events !== 'all' && def.events.includes(type));
    sections.push(`## ${type}\n\n${eventTypes[type]}\n\n${header}\n${own.map(row).join('\n')}`);
  }
  return `# SECL fields\n\n${sections.join('\n\n')}\n`;
}
