// The hosts' SSH side: builds each host's route (through its jump hosts), opens sessions with the
// user's known_hosts and ours, and keeps one live session per host.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HostSummary } from '../../src-shared/api/domain.ts';
import { ApiError } from '../../src-shared/api/errors.ts';
import type { SecretStore } from '../platform/index.ts';
import { probeHost, type HostFacts } from './host-facts.ts';
import { KnownHosts } from './known-hosts.ts';
import type { HostSession } from './host-session.ts';
import { LocalSession } from './local-session.ts';
import { SshSession } from './ssh-session.ts';
import type { Prompter, SshTarget } from './ssh-types.ts';

export interface FleetOptions {
  dataDir: string;
  prompter: Prompter;
  secrets: SecretStore;
  agentSocket?: string | undefined;
  /** The user's own known_hosts, read but never written (default ~/.ssh/known_hosts). */
  userKnownHosts?: string;
  /** How fast a dead connection is noticed and a connection attempt given up (defaults: 5 s, 20 s). */
  timing?: { keepaliveSeconds?: number; readyTimeoutMs?: number };
}

export class Fleet {
  readonly knownHosts: KnownHosts;
  private readonly options: FleetOptions;
  private readonly sessions = new Map<number, HostSession>();

  constructor(options: FleetOptions) {
    this.options = options;
    this.knownHosts = new KnownHosts([options.userKnownHosts ?? join(homedir(), '.ssh', 'known_hosts')], join(options.dataDir, 'known_hosts'));
  }

  /** The route to a host: itself, reached through its jump host, and so on. */
  targetFor(host: HostSummary, hosts: readonly HostSummary[]): SshTarget {
    const byId = new Map(hosts.map((h) => [h.id, h]));
    const build = (current: HostSummary, seen: Set<number>): SshTarget => {
      if (seen.has(current.id)) throw new ApiError('invalid_input', `The jump hosts of ${host.name} form a loop (${[...seen].map((id) => byId.get(id)?.name).join(' → ')}).`, 'Change the jump host setting of one of them.');
      seen.add(current.id);
      const jumpHost = current.jumpHostId === null ? undefined : byId.get(current.jumpHostId);
      return {
        name: current.name,
        host: current.address,
        port: current.port,
        user: current.user,
        identityFile: current.identityFile || undefined,
        jump: jumpHost ? build(jumpHost, seen) : undefined,
      };
    };
    return build(host, new Set());
  }

  session(hostId: number): HostSession | null {
    const session = this.sessions.get(hostId);
    return session && !session.isClosed ? session : null;
  }

  /** Connects (or reuses the live session) and learns what the host is. */
  async connect(host: HostSummary, hosts: readonly HostSummary[], onClose: () => void): Promise<{ session: HostSession; facts: HostFacts }> {
    let session = this.session(host.id);
    if (!session && host.local) {
      session = new LocalSession(host.name);
      this.sessions.set(host.id, session);
    }
    if (!session) {
      session = await SshSession.open(this.targetFor(host, hosts), {
        knownHosts: this.knownHosts,
        prompter: this.options.prompter,
        secrets: this.options.secrets,
        agentSocket: this.options.agentSocket,
        ...this.options.timing,
      });
      this.sessions.set(host.id, session);
      const opened = session;
      session.onClose(() => {
        if (this.sessions.get(host.id) === opened) this.sessions.delete(host.id);
        onClose();
      });
    }
    return { session, facts: await probeHost(session) };
  }

  disconnect(hostId: number): void {
    this.sessions.get(hostId)?.close();
    this.sessions.delete(hostId);
  }

  close(): void {
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }
}
