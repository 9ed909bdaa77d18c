// The order we try to log in, like OpenSSH: the agent, the configured key (asking for its passphrase
// when it has one), then keyboard-interactive and password, asking the user only when the server
// offers the method. Secrets the user typed are kept in the SecretStore (memory or the OS keychain),
// and forgotten when the server rejects them.
import { readFileSync } from 'node:fs';
import ssh2, { type AuthenticationType, type AuthHandlerMiddleware } from 'ssh2';
import type { SecretStore } from '../platform/index.ts';
import type { Prompter, SshTarget } from './ssh-types.ts';

const { utils } = ssh2; // ssh2 is CommonJS: Node's ESM loader offers no named exports for it

type NextAuth = Parameters<AuthHandlerMiddleware>[2];
type Method = { type: 'agent' } | { type: 'publickey' } | { type: 'keyboard-interactive' } | { type: 'password' };

export interface AuthContext {
  target: SshTarget;
  prompter: Prompter;
  secrets: SecretStore;
  agentSocket?: string | undefined;
}

export function secretKey(kind: string, target: SshTarget): string {
  return `ssh:${kind}:${target.user}@${target.host}:${target.port}`;
}

async function secretFor(context: AuthContext, kind: 'password' | 'passphrase', prompt: string): Promise<string | null> {
  const key = secretKey(kind, context.target);
  const saved = await context.secrets.get(key);
  if (saved !== null) return saved;
  const answer = await context.prompter.askSecret({ host: context.target.name, kind, prompt });
  if (answer !== null) await context.secrets.set(key, answer);
  return answer;
}

async function loadKey(context: AuthContext, path: string): Promise<Buffer | string | null> {
  const data = readFileSync(path);
  const plain = utils.parseKey(data);
  if (!(plain instanceof Error)) return data;
  for (let attempt = 0; attempt < 3; attempt++) {
    const passphrase = await secretFor(context, 'passphrase', `Passphrase for ${path}`);
    if (passphrase === null) return null;
    if (!(utils.parseKey(data, passphrase) instanceof Error)) return data;
    await context.secrets.delete(secretKey('passphrase', context.target));
  }
  return null;
}

/** An ssh2 authHandler trying each method once, in order, among those the server still accepts. */
export function authHandler(context: AuthContext): AuthHandlerMiddleware {
  const { target } = context;
  const plan: Method[] = [];
  if (context.agentSocket) plan.push({ type: 'agent' });
  if (target.identityFile) plan.push({ type: 'publickey' });
  plan.push({ type: 'keyboard-interactive' }, { type: 'password' });
  let previous: Method | null = null;

  return (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: NextAuth) => {
    void (async () => {
      // first ask the server which methods it offers, so the user is asked only for what can work
      if (methodsLeft === null) return next({ type: 'none', username: target.user });
      // a rejected password is forgotten, so the user is asked again next time
      if (previous && (previous.type === 'password' || previous.type === 'keyboard-interactive')) {
        await context.secrets.delete(secretKey('password', target));
      }
      while (plan.length > 0) {
        const method = plan.shift()!;
        previous = method;
        if (methodsLeft !== null && !methodsLeft.includes(method.type === 'agent' ? 'publickey' : method.type)) continue;
        if (method.type === 'agent') return next({ type: 'agent', username: target.user, agent: context.agentSocket! });
        if (method.type === 'publickey') {
          const key = await loadKey(context, target.identityFile!);
          if (key === null) continue;
          const passphrase = (await context.secrets.get(secretKey('passphrase', target))) ?? undefined;
          return next({ type: 'publickey', username: target.user, key, passphrase });
        }
        const password = await secretFor(context, 'password', `Password for ${target.user}@${target.name}`);
        if (password === null) continue;
        if (method.type === 'password') return next({ type: 'password', username: target.user, password });
        return next({
          type: 'keyboard-interactive',
          username: target.user,
          prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
        });
      }
      next(false as never);
    })();
  };
}
