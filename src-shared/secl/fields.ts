// The event field dictionary: every SECL field the workbench sensor provides, with its type, whether it
// holds a list, the event types that carry it and what it means. The type checker, the compiled
// accessors, the editor's completion and the docs all read this one table, so they cannot disagree.
// Names are Datadog's; fields Datadog has and our sensor does not fill are listed separately at the end.
import type { ConstantFamily } from './constants.ts';

export const eventTypes = {
  exec: 'A process executed a file (execve, execveat).',
  fork: 'A process created a child (fork, clone). Not a Datadog event type: ours.',
  exit: 'A process exited.',
  open: 'A file was opened.',
  unlink: 'A file was deleted.',
  rmdir: 'A directory was removed.',
  rename: 'A file was renamed.',
  chmod: 'A file’s permissions changed.',
  chown: 'A file’s owner changed.',
  link: 'A hard link was created.',
  symlink: 'A symbolic link was created. Not a Datadog event type: ours.',
  utimes: 'A file’s access or modification time was changed.',
  mkdir: 'A directory was created.',
  truncate: 'A file was truncated (truncate, ftruncate). Datadog reports this as open with O_TRUNC.',
  chdir: 'A process changed its working directory.',
  connect: 'A socket connected to an address.',
  accept: 'A socket accepted a connection.',
  bind: 'A socket was bound to an address.',
  listen: 'A socket started listening. Not a Datadog event type: ours.',
  setuid: 'A process changed its user IDs.',
  setgid: 'A process changed its group IDs.',
  capset: 'A process changed its capabilities.',
  ptrace: 'A process traced another (ptrace).',
  load_module: 'A kernel module was loaded.',
  unload_module: 'A kernel module was unloaded.',
  bpf: 'The bpf() syscall was called.',
  memfd: 'An anonymous in-memory file was created (memfd_create). Not a Datadog event type: ours.',
  mount: 'A filesystem was mounted.',
  umount: 'A filesystem was unmounted. Not a Datadog event type: ours.',
  prctl: 'A process called prctl.',
  signal: 'A process sent a signal (kill, tkill, tgkill).',
} as const;

export type EventType = keyof typeof eventTypes;

export const eventTypeNames = Object.keys(eventTypes) as EventType[];

export function isEventType(name: string): name is EventType {
  return Object.hasOwn(eventTypes, name);
}

/** SECL types. 'time' fields hold a timestamp (ns since the epoch) and compare with durations as an age. */
export type FieldType = 'string' | 'int' | 'bool' | 'ip' | 'time';

export interface FieldDef {
  name: string;
  type: FieldType;
  /** The field holds a list; comparisons are then existential ("any element"). */
  array: boolean;
  /** Event types that carry the field; 'all' for the process context every event has. */
  events: readonly EventType[] | 'all';
  doc: string;
  /** A path: patterns compare as globs, '*' within one directory and '**' across directories. */
  path?: boolean;
  /** Constants that make sense for the field (completion, and names in raw JSON read as their value). */
  constants?: ConstantFamily;
  /** Set on fields read through the process.ancestors list: the register iterator they belong to. */
  iterator?: 'process.ancestors';
}

type Sub = readonly [name: string, type: FieldType, doc: string, extra?: Partial<Pick<FieldDef, 'array' | 'path' | 'constants'>>];

