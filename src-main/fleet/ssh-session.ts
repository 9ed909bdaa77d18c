// One authenticated SSH connection to a host, possibly through a jump host, with its host key checked
// against known_hosts first: an unknown key is shown to the user to accept or refuse, a changed or
// revoked key is refused with both fingerprints, never accepted silently.
import ssh2, { type Client as SshClient, type ClientChannel, type SFTPWrapper } from 'ssh2';
import type { Duplex } from 'node:stream';
import type { SecretStore } from '../platform/index.ts';
import { authHandler } from './ssh-auth.ts';
import { boundedOutput, type ExecResult, type HostSession } from './host-session.ts';
import type { KnownHosts } from './known-hosts.ts';
import { SshError, type Prompter, type SshTarget } from './ssh-types.ts';

export interface SessionOptions {
  knownHosts: KnownHosts;
  prompter: Prompter;
  secrets: SecretStore;
  agentSocket?: string | undefined;
  readyTimeoutMs?: number;
  /** Seconds between keepalives; a dead peer is noticed after three missed ones. */
  keepaliveSeconds?: number;
}

export type { ExecResult } from './host-session.ts';

const { Client } = ssh2; // CommonJS: no named exports under Node's ESM loader
type Client = SshClient;

function describeTarget(target: SshTarget): string {
  return `${target.user}@${target.host}:${target.port}${target.jump ? ` via ${target.jump.name}` : ''}`;
}

export class SshSession implements HostSession {
  readonly target: SshTarget;
  private readonly client: Client;
  private readonly jump: SshSession | null;
  private closed = false;

  private constructor(target: SshTarget, client: Client, jump: SshSession | null) {
    this.target = target;
    this.client = client;
    this.jump = jump;
    client.on('close', () => {
      this.closed = true;
      jump?.close();
    });
    // Everything of this connection travels inside the jump host's: when that one dies, so has this,
    // and waiting for keepalives to say so would leave users and reconnects on a dead session.
    jump?.onClose(() => {
      if (!this.closed) client.destroy();
    });
  }

  static async open(target: SshTarget, options: SessionOptions): Promise<SshSession> {
    const jump = target.jump ? await SshSession.open(target.jump, options) : null;
    try {
      const sock = jump ? await jump.forward(target.host, target.port) : undefined;
      const client = await connect(target, options, sock);
      return new SshSession(target, client, jump);
    } catch (error) {
      jump?.close();
      throw error;
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.client.once('close', listener);
  }

  /** A TCP stream to host:port opened from this host (how jump hosts work). */
  forward(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, host, port, (error, stream) =>
        error ? reject(new SshError(this.target.name, `cannot reach ${host}:${port} from here: ${error.message}`, 'Check that the jump host can reach the target.')) : resolve(stream),
      );
    });
  }

  /** Starts a command and hands back its channel, for long-running output such as the sensor's stream. */
  spawn(command: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (error, channel) => (error ? reject(new SshError(this.target.name, `cannot run a command: ${error.message}`, 'The connection may have dropped; reconnect.')) : resolve(channel)));
    });
  }

  /** Runs a command to completion, with optional standard input; output is capped to keep memory bounded. */
  async exec(command: string, options: { stdin?: string | Buffer; timeoutMs?: number } = {}): Promise<ExecResult> {
    const channel = await this.spawn(command);
    return await new Promise<ExecResult>((resolve, reject) => {
      const output = boundedOutput();
      channel.on('data', output.onStdout);
      channel.stderr.on('data', output.onStderr);
      const timer = options.timeoutMs
        ? setTimeout(() => {
            channel.close();
            reject(new SshError(this.target.name, `\`${command.slice(0, 80)}\` did not finish within ${options.timeoutMs} ms`, 'The host may be overloaded; try again.'));
          }, options.timeoutMs)
        : null;
      // 'close' always comes last; 'exit' may be missing (a killed session sends no status)
      let exit: { code: number | null; signal: string | null } = { code: null, signal: null };
      channel.on('exit', (code: number | null, signal?: string) => {
        exit = { code, signal: signal ?? null };
      });
      channel.on('close', () => {
        if (timer) clearTimeout(timer);
        resolve({ ...exit, ...output.text() });
      });
      channel.on('error', (error: Error) => reject(new SshError(this.target.name, error.message, 'Reconnect and try again.')));
      if (options.stdin !== undefined) channel.end(options.stdin);
      else channel.end();
    });
  }

  async upload(localPath: string, remotePath: string): Promise<void> {
    const sftp = await this.sftp();
    try {
      await new Promise<void>((resolve, reject) => sftp.fastPut(localPath, remotePath, { mode: 0o600 }, (error) => (error ? reject(error) : resolve())));
    } catch (error) {
      throw new SshError(this.target.name, `uploading ${localPath} failed: ${(error as Error).message}`, "Check free space in the login user's home directory.");
    } finally {
      sftp.end();
    }
  }

  sftp(): Promise<SFTPWrapper> {
    return new Promise((resolve, reject) => {
      this.client.sftp((error, sftp) => (error ? reject(new SshError(this.target.name, `SFTP is not available: ${error.message}`, 'Enable the sftp subsystem in the host\'s sshd_config.')) : resolve(sftp)));
    });
  }

  close(): void {
    if (!this.closed) this.client.end();
    this.jump?.close();
  }

  /** Forcibly drops the connection (tests use it to inject faults). */
  destroy(): void {
    this.client.destroy();
    this.jump?.close();
  }
}

