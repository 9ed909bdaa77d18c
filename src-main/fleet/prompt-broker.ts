// Questions from the services to a person: each is published on the prompts stream and waits for an
// answer from whichever UI is open. Unanswered questions expire, and expiry means "no": a host key is
// never trusted by default.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Prompt, PromptEvent } from '../../src-shared/api/domain.ts';
import { ApiError } from '../../src-shared/api/errors.ts';
import type { HostKeyQuestion, Prompter, SecretQuestion } from './ssh-types.ts';

type Answer = boolean | string | null;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class PromptBroker implements Prompter {
  private readonly bus = new EventEmitter();
  private readonly open = new Map<string, { prompt: Prompt; resolve: (answer: Answer) => void }>();
  private readonly timeoutMs: number;

  constructor(timeoutMs = 5 * 60_000) {
    this.timeoutMs = timeoutMs;
    this.bus.setMaxListeners(0);
  }

  /** Current open prompts first, then changes, so a UI opened late still sees what waits for it. */
  subscribe(listener: (event: PromptEvent) => void): () => void {
    for (const { prompt } of this.open.values()) listener({ state: 'open', prompt });
    this.bus.on('event', listener);
    return () => this.bus.off('event', listener);
  }

  answer(id: string, answer: Answer): void {
    const entry = this.open.get(id);
    if (!entry) throw new ApiError('not_found', 'This question was already answered or has expired.');
    if (entry.prompt.kind === 'host-key' && typeof answer !== 'boolean') throw new ApiError('invalid_input', 'A host key question takes yes or no.');
    entry.resolve(answer);
  }

  private ask(prompt: DistributiveOmit<Prompt, 'id'>): Promise<Answer> {
    const id = randomUUID();
    const full = { ...prompt, id } as Prompt;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(null), this.timeoutMs);
      const finish = (answer: Answer) => {
        clearTimeout(timer);
        this.open.delete(id);
        this.bus.emit('event', { state: 'closed', id } satisfies PromptEvent);
        resolve(answer);
      };
      this.open.set(id, { prompt: full, resolve: finish });
      this.bus.emit('event', { state: 'open', prompt: full } satisfies PromptEvent);
    });
  }

  async confirmHostKey(question: HostKeyQuestion): Promise<boolean> {
    const answer = await this.ask({ kind: 'host-key', host: question.name, address: question.host, port: question.port, keyType: question.keyType, fingerprint: question.fingerprint });
    return answer === true;
  }

  async askSecret(question: SecretQuestion): Promise<string | null> {
    const answer = await this.ask({ kind: 'secret', host: question.host, secret: question.kind, prompt: question.prompt });
    return typeof answer === 'string' ? answer : null;
  }
}
