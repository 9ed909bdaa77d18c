// "Create a rule from this event": a first draft of a runtime rule that matches the event by what makes
// it distinctive (the program, who started it, how it was called, the file or address it touched), for
// the user to widen or narrow before saving. Values are read through the engine's own field readers, so
// the draft reads the event exactly as the rule will.
import type { RuleDraft } from '../../src-shared/api/domain.ts';
import { fieldDef, isEventType, makeReader, type EventType, type Json } from '../../src-shared/secl/index.ts';

export interface DraftContext {
  hostName: string;
  /** Whether a rule id is taken already (the bundled or the custom pack): the draft proposes a free one. */
  taken(id: string): boolean;
}

function read(event: Json, field: string): unknown {
  const def = fieldDef(field);
  return def ? makeReader(def)(event, {}) : undefined;
}

function text(event: Json, field: string): string {
  const value = read(event, field);
  return typeof value === 'string' ? value : '';
}

/** A string as SECL writes it: JSON's escapes are SECL's (Go's) for everything JSON.stringify emits. */
function literal(value: string): string {
  return JSON.stringify(value);
}

const fileTypes = new Set<EventType>(['open', 'unlink', 'rmdir', 'rename', 'chmod', 'chown', 'link', 'symlink', 'utimes', 'mkdir', 'truncate', 'chdir']);
const networkTypes = new Set<EventType>(['connect', 'accept', 'bind', 'listen']);

/**
 * The start of a command line as a pattern: its words up to the first one that is not an option (at most
 * three), then `*` when more follow. `-c curl -s http://…/x.sh | bash` → `-c curl *`: the same tool used
 * the same way, whatever its arguments. `*` is SECL's wildcard and cannot be escaped, so the pattern stops
 * before any `*` of the command line.
 */
export function argsPattern(args: string): { op: '==' | '=~'; value: string } | null {
  const words = args.split(' ').filter((word) => word !== '');
  if (words.length === 0) return null;
  const kept: string[] = [];
  for (const word of words) {
    if (word.includes('*') || kept.length === 3) break;
    kept.push(word);
    if (!word.startsWith('-')) break;
  }
  if (kept.length === words.length && !args.includes('*')) return { op: '==', value: args };
  if (kept.length === 0) return null;
  return { op: '=~', value: `${kept.join(' ')} *` };
}

function basename(path: string): string {
  return path.split('/').at(-1) ?? path;
}

/** A rule id from words: lower-case letters, digits and _, as policy ids are. */
function idFrom(words: string[]): string {
  const id = words
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
  return /^[a-z]/.test(id) ? id : `rule_${id}`;
}

