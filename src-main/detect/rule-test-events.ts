// The test events of a rule file, written compactly in the sensor's JSON shape, expanded into the events
// a rule really meets: the sensor's process context filled with sensible defaults, and process.parent /
// process.ancestors as ingest adds them (the compact view of the process table: pid, ppid, uid, comm,
// file, argv, cwd, created_at — nothing else, so a test cannot lean on a field real events lack).
//
//   - type: exec
//     exec: { file: { path: /usr/bin/dash }, argv: [-c, id] }    # the event's own object
//     process: { uid: 33, user: www-data }                         # overrides of the process context
//     parent: { file: { path: /usr/sbin/php-fpm8.2 } }             # the parent, as ingest shows it
//     ancestors: [ { file: { path: /usr/sbin/php-fpm8.2 } } ]      # the ancestors above the parent
//
// Every key is checked against the field dictionary, so a misspelt key fails loudly instead of making a
// no_match test pass for the wrong reason.
import { fieldDef, isEventType, type Json } from '../../src-shared/secl/index.ts';
import { eventTime, processContext } from '../../src-shared/secl/testing.ts';
import type { TestEvent } from './rule-metadata.ts';

export class TestEventError extends Error {}

const second = 1_000_000_000;
const topKeys = new Set(['type', 'process', 'parent', 'ancestors', 'host']);
/** What ingest's process table puts in process.parent and each of process.ancestors. */
const viewKeys = new Set(['pid', 'ppid', 'uid', 'comm', 'file', 'argv', 'cwd', 'created_at']);
/** Keys the sensor writes that are not SECL fields of their own (the accessors read some of them). */
const rawSensorKeys = new Set(['open.mode', 'setuid.suid', 'setuid.syscall', 'setgid.sgid', 'setgid.syscall']);
const knownUsers: Readonly<Record<number, string>> = { 0: 'root', 33: 'www-data', 1000: 'alice' };

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Checks every leaf of `object` against the dictionary fields under `prefix`. */
function checkLeaves(object: Json, prefix: string, where: string): void {
  for (const [key, value] of Object.entries(object)) {
    const name = `${prefix}.${key}`;
    if (isObject(value)) {
      checkLeaves(value, name, where);
      continue;
    }
    const def = fieldDef(name);
    if (!def) {
      if (rawSensorKeys.has(name)) continue;
      throw new TestEventError(`${where}: ${name} is not a field the sensor provides`);
    }
    const listField = def.array && def.iterator === undefined;
    if (listField !== Array.isArray(value)) throw new TestEventError(`${where}: ${name} ${listField ? 'is a list: write [ … ]' : 'is a single value, not a list'}`);
    const scalars = Array.isArray(value) ? value : [value];
    for (const scalar of scalars) {
      const ok = def.type === 'bool' ? typeof scalar === 'boolean' : def.type === 'int' || def.type === 'time' ? typeof scalar === 'number' || (typeof scalar === 'string' && def.constants !== undefined) : typeof scalar === 'string';
      if (!ok) throw new TestEventError(`${where}: ${name} takes ${def.type === 'bool' ? 'true or false' : def.type === 'int' || def.type === 'time' ? 'a number' : 'text'}, not ${JSON.stringify(scalar)}`);
    }
  }
}

function objectAt(compact: TestEvent, key: string): Json | undefined {
  const value = compact[key];
  if (value === undefined) return undefined;
  if (!isObject(value)) throw new TestEventError(`${key} must be an object`);
  return value;
}

/** The file and the names derived from it, as the sensor reports an executable. */
function executable(file: Json): { file: Json; comm: string; argv0: string } {
  const path = typeof file['path'] === 'string' ? file['path'] : '';
  const name = typeof file['name'] === 'string' ? file['name'] : baseName(path);
  return { file: { ...file, name }, comm: name.slice(0, 15), argv0: name };
}

function withCredentials(context: Json, overrides: Json): Json {
  const uid = overrides['uid'];
  const gid = overrides['gid'];
  const derived: Json = {};
  if (typeof uid === 'number') {
    if (overrides['euid'] === undefined) derived['euid'] = uid;
    if (overrides['user'] === undefined) derived['user'] = knownUsers[uid] ?? `user${uid}`;
    if (gid === undefined) {
      derived['gid'] = uid;
      if (overrides['egid'] === undefined) derived['egid'] = uid;
      if (overrides['group'] === undefined) derived['group'] = knownUsers[uid] ?? `user${uid}`;
    }
  }
  if (typeof gid === 'number') {
    if (overrides['egid'] === undefined) derived['egid'] = gid;
    if (overrides['group'] === undefined) derived['group'] = knownUsers[gid] ?? `group${gid}`;
  }
  return { ...context, ...derived };
}

/** The process context of the event: the sensor's, with the exec'd program for an exec event. */
function processOf(type: string, family: Json, overrides: Json): Json {
  let context: Json = { ...processContext(), container: { id: '' } };
  if (type === 'exec') {
    const file = isObject(family['file']) ? executable(family['file']) : undefined;
    const argv = Array.isArray(family['argv']) ? family['argv'] : [];
    context = { ...context, argv, args: argv.join(' '), ...(file ? { file: file.file, comm: file.comm, argv0: file.argv0 } : {}) };
    if (typeof family['argv0'] === 'string') context['argv0'] = family['argv0'];
    if (isObject(family['interpreter'])) context['interpreter'] = family['interpreter'];
  }
  if (isObject(overrides['file'])) {
    const file = executable(overrides['file']);
    context = { ...context, file: file.file, comm: file.comm, argv0: file.argv0 };
  }
  if (Array.isArray(overrides['argv']) && overrides['args'] === undefined) context['args'] = overrides['argv'].join(' ');
  context = withCredentials(context, overrides);
  return { ...context, ...overrides, ...(isObject(overrides['file']) ? { file: context['file'] } : {}) };
}

