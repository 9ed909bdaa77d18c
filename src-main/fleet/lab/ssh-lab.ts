// Real OpenSSH servers as test hosts, in network namespaces this lab creates: host A is reachable from
// the machine, host B only from A (a jump host setup). Needs root, iproute2 and openssh-server. Nothing
// here talks to any address but loopback and these namespaces' own.
//
// Each host also has a mount namespace of its own in which /opt, /var/lib, /home and /root are
// copy-on-write overlays of the machine's: what one host installs, spools or removes is not seen by the
// other host or by the machine, as with two real hosts. That namespace outlives sshd restarts, as a
// host's disk outlives its sshd.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LabHost {
  name: string;
  namespace: string;
  address: string;
  port: number;
  /** The server's public key, as in known_hosts ("ssh-ed25519 AAAA…"). */
  publicKey: string;
  /** The root-namespace end of the link, for link down/up faults (null for a host behind the jump host). */
  link: string;
}

export interface SshLab {
  user: string;
  password: string;
  dir: string;
  /** A client key without passphrase, one with `passphrase`, and an agent holding the first one. */
  key: { path: string; publicKey: string };
  lockedKey: { path: string; passphrase: string };
  agentSocket: string;
  a: LabHost;
  b: LabHost;
  runIn(host: LabHost, command: string[]): string;
  /** Where a path of the host's own disk can be read from the machine (for files too big to pipe). */
  pathOn(host: LabHost, path: string): string;
  /** What sshd logged on this host so far (how a test learns which auth method was accepted). */
  log(host: LabHost): string;
  /** Waits until sshd's log on this host matches (its stderr arrives asynchronously). */
  waitForLog(host: LabHost, pattern: RegExp, timeoutMs?: number): Promise<string>;
  killSshd(host: LabHost): void;
  startSshd(host: LabHost): Promise<void>;
  linkDown(host: LabHost): void;
  linkUp(host: LabHost): void;
  stop(): Promise<void>;
}

export const labUser = 'wbtest';