// What every process context has: the process of every event, its parent, its ancestors, the process an
// exec starts, and the target of ptrace and kill.
const processContext: readonly Sub[] = [
  ['pid', 'int', 'process ID'],
  ['ppid', 'int', 'parent process ID'],
  ['tid', 'int', 'thread ID'],
  ['uid', 'int', 'real user ID'],
  ['gid', 'int', 'real group ID'],
  ['euid', 'int', 'effective user ID'],
  ['egid', 'int', 'effective group ID'],
  ['auid', 'int', 'login (audit) user ID', { constants: 'audit' }],
  ['user', 'string', 'name of the real user'],
  ['group', 'string', 'name of the real group'],
  ['comm', 'string', 'command name (the kernel’s 16-byte comm)'],
  ['file.path', 'string', 'path of the executable', { path: true }],
  ['file.name', 'string', 'file name of the executable'],
  ['interpreter.file.path', 'string', 'path of the interpreter, when the executable is a script', { path: true }],
  ['interpreter.file.name', 'string', 'file name of the interpreter, when the executable is a script'],
  ['argv', 'string', 'arguments, without argv[0]', { array: true }],
  ['argv0', 'string', 'first argument (argv[0])'],
  ['args', 'string', 'arguments joined with spaces, without argv[0]'],
  ['args_truncated', 'bool', 'whether the arguments were truncated'],
  ['args_flags', 'string', 'flags in the arguments: -la gives l and a, --force gives force', { array: true }],
  ['args_options', 'string', 'options in the arguments: -o value and --opt=value give o=value and opt=value', { array: true }],
  ['cmdline', 'string', 'argv[0] and the arguments, joined with spaces'],
  ['cwd', 'string', 'working directory', { path: true }],
  ['created_at', 'time', 'when the process was created; compare with a duration for its age (created_at < 5s)'],
  ['tty_name', 'string', 'name of the controlling terminal, empty when there is none'],
  ['cgroup.id', 'string', 'ID of the process’s cgroup'],
  ['container.id', 'string', 'ID of the container the process runs in, empty on the host'],
];

const fileSubs = (where: string): Sub[] => [
  ['file.path', 'string', `path of the ${where}`, { path: true }],
  ['file.name', 'string', `file name of the ${where}`],
  ['file.extension', 'string', `extension of the ${where}'s name, with its dot (".conf"), empty when it has none`],
];
const destinationSubs = (where: string): Sub[] => [
  ['file.destination.path', 'string', `new path of the ${where}`, { path: true }],
  ['file.destination.name', 'string', `new file name of the ${where}`],
];
const retval: Sub = ['retval', 'int', 'return value of the syscall: 0 or more on success, a negative errno on failure', { constants: 'errno' }];
const addressSubs: readonly Sub[] = [
  ['addr.ip', 'ip', 'IP address of the socket’s peer (connect, accept) or of the socket itself (bind, listen)'],
  ['addr.port', 'int', 'port number, with addr.ip'],
  ['addr.family', 'int', 'address family', { constants: 'address_family' }],
  ['addr.is_public', 'bool', 'whether the address is publicly routable (not private, loopback, link-local or multicast)'],
  ['protocol', 'int', 'L4 protocol', { constants: 'ip_protocol' }],
  retval,
];

