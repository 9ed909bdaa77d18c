// Webhook delivery against real HTTP servers on 127.0.0.1: one that takes the POSTs, one that fails with
// 500, one that never answers, one that redirects.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-servers.ts';
import { WebhookDelivery } from './webhook-delivery.ts';

const servers: TestServer[] = [];
const deliveries: WebhookDelivery[] = [];
afterEach(async () => {
  for (const delivery of deliveries.splice(0)) delivery.close();
  for (const server of servers.splice(0)) await server.close();
});

async function server(options: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const started = await startTestServer(options);
  servers.push(started);
  return started;
}

function delivery(urls: Record<string, string>, options: ConstructorParameters<typeof WebhookDelivery>[2] = {}): WebhookDelivery {
  const made = new WebhookDelivery((id) => urls[id] ?? null, () => {}, { timeoutMs: 1000, attempts: 3, backoffMs: 50, ...options });
  deliveries.push(made);
  return made;
}

describe('webhook delivery', () => {
  it('POSTs each queued body as JSON, in order, and counts what was delivered', async () => {
    const target = await server({ status: 204 });
    const webhooks = delivery({ t: target.url });
    webhooks.enqueue('t', JSON.stringify({ n: 1 }));
    webhooks.enqueue('t', JSON.stringify({ n: 2 }));
    await expect.poll(() => webhooks.status('t').delivered).toBe(2);
    expect(target.received.map((r) => [r.method, r.path, r.headers['content-type'], JSON.parse(r.body)])).toEqual([
      ['POST', '/hook', 'application/json', { n: 1 }],
      ['POST', '/hook', 'application/json', { n: 2 }],
    ]);
    expect(webhooks.status('t')).toMatchObject({ queued: 0, failed: 0, dropped: 0, state: 'idle', lastError: null });
    expect(webhooks.status('t').lastSuccessAtMs).toBeTypeOf('number');
  });

  it('retries a failing target with growing waits, then gives up and says why', async () => {
    const target = await server({ status: 500 });
    const webhooks = delivery({ t: target.url }, { attempts: 3, backoffMs: 100 });
    webhooks.enqueue('t', '{}');
    await expect.poll(() => webhooks.status('t').failed, { timeout: 5000 }).toBe(1);
    expect(target.received).toHaveLength(3);
    const [first, second, third] = target.received.map((r) => r.atMs);
    expect(second! - first!).toBeGreaterThanOrEqual(90); // 100 ms before the first retry
    expect(third! - second!).toBeGreaterThanOrEqual(190); // 200 ms before the second
    expect(webhooks.status('t').lastError?.message).toBe('HTTP 500 Internal Server Error (attempt 3 of 3)');
    expect(webhooks.status('t')).toMatchObject({ delivered: 0, state: 'idle', lastSuccessAtMs: null });
    // the target recovers: the next notification goes through, and the error stays on record with its time
    target.status = 200;
    webhooks.enqueue('t', '{}');
    await expect.poll(() => webhooks.status('t').delivered).toBe(1);
    expect(webhooks.status('t').lastSuccessAtMs!).toBeGreaterThanOrEqual(webhooks.status('t').lastError!.atMs);
  });

  it('gives up on a target that never answers after the timeout, without holding up the caller', async () => {
    const target = await server({ hang: true });
    const webhooks = delivery({ t: target.url }, { timeoutMs: 300, attempts: 2, backoffMs: 10 });
    const started = performance.now();
    webhooks.enqueue('t', '{"signal":1}');
    expect(performance.now() - started).toBeLessThan(20); // enqueue only queues
    await expect.poll(() => webhooks.status('t').state).toBe('sending');
    await expect.poll(() => webhooks.status('t').failed, { timeout: 3000 }).toBe(1);
    expect(target.received).toHaveLength(2);
    expect(webhooks.status('t').lastError?.message).toBe('no answer within 0.3 s (attempt 2 of 2)');
  });

  it('keeps a slow target from delaying another one', async () => {
    const slow = await server({ hang: true });
    const fast = await server({ status: 200 });
    const webhooks = delivery({ slow: slow.url, fast: fast.url }, { timeoutMs: 2000, attempts: 1 });
    webhooks.enqueue('slow', '{}');
    webhooks.enqueue('fast', '{}');
    await expect.poll(() => webhooks.status('fast').delivered, { timeout: 1000 }).toBe(1);
    expect(webhooks.status('slow')).toMatchObject({ delivered: 0, failed: 0, state: 'sending' });
  });

  it('bounds the queue of a target that is not keeping up, dropping the oldest and counting them', async () => {
    const target = await server({ hang: true });
    const webhooks = delivery({ t: target.url }, { timeoutMs: 5000, attempts: 1, maxQueue: 3 });
    for (let n = 1; n <= 10; n++) webhooks.enqueue('t', JSON.stringify({ n }));
    // the first is in flight; 9 waited for 3 places
    expect(webhooks.status('t')).toMatchObject({ queued: 3, dropped: 6 });
    await expect.poll(() => target.received.length).toBe(1);
    webhooks.close();
  });

  it('does not follow redirects, so a token in the URL goes nowhere else', async () => {
    const target = await server({ status: 302 });
    const webhooks = delivery({ t: target.url });
    const result = await webhooks.sendOnce('t', '{}');
    expect(result).toMatchObject({ ok: false, retry: false });
    expect(result.message).toContain('redirects are not followed');
    expect(target.received).toHaveLength(1);
  });

  it('describes a refused connection without the URL or its token', async () => {
    const gone = await server({ status: 200 });
    const url = gone.url.replace('/hook', '/services/T000/SECRETTOKEN?key=SECRETKEY');
    await gone.close();
    servers.length = 0;
    const webhooks = delivery({ t: url });
    const result = await webhooks.sendOnce('t', '{}');
    expect(result.ok).toBe(false);
    expect(result.message).toBe('connection refused (ECONNREFUSED)');
    expect(JSON.stringify(webhooks.status('t'))).not.toMatch(/SECRET/);
    expect(webhooks.status('t').lastError?.message).toBe('connection refused (ECONNREFUSED) (test)');
  });
});