function connect(target: SshTarget, options: SessionOptions, sock: Duplex | undefined): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKeyProblem: SshError | null = null;
    let settled = false;
    const fail = (error: SshError) => {
      if (settled) return;
      settled = true;
      client.destroy();
      reject(error);
    };
    client.on('ready', () => {
      settled = true;
      resolve(client);
    });
    client.on('error', (error: Error & { level?: string }) => {
      if (hostKeyProblem) return fail(hostKeyProblem);
      if (error.level === 'client-authentication') {
        return fail(new SshError(target.name, `authentication failed for ${target.user} (tried: agent, key, password as available)`, 'Check the user, key or password for this host.'));
      }
      if (error.level === 'client-timeout') return fail(new SshError(target.name, 'timed out while connecting', `Check that ${target.host}:${target.port} is reachable.`));
      fail(new SshError(target.name, `cannot connect to ${describeTarget(target)}: ${error.message}`, 'Check the address and port, and that sshd runs there.'));
    });
    client.on('close', () => {
      if (hostKeyProblem) fail(hostKeyProblem);
      else fail(new SshError(target.name, `connection to ${describeTarget(target)} closed before login`, 'Check the host and try again.'));
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      sock: sock as never,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: (options.keepaliveSeconds ?? 5) * 1000,
      keepaliveCountMax: 3,
      authHandler: authHandler({ target, prompter: options.prompter, secrets: options.secrets, agentSocket: options.agentSocket }),
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        const verdict = options.knownHosts.verify(target.host, target.port, key);
        if (verdict.status === 'known') return verify(true);
        if (verdict.status === 'revoked') {
          hostKeyProblem = new SshError(target.name, `REFUSED: the host key ${verdict.fingerprint} is marked @revoked in ${verdict.entry.file}:${verdict.entry.line}`, 'Do not connect: this key is known to be compromised.');
          return verify(false);
        }
        if (verdict.status === 'changed') {
          const where = verdict.recorded.map((entry) => `${entry.file}:${entry.line}`).join(', ');
          hostKeyProblem = new SshError(
            target.name,
            `REFUSED: THE HOST KEY HAS CHANGED. ${target.host}:${target.port} presented ${verdict.keyType} ${verdict.fingerprint}, which differs from the key recorded in ${where}. Someone may be intercepting the connection (man in the middle), or the host was reinstalled.`,
            `Verify the new fingerprint with the host's owner out of band; only then remove the old entry (ssh-keygen -R ${target.host}) and connect again.`,
          );
          return verify(false);
        }
        void options.prompter
          .confirmHostKey({ host: target.host, name: target.name, port: target.port, keyType: verdict.keyType, fingerprint: verdict.fingerprint })
          .then(
            (accepted) => {
              if (accepted) options.knownHosts.accept(target.host, target.port, key);
              else hostKeyProblem = new SshError(target.name, `the host key ${verdict.fingerprint} was refused`, 'Connect again and accept the key once you have verified it.');
              verify(accepted);
            },
            () => verify(false),
          );
      },
    });
  });
}
