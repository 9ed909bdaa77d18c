// For the Sigma import's tests: the real SigmaHQ corpus, and events shaped exactly as the sensor writes
// them (sensor/README.md), with process.parent as the ingest attaches it.
import { basename, resolve } from 'node:path';
import { compileRule, type Json } from '../../../src-shared/secl/index.ts';
import { eventTime } from '../../../src-shared/secl/testing.ts';
import { importSigma } from './import.ts';

export const corpusDir = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpora', 'sigma-linux');

/** The SECL rules a corpus rule translates to (throws when it does not translate). */
export function corpusTranslation(relativePath: string): { expressions: string[]; matches: (event: Json) => boolean } {
  const result = importSigma([resolve(corpusDir, relativePath)]);
  const entry = result.entries[0];
  if (result.entries.length !== 1 || entry?.kind !== 'translated') throw new Error(`${relativePath} did not translate: ${entry?.reason ?? 'no entry'}`);
  const compiled = result.rules.map((rule) => {
    const outcome = compileRule({ id: rule.id, expression: rule.expression });
    if (!outcome.ok) throw new Error(outcome.errors.map((error) => error.message).join('; '));
    return outcome.rule;
  });
  return {
    expressions: result.rules.map((rule) => rule.expression),
    // As the engine's RuleSet does: a rule only meets events of its own type.
    matches: (event) => compiled.some((rule) => rule.eventType === event['type'] && rule.matches(event)),
  };
}

export interface ProcessSpec {
  /** The executable (for a script: the script). */
  path: string;
  /** argv[0] as the process was started; by default the path. */
  argv0?: string;
  /** Arguments after argv[0]. */
  args?: string[];
  /** For a script: its interpreter's real path. */
  interpreter?: string;
  cwd?: string;
  user?: string;
  pid?: number;
}

/** A process context as the sensor writes it. */
function processContext(spec: ProcessSpec, parentPid: number): Json {
  const args = spec.args ?? [];
  const pid = spec.pid ?? 4242;
  return {
    pid, tid: pid, ppid: parentPid, uid: spec.user === 'root' ? 0 : 1000, gid: 1000, euid: 1000, egid: 1000, auid: 1000,
    user: spec.user ?? 'alice', group: 'alice', comm: basename(spec.path).slice(0, 15),
    file: { path: spec.path, name: basename(spec.path) }, argv: args, argv0: spec.argv0 ?? spec.path,
    args: args.join(' '), args_truncated: false, cwd: spec.cwd ?? '/home/alice', created_at: eventTime - 1000,
    tty_name: 'pts0', cgroup: { id: 1 }, container: { id: '' },
  };
}

/**
 * The view of a process the ingest attaches as process.parent and process.ancestors[]. It carries argv0,
 * as the field dictionary documents process.parent.cmdline ("argv[0] and the arguments").
 */
function processView(spec: ProcessSpec, pid: number): Json {
  return { pid, ppid: 1, uid: 1000, comm: basename(spec.path).slice(0, 15), file: { path: spec.path, name: basename(spec.path) }, argv: spec.args ?? [], argv0: spec.argv0 ?? spec.path, cwd: spec.cwd ?? '/', created_at: eventTime - 5000 };
}

function withParent(process: Json, parent: ProcessSpec | undefined): Json {
  if (!parent) return process;
  const view = processView(parent, process['ppid'] as number);
  return { ...process, parent: view, ancestors: [view] };
}

const defaultParent: ProcessSpec = { path: '/usr/bin/bash', argv0: '-bash' };

/** An exec event: `spec` is the new program, `parent` the process that ran it. */
export function execEvent(spec: ProcessSpec, parent: ProcessSpec = defaultParent): Json {
  const process = withParent(processContext(spec, 4000), parent);
  const exec: Json = { file: process['file'], argv: process['argv'], argv0: process['argv0'], args: process['args'], args_truncated: false };
  if (spec.interpreter) exec['interpreter'] = { file: { path: spec.interpreter, name: basename(spec.interpreter) } };
  return { seq: 1, ts: eventTime, type: 'exec', process, exec };
}

const O_WRONLY = 0o1;
const O_CREAT = 0o100;
const O_TRUNC = 0o1000;

/** An open event; by default a successful open that creates (O_WRONLY|O_CREAT|O_TRUNC, as `>` does). */
export function openEvent(path: string, by: ProcessSpec, options: { flags?: number; retval?: number } = {}): Json {
  return {
    seq: 2, ts: eventTime, type: 'open',
    process: withParent(processContext(by, 4000), defaultParent),
    open: { file: { path, name: basename(path) }, flags: options.flags ?? (O_WRONLY | O_CREAT | O_TRUNC), mode: 0o644, retval: options.retval ?? 3 },
  };
}

/** A connect (the host initiates) or accept (the host accepts) event; `ip`/`port` are the peer's. */
export function networkEvent(type: 'connect' | 'accept', ip: string, port: number, by: ProcessSpec, retval = 0): Json {
  return {
    seq: 3, ts: eventTime, type,
    process: withParent(processContext(by, 4000), defaultParent),
    [type]: { addr: { ip, port, family: ip.includes(':') ? 'AF_INET6' : 'AF_INET' }, protocol: 6, retval },
  };
}
