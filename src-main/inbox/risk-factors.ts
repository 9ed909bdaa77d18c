// Risk factors read from what a case holds: whether a process ran as root or became root, whether a host
// or an event touched a public address, whether a host has other active signals. Each comes with the
// evidence, in words, so an analyst can check it.
import type { RiskFactor } from '../../src-shared/inbox/model.ts';
import { isPublicIp } from '../../src-shared/secl/cidr.ts';
import type { NetworkPeer } from '../store/index.ts';

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** "www-data (uid 33)", "uid 1001", "root". */
function who(process: Json, uidField: 'uid' | 'euid' = 'uid'): string {
  const uid = num(process[uidField]);
  const user = str(process['user']);
  if (uid === 0 && uidField === 'uid') return 'root';
  if (user && uidField === 'uid') return `${user} (uid ${uid ?? '?'})`;
  return `uid ${uid ?? '?'}`;
}

function programOf(process: Json): string {
  const file = obj(process['file']);
  return str(file['name']) || str(process['comm']) || 'the process';
}

/**
 * Root privileges, from the event that opened a signal: a privilege change in the event itself, a
 * setuid program (root effective uid, other real uid), a root process started by a non-root parent,
 * or simply a process running as root.
 */
export function rootPrivileges(event: Json): RiskFactor | null {
  const process = obj(event['process']);
  const uid = num(process['uid']);
  const euid = num(process['euid']);
  const program = programOf(process);
  const type = str(event['type']);
  if (type === 'setuid') {
    const change = obj(event['setuid']);
    if (num(change['uid']) === 0 || num(change['euid']) === 0) return { id: 'root_privileges', detail: `${program} switched to root (setuid) as ${who(process)}` };
  }
  if (type === 'capset') return { id: 'root_privileges', detail: `${program} changed its capabilities (capset) as ${who(process)}` };
  if (euid === 0 && uid !== null && uid !== 0) return { id: 'root_privileges', detail: `${program} became root: effective uid 0 for ${who(process)} (setuid program)` };
  if (uid !== 0 && euid !== 0) return null;
  const parent = obj(process['parent']);
  const parentUid = num(parent['uid']);
  const parentEuid = num(parent['euid']);
  if (parentUid !== null && parentUid !== 0 && parentEuid !== 0) {
    return { id: 'root_privileges', detail: `${program} runs as root; its parent ${programOf(parent)} ran as ${who(parent)}` };
  }
  return { id: 'root_privileges', detail: `${program} runs as root` };
}

/** The address an event of a network type touched, if any. */
export function eventPeer(event: Json): { type: NetworkPeer['type']; ip: string; port: number | null } | null {
  const type = str(event['type']);
  if (type !== 'connect' && type !== 'accept' && type !== 'bind') return null;
  const addr = obj(obj(event[type])['addr']);
  const ip = str(addr['ip']);
  return ip ? { type, ip, port: num(addr['port']) } : null;
}

function address(ip: string, port: number | null): string {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return port === null ? host : `${host}:${port}`;
}

const verbs: Record<NetworkPeer['type'], string> = { connect: 'connected to', accept: 'accepted a connection from', bind: 'listens on' };
const hostVerbs: Record<NetworkPeer['type'], string> = { connect: 'connected to public addresses', accept: 'accepted connections from public addresses', bind: 'listens on public addresses' };

/**
 * Public exposure: the event itself touched a public address, or its host did (connected to one,
 * accepted a connection from one, or listens on one).
 */
export function publicExposure(event: Json, hostName: string, hostPublicPeers: readonly NetworkPeer[]): RiskFactor | null {
  const peer = eventPeer(event);
  if (peer && isPublicIp(peer.ip)) {
    return { id: 'public_exposure', detail: `${programOf(obj(event['process']))} ${verbs[peer.type]} public address ${address(peer.ip, peer.port)}` };
  }
  if (hostPublicPeers.length === 0) return null;
  const parts = (['accept', 'bind', 'connect'] as const).flatMap((type) => {
    const peers = hostPublicPeers.filter((p) => p.type === type);
    if (peers.length === 0) return [];
    const shown = peers.slice(0, 2).map((p) => address(p.ip, p.port));
    const more = peers.length - shown.length;
    return [`${hostVerbs[type]} ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`];
  });
  return { id: 'public_exposure', detail: `${hostName} ${parts.join('; ')}` };
}

/** Other signals still to deal with on the same host. */
export function activeSignalsOnHost(hostName: string, others: number): RiskFactor | null {
  if (others <= 0) return null;
  return { id: 'active_signals_on_host', detail: `${hostName} has ${others} other active signal${others === 1 ? '' : 's'}` };
}
