// Field accessors: how each dictionary field is read from an event's JSON. The JSON mirrors the dotted
// names ({"process":{"file":{"path":…}}}); what the sensor leaves out is derived here (file names from
// paths, args from argv, is_public from the address), and every value comes back in its field's type, so
// the compiled rule never meets a surprise. Events come from hosts that may be compromised: any shape is
// tolerated and reads as the type's zero value.
import { constantFamilies } from './constants.ts';
import { isPublicIp } from './cidr.ts';
import type { FieldDef } from './fields.ts';

export type Json = Record<string, unknown>;
export type Scalar = string | number | boolean;
/** Register bindings during evaluation: register name → index into its iterator (process.ancestors). */
export type Registers = Record<string, number>;
/** Reads a field: a scalar, or an array for array fields. */
export type Reader = (event: Json, registers: Registers) => Scalar | Scalar[];

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function get(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (let i = 0; i < path.length; i++) {
    if (!isObject(current)) return undefined;
    current = current[path[i] as string];
  }
  return current;
}

function baseName(path: unknown): string {
  if (typeof path !== 'string') return '';
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item : typeof item === 'number' ? String(item) : '')) : [];
}

function isAlphaNumeric(text: string): boolean {
  return /^[A-Za-z0-9]+$/.test(text);
}

/** Datadog's args_flags: -la gives l, a (and la); --force gives force. */
export function argsFlags(argv: readonly string[]): string[] {
  const flags: string[] = [];
  for (const arg of argv) {
    if (arg.length < 2 || arg[0] !== '-') continue;
    const long = arg[1] === '-';
    const name = long ? arg.slice(2) : arg.slice(1);
    if (name === '') continue;
    if (!long && isAlphaNumeric(name)) flags.push(...name);
    if (!name.includes('=') && name.length > 1) flags.push(name);
  }
  return flags;
}

/** Datadog's args_options: -o value and --opt=value give o=value and opt=value. */
export function argsOptions(argv: readonly string[]): string[] {
  const options: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.length < 2 || arg[0] !== '-') continue;
    const name = arg[1] === '-' ? arg.slice(2) : arg.slice(1);
    if (name === '' || !/^[A-Za-z0-9]/.test(name)) continue;
    if (name.includes('=')) options.push(name);
    else {
      const value = argv[i + 1];
      if (value !== undefined && (value === '' || value[0] !== '-')) {
        options.push(`${name}=${value}`);
        i++;
      }
    }
  }
  return options;
}

type ContextRead = (context: unknown) => unknown;

/** A reader of a fixed path, unrolled for the short paths events have: rules read them millions of times. */
function pathReader(path: readonly string[]): ContextRead {
  const [a, b, c] = path as [string, string, string];
  switch (path.length) {
    case 1:
      return (value) => (isObject(value) ? value[a] : undefined);
    case 2:
      return (value) => {
        if (!isObject(value)) return undefined;
        const first = value[a];
        return isObject(first) ? first[b] : undefined;
      };
    case 3:
      return (value) => {
        if (!isObject(value)) return undefined;
        const first = value[a];
        if (!isObject(first)) return undefined;
        const second = first[b];
        return isObject(second) ? second[c] : undefined;
      };
    default:
      return (value) => get(value, path);
  }
}

function argvList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? stringList(value) : undefined;
}

/**
 * A derivation from an event's argv, remembered for the last argv it saw: an exec event's exec.* and
 * process.* fields derive from the same argv (exec.args_flags and process.args_flags), so the second is free.
 */
function fromArgv<T>(derive: (argv: string[]) => T): (raw: unknown) => T | undefined {
  let lastRaw: unknown = undefined;
  let lastValue: T | undefined = undefined;
  return (raw) => {
    if (raw === lastRaw && raw !== undefined) return lastValue;
    const list = argvList(raw);
    lastRaw = raw;
    lastValue = list && derive(list);
    return lastValue;
  };
}

const joinedArgs = fromArgv((argv) => argv.join(' '));
const flagsOfArgv = fromArgv(argsFlags);
const optionsOfArgv = fromArgv(argsOptions);

/**
 * The reader of a process-context sub-field (file.name, args, …) from the context's raw JSON; it gives
 * undefined when the context has nothing to derive it from, so the exec context can fall back to the process.
 */
function contextReader(sub: string): ContextRead {
  const path = sub.split('.');
  const given = pathReader(path);
  const readArgv = pathReader(['argv']);
  switch (sub) {
    case 'file.name':
    case 'interpreter.file.name': {
      const readFull = pathReader([...path.slice(0, -1), 'path']);
      return (context) => {
        const name = given(context);
        if (name !== undefined) return name;
        const full = readFull(context);
        return full === undefined ? undefined : baseName(full);
      };
    }
    case 'args':
      return (context) => given(context) ?? joinedArgs(readArgv(context));
    case 'args_flags':
      return (context) => given(context) ?? flagsOfArgv(readArgv(context));
    case 'args_options':
      return (context) => given(context) ?? optionsOfArgv(readArgv(context));
    case 'cmdline': {
      const readArgv0 = pathReader(['argv0']);
      return (context) => {
        const cmdline = given(context);
        if (cmdline !== undefined) return cmdline;
        const argv0 = readArgv0(context);
        const list = argvList(readArgv(context));
        if (list === undefined && argv0 === undefined) return undefined;
        return [typeof argv0 === 'string' ? argv0 : '', ...(list ?? [])].join(' ').trim();
      };
    }
    default:
      return given;
  }
}

