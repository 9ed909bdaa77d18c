// Local mode: the machine the workbench runs on, as a host reached without SSH (for rule authors, who
// want their own activity in a case). Commands run through /bin/sh as the workbench's own user; root
// comes from running the workbench as root, or from sudo exactly as on a remote host.
import { spawn } from 'node:child_process';
import { copyFileSync, chmodSync } from 'node:fs';
import { userInfo } from 'node:os';
import { boundedOutput, type CommandChannel, type ExecResult, type HostSession } from './host-session.ts';
import { SshError } from './ssh-types.ts';


export class LocalSession implements HostSession {
  readonly target: HostSession['target'];
  readonly isClosed = false;

  constructor(name: string) {
    this.target = { name, user: userInfo().username, host: 'localhost', port: 0 };
  }

  onClose(): void {
    // the local machine does not go away
  }

  spawn(command: string): Promise<CommandChannel> {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'], cwd: '/' });
    child.stdin.on('error', () => undefined); // a command that exits before reading its input
    const channel: CommandChannel = {
      on(event: 'data' | 'close', listener: ((chunk: Buffer) => void) | (() => void)) {
        if (event === 'data') child.stdout.on('data', listener as (chunk: Buffer) => void);
        else child.on('close', () => (listener as () => void)());
        return channel;
      },
      stderr: child.stderr,
      write: (data) => child.stdin.write(data),
      close: () => child.kill('SIGTERM'),
    };
    return new Promise((resolve, reject) => {
      child.once('spawn', () => resolve(channel));
      child.once('error', (error) => reject(new SshError(this.target.name, `cannot run a command here: ${error.message}`, 'Check that /bin/sh exists.')));
    });
  }

  exec(command: string, options: { stdin?: string | Buffer; timeoutMs?: number } = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'], cwd: '/' });
      const output = boundedOutput();
      child.stdout.on('data', output.onStdout);
      child.stderr.on('data', output.onStderr);
      child.stdin.on('error', () => undefined);
      const timer = options.timeoutMs
        ? setTimeout(() => {
            child.kill('SIGKILL');
            reject(new SshError(this.target.name, `\`${command.slice(0, 80)}\` did not finish within ${options.timeoutMs} ms`, 'The machine may be overloaded; try again.'));
          }, options.timeoutMs)
        : null;
      child.on('error', (error) => reject(new SshError(this.target.name, error.message, 'Check that /bin/sh exists.')));
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        resolve({ code, signal, ...output.text() });
      });
      child.stdin.end(options.stdin ?? '');
    });
  }

  async upload(localPath: string, remotePath: string): Promise<void> {
    copyFileSync(localPath, remotePath);
    chmodSync(remotePath, 0o600);
  }

  close(): void {}

  destroy(): void {}
}
