// Webhook delivery off the ingest path: each target has its own bounded queue and sends one POST at a
// time, with a timeout and retries with exponential backoff, so a slow or dead target delays nothing but
// its own notifications. A full queue drops its oldest notification and counts it. What went wrong is
// kept per target for the UI, in words that never contain the URL.
import type { TargetDelivery } from '../../src-shared/notify/settings.ts';
import { redactUrl } from './mask.ts';

export interface DeliveryOptions {
  /** How long one attempt may take, answer included. */
  timeoutMs: number;
  /** Attempts per notification (the first one and the retries). */
  attempts: number;
  /** The wait before the first retry; it doubles for each one after. */
  backoffMs: number;
  /** Notifications waiting per target, at most. */
  maxQueue: number;
  userAgent: string;
  now: () => number;
}

export const defaultDeliveryOptions: DeliveryOptions = {
  timeoutMs: 5000,
  attempts: 4,
  backoffMs: 1000,
  maxQueue: 100,
  userAgent: 'cloud-security-workbench',
  now: () => Date.now(),
};

export interface AttemptResult {
  ok: boolean;
  /** Worth trying again (no answer, a server error, "too many requests"), as opposed to a refusal. */
  retry: boolean;
  message: string;
}

interface Lane {
  queue: string[];
  running: boolean;
  status: Omit<TargetDelivery, 'queued'>;
}

function emptyStatus(): Lane['status'] {
  return { delivered: 0, failed: 0, dropped: 0, state: 'idle', lastSuccessAtMs: null, lastError: null };
}

const networkErrors: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the target',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the target',
};

function describeFailure(error: unknown, url: string): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as NodeJS.ErrnoException).code;
  if (code && networkErrors[code]) return `${networkErrors[code]} (${code})`;
  if (code && /CERT|TLS|SSL/.test(code)) return `TLS certificate problem (${code})`;
  return redactUrl(cause?.message ?? (error as Error).message ?? String(error), url).slice(0, 300);
}

export class WebhookDelivery {
  private readonly options: DeliveryOptions;
  private readonly resolveUrl: (targetId: string) => string | null;
  private readonly onChange: (targetId: string) => void;
  private readonly lanes = new Map<string, Lane>();
  private readonly inFlight = new Set<AbortController>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  /** `resolveUrl` gives a target's URL at send time (null: the target is gone; its queue is dropped). */
  constructor(resolveUrl: (targetId: string) => string | null, onChange: (targetId: string) => void, options: Partial<DeliveryOptions> = {}) {
    this.resolveUrl = resolveUrl;
    this.onChange = onChange;
    this.options = { ...defaultDeliveryOptions, ...options };
  }

  private lane(targetId: string): Lane {
    let lane = this.lanes.get(targetId);
    if (!lane) {
      lane = { queue: [], running: false, status: emptyStatus() };
      this.lanes.set(targetId, lane);
    }
    return lane;
  }

  status(targetId: string): TargetDelivery {
    const lane = this.lanes.get(targetId);
    return lane ? { ...lane.status, queued: lane.queue.length } : { ...emptyStatus(), queued: 0 };
  }

  /** Queues a JSON body for a target and returns at once; never throws. */
  enqueue(targetId: string, body: string): void {
    if (this.closed) return;
    const lane = this.lane(targetId);
    lane.queue.push(body);
    while (lane.queue.length > this.options.maxQueue) {
      lane.queue.shift();
      lane.status.dropped++;
    }
    if (!lane.running) void this.drain(targetId, lane);
    this.onChange(targetId);
  }

  /** A target was removed: what waits for it is not sent, and its history goes. */
  forget(targetId: string): void {
    const lane = this.lanes.get(targetId);
    if (lane) lane.queue.length = 0;
    this.lanes.delete(targetId);
  }

  /** One attempt now, outside the queue (the "Send test" button), recorded like any other. */
  async sendOnce(targetId: string, body: string): Promise<AttemptResult> {
    const url = this.resolveUrl(targetId);
    if (url === null) return { ok: false, retry: false, message: 'no such target' };
    const lane = this.lane(targetId);
    const result = await this.attempt(url, body);
    this.record(lane, result, ' (test)');
    this.onChange(targetId);
    return result;
  }

  private record(lane: Lane, result: AttemptResult, suffix: string): void {
    const atMs = this.options.now();
    if (result.ok) lane.status.lastSuccessAtMs = atMs;
    else lane.status.lastError = { message: `${result.message}${suffix}`, atMs };
  }

  private async drain(targetId: string, lane: Lane): Promise<void> {
    lane.running = true;
    try {
      while (lane.queue.length > 0 && !this.closed && this.lanes.get(targetId) === lane) {
        const body = lane.queue.shift()!;
        await this.deliver(targetId, lane, body);
      }
    } finally {
      lane.running = false;
      lane.status.state = 'idle';
      if (!this.closed) this.onChange(targetId);
    }
  }

  private async deliver(targetId: string, lane: Lane, body: string): Promise<void> {
    const { attempts, backoffMs } = this.options;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const url = this.resolveUrl(targetId);
      if (url === null || this.closed) return;
      lane.status.state = attempt === 1 ? 'sending' : 'retrying';
      this.onChange(targetId);
      const result = await this.attempt(url, body);
      this.record(lane, result, result.ok ? '' : ` (attempt ${attempt} of ${attempts})`);
      if (result.ok) {
        lane.status.delivered++;
        return;
      }
      if (!result.retry || attempt === attempts) break;
      this.onChange(targetId);
      await this.sleep(backoffMs * 2 ** (attempt - 1));
    }
    if (!this.closed) lane.status.failed++;
  }

  private async attempt(url: string, body: string): Promise<AttemptResult> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const started = this.options.now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    timer.unref();
    try {
      // redirects are not followed: a token in the URL must not travel to wherever the target points
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': this.options.userAgent },
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      await response.body?.cancel().catch(() => undefined);
      const took = `in ${Math.max(0, Math.round(this.options.now() - started))} ms`;
      if (response.status >= 200 && response.status < 300) return { ok: true, retry: false, message: `HTTP ${response.status} ${took}` };
      if (response.status >= 300 && response.status < 400) return { ok: false, retry: false, message: `HTTP ${response.status}: the target redirects, and redirects are not followed` };
      const retry = response.status >= 500 || response.status === 408 || response.status === 429;
      return { ok: false, retry, message: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` };
    } catch (error) {
      if (timedOut) return { ok: false, retry: true, message: `no answer within ${this.options.timeoutMs / 1000} s` };
      if (this.closed) return { ok: false, retry: false, message: 'the app closed before the target answered' };
      return { ok: false, retry: true, message: describeFailure(error, url) };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.sleepers.add(wake);
    });
  }

  /** Stops everything: in-flight requests are aborted, queues dropped, backoffs cut short. */
  close(): void {
    this.closed = true;
    for (const controller of this.inFlight) controller.abort();
    for (const wake of [...this.sleepers]) wake();
    for (const lane of this.lanes.values()) lane.queue.length = 0;
  }
}
