// The words the editor shows for a field, a constant, a macro or an operator: one place, so the completion
// list and the hover say the same thing.
import { constantFamilies, constantsFor, constantValue, type ConstantFamily, type FieldDef } from '../secl/index.ts';
import { macroExpression, type SeclMacroInfo } from './context.ts';

export function fieldTypeLabel(def: FieldDef): string {
  return `${def.type}${def.array ? '[]' : ''}`;
}

function eventsLabel(def: FieldDef): string {
  if (def.events === 'all') return 'every event type';
  return def.events.map((type) => `\`${type}\``).join(', ') + (def.events.length === 1 ? ' events' : ' events');
}

/** Markdown for a field: what it holds, on which events, how it compares, and its constants. */
export function fieldMarkdown(def: FieldDef, written = def.name): string {
  const lines = [`**${written}** · \`${fieldTypeLabel(def)}\``, '', capitalize(def.doc) + '.'];
  const notes: string[] = [];
  if (def.array) notes.push(def.iterator ? 'Holds one value per ancestor: a comparison matches when any ancestor matches; name one with a register, as in `process.ancestors[A].file.name`.' : 'Holds a list: a comparison matches when any element matches.');
  if (def.path) notes.push('A path: `~"/etc/*"` matches within one directory and `~"/etc/**"` across directories.');
  if (def.type === 'time') notes.push('Compare it with a duration for an age: `< 5s`.');
  lines.push('', ...notes.map((note) => `${note}`));
  const constants = constantsFor(def);
  if (constants.length > 0) {
    const shown = constants.slice(0, 8).map((name) => `\`${name}\``).join(', ');
    lines.push('', `Constants: ${shown}${constants.length > 8 ? `, … (${constants.length} in all)` : ''}`);
  }
  lines.push('', `On ${eventsLabel(def)}.`);
  return lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n');
}

function familyOf(name: string): ConstantFamily | undefined {
  return (Object.keys(constantFamilies) as ConstantFamily[]).find((family) => family !== 'other' && Object.hasOwn(constantFamilies[family], name));
}

const familyNames: Record<ConstantFamily, string> = {
  open_flags: 'open flags',
  file_mode: 'file mode bits',
  capability: 'capabilities (bit masks)',
  ptrace_request: 'ptrace requests',
  signal: 'signals',
  address_family: 'address families',
  ip_protocol: 'IP protocols',
  bpf_cmd: 'bpf commands',
  bpf_helper: 'bpf helpers',
  prctl_option: 'prctl options',
  exit_cause: 'exit causes',
  errno: 'errors (negative, as syscalls return them)',
  audit: 'audit',
  mmap_protection: 'memory protections',
  other: 'other',
};

export function constantDetail(name: string): string {
  const value = constantValue(name);
  if (value === undefined) return 'constant';
  return value >= 8 && value < 2 ** 32 ? `${value} (0x${value.toString(16)})` : String(value);
}

export function constantMarkdown(name: string): string {
  const value = constantValue(name);
  const family = familyOf(name);
  const octal = value !== undefined && value > 7 && (family === 'open_flags' || family === 'file_mode') ? `, octal 0${value.toString(8)}` : '';
  return [`**${name}** · constant`, '', `Value ${value ?? '?'}${value !== undefined && value > 9 ? ` (hex 0x${value.toString(16)}${octal})` : ''}.`, family ? `One of the ${familyNames[family]}.` : ''].filter(Boolean).join('\n');
}

export function macroMarkdown(macro: SeclMacroInfo, list: boolean): string {
  const where = macro.packId || macro.file ? `\n\nDefined in ${[macro.packId, macro.file].filter(Boolean).join(' · ')}.` : '';
  const description = macro.description ? `\n\n${macro.description}` : '';
  const body = macroExpression(macro);
  const shown = body.length > 600 ? `${body.slice(0, 600)} …` : body;
  return `**${macro.id}** · ${list ? 'list' : 'macro'}${description}\n\n\`\`\`secl\n${shown}\n\`\`\`${where}`;
}

export const operatorDocs: Readonly<Record<string, string>> = {
  '==': 'Equals. On strings an exact match; with a pattern (`~"/tmp/*"`) or a regex (`r"…"`) a match.',
  '!=': 'Differs from.',
  '=~': 'Matches a pattern: `*` within a path segment, `**` across segments (`exec.file.path =~ "/tmp/**"`).',
  '!~': 'Does not match a pattern.',
  '<': 'Less than (integers; on a timestamp field, an age: `created_at < 5s`).',
  '<=': 'Less than or equal.',
  '>': 'Greater than (integers; on a timestamp field, older than a duration).',
  '>=': 'Greater than or equal.',
  '&': 'Bitwise and: `open.flags & O_CREAT > 0` tests a flag.',
  '|': 'Bitwise or: combine flags, `O_WRONLY | O_RDWR`.',
  '^': 'Bitwise exclusive or; before a value, bitwise not.',
  in: 'Is one of a list: `exec.file.name in ["curl", "wget"]` or a list macro.',
  'not in': 'Is none of a list.',
  allin: 'Every element of a list field is in the list.',
  '&&': 'And: both conditions hold. `&&` and `||` have equal precedence and group to the right, so add parentheses when mixing them.',
  '||': 'Or: either condition holds. `&&` and `||` have equal precedence and group to the right, so add parentheses when mixing them.',
  and: 'Same as `&&`.',
  or: 'Same as `||`.',
  not: 'Negates the condition that follows: `not (a || b)`. Same as `!`.',
  '!': 'Negates the condition that follows; write `!(a == b)` to negate a comparison.',
  true: 'Boolean true.',
  false: 'Boolean false.',
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