/** Without parent or ancestors, a process runs under a user's login shell, over SSH. */
const loginShell: Json = { pid: 4000, file: { path: '/usr/bin/bash' }, argv: [], cwd: '/home/alice' };
const defaultAbove: readonly Json[] = [
  { pid: 3000, uid: 0, file: { path: '/usr/sbin/sshd' }, argv: ['-D'], cwd: '/' },
  { pid: 612, uid: 0, file: { path: '/usr/sbin/sshd' }, argv: ['-D'], cwd: '/' },
  { pid: 1, uid: 0, file: { path: '/usr/lib/systemd/systemd' }, argv: [], cwd: '/' },
];
const init: Json = { pid: 1, uid: 0, file: { path: '/usr/lib/systemd/systemd' }, argv: [], cwd: '/' };

function checkView(view: Json, where: string): void {
  for (const key of Object.keys(view)) {
    if (!viewKeys.has(key)) throw new TestEventError(`${where}: ${key} is not in the process view ingest adds (only ${[...viewKeys].join(', ')})`);
  }
  checkLeaves(view, 'process.parent', where);
}

/** process.parent and process.ancestors: the compact views, linked by ppid, nearest first. */
function lineage(compact: TestEvent, processUid: unknown): Json[] {
  const parent = objectAt(compact, 'parent');
  const above = compact['ancestors'];
  if (above !== undefined && (!Array.isArray(above) || !above.every(isObject))) throw new TestEventError('ancestors must be a list of process views');
  if (parent) checkView(parent, 'parent');
  (above ?? []).forEach((view, index) => checkView(view as Json, `ancestors[${index}]`));
  // The parent runs as the process does unless told otherwise; without ancestors, an explicit parent was
  // started by init, and the default parent is a login shell under sshd.
  const rest = (above as Json[] | undefined) ?? (parent === undefined ? defaultAbove : [init]);
  const chain: Json[] = [{ uid: processUid, ...(parent ?? loginShell) }, ...rest];
  const withPids: Json[] = chain.map((view, index) => ({ pid: 4000 - index * 1000 > 1 ? 4000 - index * 1000 : 100 + index, ...view }));
  return withPids.map((view, index) => {
    const file = isObject(view['file']) ? executable(view['file']) : executable({ path: '' });
    const next = withPids[index + 1];
    return {
      ppid: next ? next['pid'] : view['pid'] === 1 ? 0 : 1,
      uid: 0,
      comm: file.comm,
      argv: [],
      cwd: '/',
      created_at: eventTime - (10 + index) * 3600 * second,
      ...view,
      file: file.file,
    };
  });
}

/** The event a compact test event stands for, as a rule would meet it after ingest. */
export function expandTestEvent(compact: TestEvent): Json {
  for (const key of Object.keys(compact)) {
    if (!topKeys.has(key) && key !== compact['type']) throw new TestEventError(`unknown key ${key} (a test event has type, the object named by its type, process, parent, ancestors, host)`);
  }
  const type = compact['type'];
  if (typeof type !== 'string' || !isEventType(type)) throw new TestEventError(`type must be an event type the sensor reports, not ${JSON.stringify(type)}`);
  const family = objectAt(compact, type) ?? {};
  checkLeaves(family, type, type);
  const overrides = objectAt(compact, 'process') ?? {};
  if ('parent' in overrides || 'ancestors' in overrides) throw new TestEventError('write parent and ancestors beside process, not inside it');
  checkLeaves(overrides, 'process', 'process');
  const host = compact['host'] ?? 'test-host';
  if (typeof host !== 'string') throw new TestEventError('host must be a name');

  const process = processOf(type, family, overrides);
  const chain = lineage(compact, process['uid']);
  if (overrides['ppid'] === undefined && chain[0]) process['ppid'] = chain[0]['pid'];
  const filled: Json = { ...family };
  if (type === 'exec') {
    const argv = Array.isArray(family['argv']) ? family['argv'] : [];
    filled['argv'] = argv;
    filled['args'] ??= argv.join(' ');
    filled['argv0'] ??= process['argv0'];
    filled['args_truncated'] ??= false;
  }
  if (fieldDef(`${type}.retval`) && filled['retval'] === undefined) filled['retval'] = type === 'open' ? 3 : 0;
  return { seq: 1, ts: eventTime, type, host, process: { ...process, parent: chain[0], ancestors: chain }, [type]: filled };
}

/** A few words that let a reader find the test event in the rule file. */
export function describeTestEvent(compact: TestEvent): string {
  const type = typeof compact['type'] === 'string' ? compact['type'] : '?';
  const family = isObject(compact[type]) ? (compact[type] as Json) : {};
  const file = isObject(family['file']) ? family['file'] : {};
  const path = typeof file['path'] === 'string' ? file['path'] : '';
  if (type === 'exec') {
    const argv = Array.isArray(family['argv']) ? family['argv'].join(' ') : '';
    return ['exec', path, argv].filter((part) => part !== '').join(' ').slice(0, 100);
  }
  const addr = isObject(family['addr']) ? family['addr'] : undefined;
  if (addr) return `${type} ${String(addr['ip'] ?? '')}:${String(addr['port'] ?? '')}`;
  const destination = isObject(file['destination']) && typeof file['destination']['path'] === 'string' ? ` → ${file['destination']['path']}` : '';
  if (path) return `${type} ${path}${destination}`;
  for (const key of ['name', 'new_name', 'request', 'cmd', 'cap_effective', 'uid', 'type', 'fs_type']) if (family[key] !== undefined) return `${type} ${key}=${String(family[key])}`;
  return type;
}