function freeId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}_${n}`)) return `${base}_${n}`;
}

interface Parts {
  type: EventType;
  conditions: string[];
  what: string;
  name: string[];
}

function execParts(event: Json): Parts {
  const path = text(event, 'exec.file.path');
  const parent = text(event, 'process.parent.file.path');
  const conditions = [`exec.file.path == ${literal(path)}`];
  if (parent) conditions.push(`process.parent.file.path == ${literal(parent)}`);
  const pattern = argsPattern(text(event, 'exec.args'));
  if (pattern) conditions.push(`exec.args ${pattern.op} ${literal(pattern.value)}`);
  const what = `${path} started${parent ? ` by ${basename(parent)}` : ''}${pattern ? ` with arguments ${pattern.op === '==' ? '' : 'like '}"${pattern.value}"` : ''}`;
  return { type: 'exec', conditions, what, name: [basename(path), ...(parent ? ['from', basename(parent)] : [])] };
}

function processCondition(event: Json): string | null {
  const path = text(event, 'process.file.path');
  return path ? `process.file.path == ${literal(path)}` : null;
}

function fileParts(event: Json, type: EventType): Parts {
  const path = text(event, `${type}.file.path`);
  const process = processCondition(event);
  const conditions = [`${type}.file.path == ${literal(path)}`, ...(process ? [process] : [])];
  const destination = type === 'rename' || type === 'link' || type === 'symlink' ? text(event, `${type}.file.destination.path`) : '';
  if (destination) conditions.push(`${type}.file.destination.path == ${literal(destination)}`);
  const who = basename(text(event, 'process.file.path'));
  return { type, conditions, what: `${type} of ${path}${who ? ` by ${who}` : ''}`, name: [type, basename(path)] };
}

function networkParts(event: Json, type: EventType): Parts {
  const ip = String(read(event, `${type}.addr.ip`) ?? '');
  const port = read(event, `${type}.addr.port`);
  const conditions: string[] = [];
  // an unspecified address (a bind to every interface) says nothing about the event
  if (ip && ip !== '0.0.0.0' && ip !== '::') conditions.push(`${type}.addr.ip == ${ip}`);
  if (typeof port === 'number' && port > 0) conditions.push(`${type}.addr.port == ${port}`);
  if (conditions.length === 0) conditions.push(`${type}.retval == ${Number(read(event, `${type}.retval`) ?? 0)}`);
  const process = processCondition(event);
  if (process) conditions.push(process);
  const who = basename(text(event, 'process.file.path'));
  const place = `${ip || 'any address'}${typeof port === 'number' && port > 0 ? ` port ${port}` : ''}`;
  return { type, conditions, what: `${type} ${type === 'connect' ? 'to' : 'on'} ${place}${who ? ` by ${who}` : ''}`, name: [type, who, typeof port === 'number' && port > 0 ? String(port) : ''] };
}

/** Any other type: its own fields that have a value (text and small numbers, not return codes), with the process. */
function genericParts(event: Json, type: EventType): Parts {
  const conditions: string[] = [];
  const details: string[] = [];
  const body = (event[type] ?? {}) as Json;
  const walk = (value: unknown, path: string[]): void => {
    if (conditions.length >= 2) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value as Json)) walk(inner, [...path, key]);
      return;
    }
    const name = [type, ...path].join('.');
    const def = fieldDef(name);
    if (!def || def.array || def.constants || name.endsWith('.retval')) return;
    const typed = read(event, name);
    if (def.type === 'string' && typeof typed === 'string' && typed !== '') conditions.push(`${name} == ${literal(typed)}`);
    else if (def.type === 'int' && typeof typed === 'number' && Number.isSafeInteger(typed)) conditions.push(`${name} == ${typed}`);
    else if (def.type === 'bool' && typeof typed === 'boolean') conditions.push(`${name} == ${typed}`);
    else return;
    details.push(`${path.join('.')} ${String(typed)}`);
  };
  walk(body, []);
  if (conditions.length === 0) conditions.push(`${type}.retval == ${Number(read(event, `${type}.retval`) ?? 0)}`);
  const process = processCondition(event);
  if (process) conditions.push(process);
  const who = basename(text(event, 'process.file.path'));
  return { type, conditions, what: `${type}${details.length ? ` (${details.join(', ')})` : ''}${who ? ` by ${who}` : ''}`, name: [type, who] };
}

/**
 * For events whose type has no fields of its own (fork, and the /proc snapshot at sensor start): the
 * start of the event's program. Its parent is left out: a forked child's parent runs the same program.
 */
function programParts(event: Json): Parts {
  const path = text(event, 'process.file.path');
  return { type: 'exec', conditions: [`exec.file.path == ${literal(path)}`], what: `${path} started`, name: [basename(path), 'started'] };
}

/** A draft rule for one event, enriched as rules see it (process.parent and process.ancestors). */
export function draftRule(event: Json, context: DraftContext): RuleDraft {
  const type = typeof event['type'] === 'string' ? event['type'] : '';
  let parts: Parts;
  let note: string | null = null;
  if (type === 'exec') parts = execParts(event);
  else if (isEventType(type) && fileTypes.has(type)) parts = fileParts(event, type);
  else if (isEventType(type) && networkTypes.has(type)) parts = networkParts(event, type);
  else if (isEventType(type) && type !== 'fork') parts = genericParts(event, type);
  else {
    parts = programParts(event);
    note = `${type || 'This'} events have no fields of their own that a rule can test, so this draft is an exec rule: it matches whenever this program is started.`;
  }
  const id = freeId(idFrom(['custom', ...parts.name.filter((word) => word !== '')]), context.taken);
  return {
    id,
    description: `Matches: ${parts.what}. Drafted from ${type || 'an'} event seq ${String(event['seq'] ?? '?')} on ${context.hostName}.`,
    expression: parts.conditions.join('\n&& '),
    severity: 'medium',
    tags: { drafted_from: `${context.hostName} seq ${String(event['seq'] ?? '?')}` },
    note,
  };
}