const eventFields: Readonly<Record<EventType, readonly Sub[]>> = {
  exec: [],
  fork: [
    ['child.pid', 'int', 'process ID of the new child (also process.pid)'],
    ['parent.pid', 'int', 'process ID of the parent'],
  ],
  exit: [
    ['code', 'int', 'exit code, or the number of the signal that ended the process'],
    ['cause', 'int', 'why the process ended', { constants: 'exit_cause' }],
  ],
  open: [
    ...fileSubs('opened file'),
    ['flags', 'int', 'flags passed to open', { constants: 'open_flags' }],
    ['file.destination.mode', 'int', 'mode of the file, when open creates it', { constants: 'file_mode' }],
    retval,
  ],
  unlink: [...fileSubs('deleted file'), ['flags', 'int', 'flags passed to unlinkat'], retval],
  rmdir: [...fileSubs('removed directory'), retval],
  rename: [...fileSubs('renamed file (before)'), ...destinationSubs('renamed file'), retval],
  chmod: [...fileSubs('file'), ['file.destination.mode', 'int', 'new mode of the file', { constants: 'file_mode' }], retval],
  chown: [
    ...fileSubs('file'),
    ['file.destination.uid', 'int', 'new owner user ID'],
    ['file.destination.gid', 'int', 'new owner group ID'],
    retval,
  ],
  link: [...fileSubs('source file'), ['file.destination.path', 'string', 'path of the new link', { path: true }], ['file.destination.name', 'string', 'file name of the new link'], retval],
  symlink: [
    ['file.path', 'string', 'target of the link, as written (relative to the link when not absolute)'],
    ['file.destination.path', 'string', 'path of the new link', { path: true }],
    ['file.destination.name', 'string', 'file name of the new link'],
    retval,
  ],
  utimes: [...fileSubs('file'), retval],
  mkdir: [...fileSubs('new directory'), ['file.destination.mode', 'int', 'mode of the new directory', { constants: 'file_mode' }], retval],
  truncate: [...fileSubs('truncated file'), retval],
  chdir: [...fileSubs('new working directory'), retval],
  connect: addressSubs,
  accept: addressSubs,
  bind: addressSubs,
  listen: [...addressSubs, ['backlog', 'int', 'backlog passed to listen']],
  setuid: [
    ['uid', 'int', 'new real user ID'],
    ['euid', 'int', 'new effective user ID'],
    ['fsuid', 'int', 'new filesystem user ID'],
    retval,
  ],
  setgid: [
    ['gid', 'int', 'new real group ID'],
    ['egid', 'int', 'new effective group ID'],
    ['fsgid', 'int', 'new filesystem group ID'],
    retval,
  ],
  capset: [
    ['cap_effective', 'int', 'new effective capability set', { constants: 'capability' }],
    ['cap_permitted', 'int', 'new permitted capability set', { constants: 'capability' }],
    retval,
  ],
  ptrace: [['request', 'int', 'ptrace request', { constants: 'ptrace_request' }], retval],
  load_module: [
    ['name', 'string', 'name of the module'],
    ['loaded_from_memory', 'bool', 'whether the module was loaded from memory (init_module) rather than a file'],
    ...fileSubs('module file'),
    retval,
  ],
  unload_module: [['name', 'string', 'name of the module'], retval],
  bpf: [['cmd', 'int', 'bpf command', { constants: 'bpf_cmd' }], retval],
  memfd: [['name', 'string', 'name given to memfd_create'], ['flags', 'int', 'flags given to memfd_create'], retval],
  mount: [
    ['source.path', 'string', 'mount source', { path: true }],
    ['mountpoint.path', 'string', 'where the filesystem is mounted', { path: true }],
    ['mountpoint.name', 'string', 'file name of the mount point'],
    ['fs_type', 'string', 'filesystem type'],
    ['flags', 'int', 'mount flags'],
    retval,
  ],
  umount: [
    ['mountpoint.path', 'string', 'the mount point', { path: true }],
    ['mountpoint.name', 'string', 'file name of the mount point'],
    ['flags', 'int', 'umount flags'],
    retval,
  ],
  prctl: [['option', 'int', 'prctl option', { constants: 'prctl_option' }], ['new_name', 'string', 'new name, for PR_SET_NAME'], retval],
  signal: [
    ['type', 'int', 'signal number', { constants: 'signal' }],
    ['pid', 'int', 'process ID the signal was sent to'],
    retval,
  ],
};

/** Process contexts nested in events: prefix → event types that carry it. */
const processContexts: readonly (readonly [prefix: string, events: readonly EventType[] | 'all', what: string])[] = [
  ['process', 'all', 'the process that caused the event:'],
  ['process.parent', 'all', 'the parent of the process:'],
  ['process.ancestors', 'all', 'any ancestor of the process (parent first):'],
  ['exec', ['exec'], 'the executed process:'],
  ['ptrace.tracee', ['ptrace'], 'the traced process (beyond pid, filled at ingest from the process table):'],
  ['signal.target', ['signal'], 'the process the signal was sent to (beyond pid, filled at ingest from the process table):'],
];

const commonFields: readonly FieldDef[] = [
  { name: 'container.id', type: 'string', array: false, events: 'all', doc: 'ID of the container of the process, empty on the host' },
  { name: 'event.origin', type: 'string', array: false, events: 'all', doc: 'what produced the event: "ebpf" for the workbench sensor' },
  { name: 'event.timestamp', type: 'time', array: false, events: 'all', doc: 'when the event happened' },
  { name: 'event.hostname', type: 'string', array: false, events: 'all', doc: 'host the event came from' },
  { name: 'event.os', type: 'string', array: false, events: 'all', doc: 'operating system of the host: "linux"' },
];

