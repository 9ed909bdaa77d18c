// The sensor's life on a host: installed into a versioned directory (verified by SHA-256 on the host
// before it ever runs), started as a daemon writing into a spool that outlives our SSH sessions, read
// with `--since`, stopped, and uninstalled without a trace.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostFacts } from './host-facts.ts';
import { execAsRoot, shellQuote, type RootContext } from './root-exec.ts';
import { SshError } from './ssh-types.ts';

export const installRoot = '/opt/workbench-sensor';
export const stateDir = '/var/lib/workbench-sensor';
export const spoolDir = `${stateDir}/spool`;
const pidFile = `${stateDir}/sensor.pid`;
const logFile = `${stateDir}/sensor.log`;

export interface SensorBinary {
  path: string;
  version: string;
  sha256: string;
}

export type DeployProgress = (fraction: number, detail: string) => void;

/** The sensor built for this architecture, from the sensor folder of the app. */
export function sensorBinaryFor(sensorDir: string, arch: string, version: string): SensorBinary {
  const path = join(sensorDir, `workbench-sensor-${arch}`);
  if (!existsSync(path)) {
    throw new SshError('sensor', `no sensor is built for ${arch} (${path} is missing)`, ['x86_64', 'aarch64'].includes(arch) ? `Build it with \`make -C sensor ${arch}\`.` : 'The sensor is built for x86_64 and aarch64 only.');
  }
  return { path, version, sha256: createHash('sha256').update(readFileSync(path)).digest('hex') };
}

export function installedPath(binary: SensorBinary): string {
  return `${installRoot}/${binary.version}-${binary.sha256.slice(0, 12)}/workbench-sensor`;
}

async function rootOk(context: RootContext, script: string, what: string): Promise<string> {
  const result = await execAsRoot(context, script, { timeoutMs: 60_000 });
  if (result.code !== 0) throw new SshError(context.session.target.name, `${what} failed: ${(result.stderr || result.stdout).trim() || `exit ${result.code}`}`, 'See the message; the host was left as it was before this step.');
  return result.stdout;
}

export function checkCanRun(host: string, facts: HostFacts): void {
  if (!facts.btf) throw new SshError(host, `the kernel ${facts.kernel} has no BTF (/sys/kernel/btf/vmlinux is missing), which the sensor needs`, 'Use a kernel built with CONFIG_DEBUG_INFO_BTF (Debian 11+, Ubuntu 20.10+, RHEL 8.2+ have it).');
}

/** Uploads, installs and verifies the sensor; returns the installed path. */
export async function installSensor(context: RootContext, facts: HostFacts, binary: SensorBinary, progress: DeployProgress): Promise<string> {
  const host = context.session.target.name;
  checkCanRun(host, facts);
  const target = installedPath(binary);
  progress(0.1, `Uploading the sensor (${binary.version}) to ${host}`);
  const home = (await context.session.exec('printf %s "$HOME"')).stdout || '/tmp';
  const staging = `${home}/.workbench-sensor-upload-${binary.sha256.slice(0, 12)}`;
  await context.session.upload(binary.path, staging);
  progress(0.6, 'Installing into a versioned directory');
  await rootOk(context, `install -D -m 0755 ${shellQuote(staging)} ${shellQuote(target)} && rm -f ${shellQuote(staging)} && mkdir -p ${stateDir} && chmod 0700 ${stateDir}`, 'installing the sensor');
  progress(0.8, 'Verifying its SHA-256 on the host');
  const sum = (await rootOk(context, `sha256sum ${shellQuote(target)}`, 'verifying the sensor')).split(/\s+/)[0];
  if (sum !== binary.sha256) {
    await rootOk(context, `rm -f ${shellQuote(target)}`, 'removing a corrupted upload');
    throw new SshError(host, `the uploaded sensor's SHA-256 is ${sum}, not ${binary.sha256}: it was corrupted or altered on the way, and removed`, 'Try again; if it happens again, the host or the network path may be tampering with files.');
  }
  progress(1, `Sensor installed at ${target}`);
  return target;
}

/** Starts the sensor as a daemon writing into the spool; returns its pid once its hello is written. */
export async function startSensor(context: RootContext, binary: SensorBinary, extraArgs: string[] = []): Promise<number> {
  const host = context.session.target.name;
  const target = installedPath(binary);
  const args = ['--spool', spoolDir, ...extraArgs].map(shellQuote).join(' ');
  const running = await sensorPid(context);
  if (running !== null) return running;
  await rootOk(
    context,
    `test -x ${shellQuote(target)} || { echo "the sensor is not installed" >&2; exit 1; }
     cd / && : > ${logFile} && (setsid ${shellQuote(target)} ${args} >> ${logFile} 2>&1 < /dev/null & echo $! > ${pidFile})`,
    'starting the sensor',
  );
  for (let attempt = 0; attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const state = await rootOk(context, `pid=$(cat ${pidFile}); if kill -0 "$pid" 2>/dev/null; then echo "running $pid"; else echo stopped; fi; head -c 4096 ${logFile}`, 'checking the sensor');
    const [status, ...log] = state.split('\n');
    if (status?.startsWith('running') && log.some((line) => line.includes('"type":"hello"'))) return Number(status.split(' ')[1]);
    if (status === 'stopped') throw new SshError(host, `the sensor stopped right after starting: ${log.join('\n').trim() || 'no output'}`, 'The message says why (exit code 3: not permitted to load BPF; 4: no BTF; 5: the kernel refused the programs).');
  }
  throw new SshError(host, 'the sensor did not say hello within 10 s', 'The host may be overloaded; check with Stop and Start.');
}

export async function sensorPid(context: RootContext): Promise<number | null> {
  const out = await rootOk(context, `if [ -f ${pidFile} ] && kill -0 "$(cat ${pidFile})" 2>/dev/null; then cat ${pidFile}; fi`, 'checking the sensor');
  return /^\d+$/.test(out.trim()) ? Number(out.trim()) : null;
}

export async function stopSensor(context: RootContext): Promise<void> {
  await rootOk(
    context,
    `if [ -f ${pidFile} ]; then pid=$(cat ${pidFile}); kill -TERM "$pid" 2>/dev/null; i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; kill -KILL "$pid" 2>/dev/null; rm -f ${pidFile}; fi; true`,
    'stopping the sensor',
  );
}

/** Stops the sensor and removes everything it and we put on the host, then checks nothing is left. */
export async function uninstallSensor(context: RootContext): Promise<void> {
  await stopSensor(context);
  await rootOk(context, `rm -rf ${installRoot} ${stateDir}`, 'removing the sensor');
  await context.session.exec('rm -f "$HOME"/.workbench-sensor-upload-*'); // staged as the login user, in their home
  const left = await rootOk(context, `for p in ${installRoot} ${stateDir}; do [ -e "$p" ] && echo "$p"; done; true`, 'checking the removal');
  if (left.trim()) throw new SshError(context.session.target.name, `these are still on the host after uninstalling: ${left.trim()}`, 'Remove them by hand.');
}

/**
 * The command that streams the spool from after `since` (a reader: loads no BPF, safe to kill). With the
 * id of the spool `since` was counted in, a spool made anew since then is read from its start.
 */
export function readerCommand(binary: SensorBinary, since: number, spoolId: string | null = null): string {
  const position = `--since ${Math.max(0, Math.floor(since))}${spoolId ? ` --spool-id ${shellQuote(spoolId)}` : ''}`;
  return `${shellQuote(installedPath(binary))} --spool ${spoolDir} ${position}`;
}
