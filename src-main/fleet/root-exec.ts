// Runs a command as root on a host: directly when we logged in as root, else through sudo, asking the
// user for the sudo password only when sudo wants one (and remembering it like other secrets).
import type { SecretStore } from '../platform/index.ts';
import type { CommandChannel, ExecResult, HostSession } from './host-session.ts';
import { SshError, type Prompter } from './ssh-types.ts';
import { secretKey } from './ssh-auth.ts';

/** POSIX single-quoting: the result is one shell word whatever the text. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export interface RootContext {
  session: HostSession;
  uid: number;
  prompter: Prompter;
  secrets: SecretStore;
}

export async function execAsRoot(context: RootContext, script: string, options: { timeoutMs?: number } = {}): Promise<ExecResult> {
  const { session } = context;
  const wrapped = `sh -c ${shellQuote(script)}`;
  if (context.uid === 0) return session.exec(wrapped, options);
  const quiet = await session.exec(`sudo -n ${wrapped}`, options);
  if (!/password is required|a terminal is required/.test(quiet.stderr)) {
    if (/not in the sudoers|may not run sudo|command not found/.test(quiet.stderr)) {
      throw new SshError(session.target.name, `${session.target.user} cannot become root: ${quiet.stderr.trim()}`, 'Log in as root, or give this user sudo rights on the host.');
    }
    return quiet;
  }
  const key = secretKey('sudo', session.target);
  for (let attempt = 0; attempt < 3; attempt++) {
    const password = (await context.secrets.get(key)) ?? (await context.prompter.askSecret({ host: session.target.name, kind: 'sudo', prompt: `sudo password for ${session.target.user}@${session.target.name}` }));
    if (password === null) throw new SshError(session.target.name, 'root access was cancelled (no sudo password)', 'Connect again and give the sudo password, or log in as root.');
    const result = await session.exec(`sudo -S -p '' ${wrapped}`, { ...options, stdin: `${password}\n` });
    if (!/incorrect password|Sorry, try again/.test(result.stderr)) {
      await context.secrets.set(key, password);
      return result;
    }
    await context.secrets.delete(key);
  }
  throw new SshError(session.target.name, 'sudo refused the password three times', 'Check the password of this user on the host.');
}

/**
 * Starts a long-running command as root and hands back its channel (the sensor reader). Through sudo,
 * the password goes on the command's standard input once, before anything else.
 */
export async function spawnAsRoot(context: RootContext, command: string): Promise<CommandChannel> {
  const { session } = context;
  const wrapped = `sh -c ${shellQuote(command)}`;
  if (context.uid === 0) return session.spawn(wrapped);
  const probe = await session.exec('sudo -n true');
  if (probe.code === 0) return session.spawn(`sudo -n ${wrapped}`);
  const key = secretKey('sudo', session.target);
  const password = (await context.secrets.get(key)) ?? (await context.prompter.askSecret({ host: session.target.name, kind: 'sudo', prompt: `sudo password for ${session.target.user}@${session.target.name}` }));
  if (password === null) throw new SshError(session.target.name, 'root access was cancelled (no sudo password)', 'Connect again and give the sudo password, or log in as root.');
  const channel = await session.spawn(`sudo -S -p '' ${wrapped}`);
  channel.write(`${password}\n`);
  return channel;
}
