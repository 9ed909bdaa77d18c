// What the fleet needs of a host, however it is reached: run a command, start a long-running one, put a
// file there. An SSH session is one; the machine the workbench runs on (local mode) is the other.
import type { Readable } from 'node:stream';

export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** A running command: its output, its end, and a way to stop it or feed it. */
export interface CommandChannel {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  stderr: Pick<Readable, 'on'>;
  write(data: string | Buffer): unknown;
  close(): unknown;
}

export interface HostSession {
  /** The host as the user knows it: its name is in every message. */
  readonly target: { name: string; user: string; host: string; port: number };
  readonly isClosed: boolean;
  onClose(listener: () => void): void;
  exec(command: string, options?: { stdin?: string | Buffer; timeoutMs?: number }): Promise<ExecResult>;
  spawn(command: string): Promise<CommandChannel>;
  /** Copies a local file to `remotePath` on the host, readable only by its owner. */
  upload(localPath: string, remotePath: string): Promise<void>;
  close(): void;
  destroy(): void;
}

/** A command's standard output and error, kept up to a bound so a chatty or hostile command cannot exhaust memory. */
export function boundedOutput(limitBytes = 8 * 1024 * 1024) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let size = 0;
  const keep = (into: Buffer[]) => (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limitBytes) into.push(chunk);
  };
  return {
    onStdout: keep(out),
    onStderr: keep(err),
    text: () => ({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
  };
}