function sh(command: string, args: string[], input?: string, env?: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, { encoding: 'utf8', input, env: env ?? process.env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
  return result.stdout;
}

export function labAvailable(): string | null {
  if (process.getuid?.() !== 0) return 'the SSH lab needs root (network namespaces)';
  for (const tool of ['/usr/sbin/sshd', '/usr/bin/ssh-keygen', '/usr/bin/ssh-agent', '/usr/sbin/ip', '/usr/sbin/useradd']) {
    if (spawnSync('test', ['-x', tool]).status !== 0) return `${tool} is missing (apt-get install openssh-server openssh-client iproute2 passwd)`;
  }
  return null;
}

function ensureUser(password: string): void {
  if (spawnSync('id', [labUser]).status !== 0) sh('useradd', ['--create-home', '--shell', '/bin/bash', labUser]);
  sh('chpasswd', [], `${labUser}:${password}\n`);
}

function sshdConfig(dir: string, keyboardInteractive: boolean): string {
  return [
    'Port 22',
    'ListenAddress 0.0.0.0',
    `HostKey ${dir}/host_key`,
    `PidFile ${dir}/sshd.pid`,
    `AuthorizedKeysFile ${dir}/authorized_keys`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    `KbdInteractiveAuthentication ${keyboardInteractive ? 'yes' : 'no'}`,
    'UsePAM yes',
    'PermitRootLogin prohibit-password',
    'StrictModes no',
    'AllowTcpForwarding yes',
    'ClientAliveInterval 2',
    'ClientAliveCountMax 3',
    'MaxStartups 100',
    'Subsystem sftp internal-sftp',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

const registry = '/run/wb-ssh-lab';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const privateTrees = ['/opt', '/var/lib', '/home', '/root'];

/**
 * Starts the process that holds a host's network and mount namespaces, with its private trees mounted;
 * sshd and every command run "on the host" enter its namespaces.
 */
async function holdHostNamespaces(host: LabHost, hostDir: string): Promise<ChildProcess> {
  const layers = join(hostDir, 'disk');
  const mounts = privateTrees.map((tree) => {
    const upper = join(layers, tree.slice(1).replaceAll('/', '-'));
    return `mkdir -p ${tree} ${upper}/upper ${upper}/work && mount -t overlay overlay -o lowerdir=${tree},upperdir=${upper}/upper,workdir=${upper}/work ${tree}`;
  });
  const script = join(hostDir, 'hold.sh');
  // The script's path is in its command line, so a stale-lab cleanup (pkill -f on the lab dir) finds it.
  writeFileSync(script, ['set -e', ...mounts, 'echo ready', 'while :; do sleep 3600; done', ''].join('\n'));
  const holder = spawn('ip', ['netns', 'exec', host.namespace, 'sh', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let errors = '';
    holder.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    holder.on('exit', (code) => reject(new Error(`could not give ${host.name} its own disk (exit ${code}): ${errors}`)));
  });
  holder.removeAllListeners('exit');
  return holder;
}

/** Removes labs left behind by test runs that were killed before they could clean up. */
function removeStaleLabs(): void {
  mkdirSync(registry, { recursive: true });
  for (const entry of readdirSync(registry)) {
    const file = join(registry, entry);
    const lab = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; id: string; dir: string };
    if (processAlive(lab.pid)) continue;
    spawnSync('pkill', ['-KILL', '-f', `${lab.dir}/`]);
    spawnSync('ip', ['netns', 'del', `wb${lab.id}a`]);
    spawnSync('ip', ['netns', 'del', `wb${lab.id}b`]);
    spawnSync('ip', ['link', 'del', `wb${lab.id}a0`]);
    rmSync(lab.dir, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
}

/** A 10.231.X.0/30 subnet no other lab on this machine uses. */
function freeOctet(): number {
  const used = spawnSync('ip', ['-o', '-4', 'addr'], { encoding: 'utf8' }).stdout;
  for (let attempt = 0; attempt < 500; attempt++) {
    const octet = 16 + Math.floor(Math.random() * 200);
    if (!used.includes(`10.231.${octet}.`) && !used.includes(`10.232.${octet}.`)) return octet;
  }
  throw new Error('no free 10.231.X.0/30 subnet for the SSH lab');
}

export async function startSshLab(): Promise<SshLab> {
  removeStaleLabs();
  const id = randomBytes(2).toString('hex');
  const octet = freeOctet();
  const dir = mkdtempSync(join(tmpdir(), 'wb-ssh-lab-'));
  chmodSync(dir, 0o755); // sshd reads authorized_keys as the logging-in user
  const registration = join(registry, `${id}.json`);
  writeFileSync(registration, JSON.stringify({ pid: process.pid, id, dir }));
  const password = randomBytes(12).toString('base64url');
  ensureUser(password);
  mkdirSync('/run/sshd', { recursive: true });

  // client keys and an agent
  const keyPath = join(dir, 'id_ed25519');
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'wb-lab', '-f', keyPath]);
  const lockedPath = join(dir, 'id_locked');
  const passphrase = `pass-${randomBytes(6).toString('hex')}`;
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'wb-lab-locked', '-f', lockedPath]);
  const agentSocket = join(dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  for (let i = 0; i < 50 && spawnSync('test', ['-S', agentSocket]).status !== 0; i++) await new Promise((r) => setTimeout(r, 50));
  sh('ssh-add', ['-q', keyPath], undefined, { ...process.env, SSH_AUTH_SOCK: agentSocket });
  const authorized = [readFileSync(`${keyPath}.pub`, 'utf8'), readFileSync(`${lockedPath}.pub`, 'utf8')].join('');

  const nsA = `wb${id}a`;
  const nsB = `wb${id}b`;
  const linkA = `wb${id}a0`;
  sh('ip', ['netns', 'add', nsA]);
  sh('ip', ['netns', 'add', nsB]);
  const inNs = (ns: string, args: string[]) => sh('ip', ['netns', 'exec', ns, ...args]);
  // root <-> A
  sh('ip', ['link', 'add', linkA, 'type', 'veth', 'peer', 'name', `wb${id}a1`]);
  sh('ip', ['link', 'set', `wb${id}a1`, 'netns', nsA]);
  sh('ip', ['addr', 'add', `10.231.${octet}.1/30`, 'dev', linkA]);
  sh('ip', ['link', 'set', linkA, 'up']);
  inNs(nsA, ['ip', 'addr', 'add', `10.231.${octet}.2/30`, 'dev', `wb${id}a1`]);
  inNs(nsA, ['ip', 'link', 'set', `wb${id}a1`, 'up']);
  inNs(nsA, ['ip', 'link', 'set', 'lo', 'up']);
  // A <-> B, no route from the machine to B
  inNs(nsA, ['ip', 'link', 'add', `wb${id}b0`, 'type', 'veth', 'peer', 'name', `wb${id}b1`]);
  inNs(nsA, ['ip', 'link', 'set', `wb${id}b1`, 'netns', nsB]);
  inNs(nsA, ['ip', 'addr', 'add', `10.232.${octet}.1/30`, 'dev', `wb${id}b0`]);
  inNs(nsA, ['ip', 'link', 'set', `wb${id}b0`, 'up']);
  inNs(nsB, ['ip', 'addr', 'add', `10.232.${octet}.2/30`, 'dev', `wb${id}b1`]);
  inNs(nsB, ['ip', 'link', 'set', `wb${id}b1`, 'up']);
  inNs(nsB, ['ip', 'link', 'set', 'lo', 'up']);

  const daemons = new Map<string, ChildProcess>();
  const logs = new Map<string, string>();
  const hosts: LabHost[] = [];
  for (const [name, namespace, address, link] of [
    ['host-a', nsA, `10.231.${octet}.2`, linkA],
    ['host-b', nsB, `10.232.${octet}.2`, ''],
  ] as const) {
    const hostDir = join(dir, name);
    mkdirSync(hostDir);
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', join(hostDir, 'host_key')]);
    writeFileSync(join(hostDir, 'authorized_keys'), authorized, { mode: 0o644 });
    // A offers keyboard-interactive and password; B only password, so both methods get exercised.
    writeFileSync(join(hostDir, 'sshd_config'), sshdConfig(hostDir, name === 'host-a'));
    const publicKey = readFileSync(join(hostDir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    hosts.push({ name, namespace, address, port: 22, publicKey, link });
  }

  const holders = new Map<string, ChildProcess>();
  for (const host of hosts) holders.set(host.name, await holdHostNamespaces(host, join(dir, host.name)));
  const enter = (host: LabHost) => ['nsenter', '-t', String(holders.get(host.name)!.pid), '-m', '-n'];

  const startSshd = async (host: LabHost) => {
    const hostDir = join(dir, host.name);
    const [nsenter, ...nsArgs] = enter(host);
    const daemon = spawn(nsenter!, [...nsArgs, '/usr/sbin/sshd', '-D', '-e', '-f', join(hostDir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    daemons.set(host.name, daemon);
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`sshd on ${host.name} did not start: ${log}`)), 10_000);
      daemon.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        logs.set(host.name, (logs.get(host.name) ?? '') + chunk.toString());
        if (log.includes('Server listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      daemon.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd on ${host.name} exited with ${code}: ${log}`));
      });
    });
    daemon.removeAllListeners('exit');
  };
  const killSshd = (host: LabHost) => {
    // The listener and every session process (named "sshd: user@…", so found by name among the processes
    // of the host's network namespace), as when sshd dies with its sessions; the host's other daemons,
    // the sensor among them, live on.
    const pids = spawnSync('ip', ['netns', 'pids', host.namespace], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    for (const pid of pids) {
      let comm: string;
      try {
        comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        continue; // gone already
      }
      if (comm === 'sshd' || comm === 'sshd-session') spawnSync('kill', ['-KILL', pid]);
    }
    daemons.get(host.name)?.kill('SIGKILL');
    daemons.delete(host.name);
  };
  const [a, b] = hosts as [LabHost, LabHost];
  await startSshd(a);
  await startSshd(b);

  return {
    user: labUser,
    password,
    dir,
    key: { path: keyPath, publicKey: readFileSync(`${keyPath}.pub`, 'utf8').trim() },
    lockedKey: { path: lockedPath, passphrase },
    agentSocket,
    a,
    b,
    runIn: (host, command) => {
      const [nsenter, ...nsArgs] = enter(host);
      return sh(nsenter!, [...nsArgs, ...command]);
    },
    // /proc/PID/root resolves paths in that process's mount namespace
    pathOn: (host, path) => `/proc/${holders.get(host.name)!.pid}/root${path}`,
    log: (host) => logs.get(host.name) ?? '',
    async waitForLog(host, pattern, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const log = logs.get(host.name) ?? '';
        const match = pattern.exec(log);
        if (match) return match[0];
        if (Date.now() > deadline) throw new Error(`sshd on ${host.name} never logged ${pattern}; its log:\n${log.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    killSshd,
    startSshd,
    linkDown: (host) => sh('ip', ['link', 'set', host.link, 'down']),
    linkUp: (host) => sh('ip', ['link', 'set', host.link, 'up']),
    async stop() {
      for (const host of hosts) killSshd(host);
      for (const holder of holders.values()) holder.kill('SIGKILL');
      agent.kill();
      spawnSync('ip', ['netns', 'del', nsA]);
      spawnSync('ip', ['netns', 'del', nsB]);
      spawnSync('ip', ['link', 'del', linkA]);
      rmSync(dir, { recursive: true, force: true });
      rmSync(registration, { force: true });
    },
  };
}