function processOf(event: Json): unknown {
  return event['process'];
}

function parentOf(event: Json): unknown {
  const process = processOf(event);
  if (!isObject(process)) return undefined;
  const parent = process['parent'];
  if (parent !== undefined) return parent;
  const ancestors = process['ancestors'];
  return Array.isArray(ancestors) ? ancestors[0] : undefined;
}

/** process.ancestors, nearest first; just the parent when ingest added no list. */
export function ancestorsOf(event: Json): unknown[] {
  const process = processOf(event);
  const ancestors = isObject(process) ? process['ancestors'] : undefined;
  if (Array.isArray(ancestors)) return ancestors;
  const parent = parentOf(event);
  return parent === undefined ? [] : [parent];
}

const contextPrefixes = ['process.ancestors', 'process.parent', 'process', 'exec', 'ptrace.tracee', 'signal.target'] as const;
type ContextPrefix = (typeof contextPrefixes)[number];

/** Where each process context sits in an event. */
function contextOf(prefix: Exclude<ContextPrefix, 'process.ancestors'>): (event: Json) => unknown {
  switch (prefix) {
    case 'process':
      return processOf;
    case 'process.parent':
      return parentOf;
    case 'exec':
      return (event) => event['exec'];
    case 'ptrace.tracee': {
      const tracee = pathReader(['ptrace', 'tracee']);
      return (event) => tracee(event);
    }
    case 'signal.target': {
      const target = pathReader(['signal', 'target']);
      return (event) => target(event);
    }
  }
}

/** file.name beside file.path: given, or the path's last segment. */
function siblingNameReader(path: readonly string[]): ContextRead {
  const given = pathReader(path);
  const full = pathReader([...path.slice(0, -1), 'path']);
  return (event) => given(event) ?? baseName(full(event));
}

/** As Go's filepath.Ext, which Datadog uses: from the last dot of the name, dot included. */
function siblingExtensionReader(path: readonly string[]): ContextRead {
  const given = pathReader(path);
  const name = siblingNameReader([...path.slice(0, -1), 'name']);
  return (event) => {
    const extension = given(event);
    if (extension !== undefined) return extension;
    const text = name(event);
    const dot = typeof text === 'string' ? text.lastIndexOf('.') : -1;
    return dot < 0 ? '' : (text as string).slice(dot);
  };
}

function isPublicReader(path: readonly string[]): ContextRead {
  const given = pathReader(path);
  const ip = pathReader([...path.slice(0, -1), 'ip']);
  return (event) => given(event) ?? isPublicIp(String(ip(event) ?? ''));
}

/** Either reader's value, the first when it has one. */
function firstOf(first: ContextRead, second: ContextRead): ContextRead {
  return (value) => first(value) ?? second(value);
}

function orElse(read: ContextRead, fallback: unknown): ContextRead {
  return (value) => read(value) ?? fallback;
}

/** Event fields the sensor may leave out, derived from what it does write (readers built once per field). */
const derived: Record<string, () => ContextRead> = {
  'container.id': () => {
    const own = pathReader(['container', 'id']);
    const ofProcess = pathReader(['process', 'container', 'id']);
    return firstOf(own, ofProcess);
  },
  'event.origin': () => orElse(pathReader(['event', 'origin']), 'ebpf'),
  'event.timestamp': () => pathReader(['ts']),
  'event.hostname': () => {
    const hostName = pathReader(['host', 'name']);
    const eventHost = pathReader(['event', 'hostname']);
    return (event) => {
      const host = isObject(event) ? event['host'] : undefined;
      return typeof host === 'string' ? host : (hostName(event) ?? eventHost(event));
    };
  },
  'event.os': () => orElse(pathReader(['event', 'os']), 'linux'),
  'open.file.destination.mode': () => firstOf(pathReader(['open', 'file', 'destination', 'mode']), pathReader(['open', 'mode'])),
  'signal.pid': () => firstOf(pathReader(['signal', 'pid']), pathReader(['signal', 'target', 'pid'])),
  'fork.child.pid': () => firstOf(pathReader(['fork', 'child', 'pid']), pathReader(['process', 'pid'])),
};