function buildFields(): Map<string, FieldDef> {
  const fields = new Map<string, FieldDef>();
  const add = (def: FieldDef): void => {
    fields.set(def.name, def);
  };
  for (const [prefix, events, what] of processContexts) {
    const iterator = prefix === 'process.ancestors' ? 'process.ancestors' : undefined;
    for (const [sub, type, doc, extra] of processContext) {
      add({ name: `${prefix}.${sub}`, type, array: Boolean(iterator) || Boolean(extra?.array), events, doc: `${what} ${doc}`, ...extra, ...(iterator ? { iterator, array: true } : {}) });
    }
  }
  for (const type of eventTypeNames) {
    for (const [sub, fieldType, doc, extra] of eventFields[type]) {
      add({ name: `${type}.${sub}`, type: fieldType, array: Boolean(extra?.array), events: [type], doc, ...extra });
    }
  }
  for (const def of commonFields) add(def);
  return fields;
}

export const fields: ReadonlyMap<string, FieldDef> = buildFields();

export function fieldDef(name: string): FieldDef | undefined {
  return fields.get(name);
}

export function fieldAvailableOn(def: FieldDef, type: EventType): boolean {
  return def.events === 'all' || def.events.includes(type);
}

// ---- Datadog names we know but do not provide -------------------------------------------------------

/** Datadog event types the workbench sensor does not produce. */
export const datadogOnlyEventTypes: ReadonlySet<string> = new Set([
  'dns', 'imds', 'selinux', 'mmap', 'mprotect', 'splice', 'setsockopt', 'cgroup_write', 'packet', 'raw_packet',
  'network_flow_monitor', 'ondemand', 'sysctl', 'setxattr', 'removexattr', 'setrlimit', 'login_uid_write',
  'create', 'write', 'set', 'delete', 'create_key', 'open_key', 'delete_key', 'set_key_value', 'fim',
  'change_permission', 'span', 'unshare', 'accept4', 'syscalls', 'tracer_memfd_seal',
]);

/**
 * Datadog fields, on event types we do support, that our sensor does not fill (file metadata needs a stat,
 * environment variables need the process's memory, and so on). Any sub-field ending in one of these.
 */
export const datadogOnlyFieldSuffixes: readonly string[] = [
  'envs', 'envp', 'envs_truncated', 'file.mode', 'file.uid', 'file.gid', 'file.user', 'file.group', 'file.inode',
  'file.in_upper_layer', 'file.modification_time', 'file.change_time', 'file.filesystem',
  'file.mount_id', 'file.rights', 'file.package.name', 'file.package.version', 'file.package.source_version',
  'file.hashes', 'file.device_path', 'file.destination.rights', 'file.destination.user', 'file.destination.group',
  'cap_effective', 'cap_permitted', 'fsuid', 'fsgid', 'euser', 'egroup', 'fsuser', 'fsgroup', 'is_thread',
  'is_kworker', 'is_exec', 'exec_time', 'exit_time', 'user_session.k8s_username', 'user_session.k8s_uid',
  'user_session.k8s_groups', 'syscall.path', 'syscall.flags', 'syscall.mode', 'syscall.uid', 'syscall.gid',
  'addr.hostname', 'addr.is_public', 'hostname', 'service', 'source', 'tags', 'created_at', 'loaded_from_memory',
  'prog.helpers', 'prog.name', 'prog.type', 'prog.attach_type', 'map.name', 'map.type', 'args', 'argv', 'argv0',
  'protection', 'pipe_entry_flag', 'pipe_exit_flag', 'root.path', 'mountpoint.path', 'fs_type', 'source.path',
  'filter', 'level', 'optname', 'question.name', 'question.type', 'url', 'aws.is_imds_v2', 'enforce.status',
  'key_path', 'pid', 'rule.tags', 'async', 'device_path',
];

/** True when `name` is a Datadog field the workbench does not provide (rather than a misspelling). */
export function isDatadogOnlyField(name: string): boolean {
  const [head] = name.split('.');
  if (head !== undefined && datadogOnlyEventTypes.has(head)) return true;
  if (fields.has(name)) return false;
  const known = head !== undefined && (isEventType(head) || head === 'process' || head === 'container' || head === 'event' || head === 'cgroup');
  return known && datadogOnlyFieldSuffixes.some((suffix) => name.endsWith(`.${suffix}`) || name === suffix);
}