function normalizer(def: FieldDef): (value: unknown) => Scalar {
  switch (def.type) {
    case 'string':
    case 'ip':
      return (value) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
    case 'bool':
      return (value) => value === true || value === 1;
    case 'int':
    case 'time': {
      const names = def.constants ? constantFamilies[def.constants] : undefined;
      return (value) => {
        if (typeof value === 'number' && Number.isFinite(value)) return value;
        if (typeof value === 'boolean') return value ? 1 : 0;
        if (typeof value === 'string') {
          const named = names?.[value];
          if (named !== undefined) return named;
          const number = Number(value);
          return value !== '' && Number.isFinite(number) ? number : 0;
        }
        return 0;
      };
    }
  }
}

function normalize(scalar: (value: unknown) => Scalar, value: unknown, array: boolean): Scalar | Scalar[] {
  if (!array) return scalar(Array.isArray(value) ? value[0] : value);
  // A list field that holds anything but a list reads as empty: no element, so no match.
  if (!Array.isArray(value)) return [];
  // Already in the field's type (argv as the sensor sends it): read as it is, without a copy per event.
  // A loop, not every(): a closure per read is garbage on every event.
  let inType = true;
  for (let i = 0; i < value.length && inType; i++) {
    const element: unknown = value[i];
    inType = (typeof element === 'string' || typeof element === 'number' || typeof element === 'boolean') && scalar(element) === element;
  }
  return inType ? (value as Scalar[]) : value.map(scalar);
}

/**
 * Field values already read from the event being evaluated. A rule pack reads the same few fields of an
 * event in many rules (open.file.path, process.ancestors.file.name…): each is derived once per event. The
 * cache belongs to one event at a time (the one last read) and is numbered, so moving to the next event
 * costs nothing: no map per event, nothing to clear. Events are not changed while rules read them; a
 * caller that edits an event builds a new object.
 */
let cachedEvent: Json | null = null;
let generation = 0;
const slotOfField = new Map<string, number>();
const slotGeneration: number[] = [];
const slotValue: (Scalar | Scalar[])[] = [];

function slotFor(name: string): number {
  let slot = slotOfField.get(name);
  if (slot === undefined) {
    slot = slotOfField.size;
    slotOfField.set(name, slot);
    slotGeneration.push(-1);
    slotValue.push('');
  }
  return slot;
}

/**
 * The reader of a field, built once per rule. With `register`, an ancestors field reads the one ancestor
 * the register currently points at instead of all of them (not remembered: it depends on the binding).
 */
export function makeReader(def: FieldDef, register?: string): Reader {
  const read = makeFieldReader(def, register);
  if (register !== undefined) return read;
  const slot = slotFor(def.name);
  return (event, registers) => {
    if (event !== cachedEvent) {
      cachedEvent = event;
      generation++;
    }
    if (slotGeneration[slot] === generation) return slotValue[slot] as Scalar | Scalar[];
    const value = read(event, registers);
    slotGeneration[slot] = generation;
    slotValue[slot] = value;
    return value;
  };
}

function makeFieldReader(def: FieldDef, register?: string): Reader {
  const scalar = normalizer(def);
  const prefix = contextPrefixes.find((candidate) => def.name.startsWith(`${candidate}.`));
  if (prefix === undefined) {
    const path = def.name.split('.');
    const last = path[path.length - 1];
    const read = derived[def.name]?.() ?? (last === 'name' ? siblingNameReader(path) : last === 'extension' ? siblingExtensionReader(path) : last === 'is_public' ? isPublicReader(path) : pathReader(path));
    return (event) => normalize(scalar, read(event), def.array);
  }
  const sub = def.name.slice(prefix.length + 1);
  const read = contextReader(sub);
  const subIsArray = sub === 'argv' || sub === 'args_flags' || sub === 'args_options';
  if (prefix === 'process.ancestors') {
    if (register !== undefined) {
      return (event, registers) => normalize(scalar, read(ancestorsOf(event)[registers[register] ?? -1]), subIsArray);
    }
    // Ingest shares one ancestors list among the events of a process while its lineage is unchanged
    // (ProcessTable): the values read from the last list are kept for the next event that carries it.
    let lastList: unknown[] | null = null;
    let lastValues: Scalar[] = [];
    return (event) => {
      const list = ancestorsOf(event);
      if (list === lastList) return lastValues;
      const out: Scalar[] = [];
      for (let i = 0; i < list.length; i++) {
        const value = normalize(scalar, read(list[i]), subIsArray);
        if (Array.isArray(value)) out.push(...value);
        else out.push(value);
      }
      // Only a list that cannot change may be remembered by identity.
      if (Object.isFrozen(list)) {
        lastList = list;
        lastValues = Object.freeze(out) as Scalar[];
      }
      return out;
    };
  }
  // The exec event's process context is the new process: what the exec object lacks, the process has.
  if (prefix === 'exec') return (event) => normalize(scalar, read(event['exec']) ?? read(processOf(event)), def.array);
  const context = contextOf(prefix);
  return (event) => normalize(scalar, read(context(event)), def.array);
}
