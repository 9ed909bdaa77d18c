// Notifications of new signals as the app raises them: the demo intrusion ingested with the bundled rules
// into a case whose signals feed the notifier, webhook targets on real local HTTP servers (one fine, one
// that never answers, one that fails), and the settings file in a data directory.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Severity, SignalRule } from '../../src-shared/api/domain.ts';
import { callInputs } from '../../src-shared/api/contract.ts';
import type { DesktopNotification, NotificationEvent } from '../../src-shared/notify/settings.ts';
import { Detection } from '../detect/index.ts';
import { importSensorStream } from '../ingest/index.ts';
import { MemorySecretStore, nodePaths } from '../platform/index.ts';
import { CaseStore } from '../store/index.ts';
import { Notifier } from './notifier.ts';
import { settingsPath } from './settings-file.ts';
import { startTestServer, type TestServer } from './test-servers.ts';

const paths = nodePaths({});
const demoStream = (host: string) => readFileSync(join(paths.resourcesDir, 'demo', `${host}.ndjson`), 'utf8');
let detection: Detection | null = null;
const rules = () =>
  (detection ??= new Detection({ packs: [{ dir: join(paths.rulesDir, 'runtime'), kind: 'workbench', strict: true }], attackFile: join(paths.resourcesDir, 'attack', 'enterprise-attack.json') }));

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function server(options: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const started = await startTestServer(options);
  cleanup.push(() => started.close());
  return started;
}

function setUp(options: { deliveryTimeoutMs?: number; attempts?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-notify-'));
  const shown: DesktopNotification[] = [];
  let clock = 1_800_000_000_000;
  const secrets = new MemorySecretStore();
  const notifier = new Notifier({
    settingsFile: settingsPath(dataDir),
    secrets,
    desktop: { show: (n) => shown.push(n) },
    desktopWindowMs: 30,
    now: () => clock++,
    delivery: { timeoutMs: options.deliveryTimeoutMs ?? 500, attempts: options.attempts ?? 2, backoffMs: 20 },
  });
  const store = CaseStore.create(join(dataDir, 'case.wbcase'), 'IR case', 0);
  store.onSignalsCreated((signals) => notifier.signalsCreated(signals, 'IR case'));
  const events: NotificationEvent[] = [];
  cleanup.push(notifier.subscribe((event) => events.push(event)));
  cleanup.push(() => notifier.close(), () => store.close());
  return { dataDir, notifier, store, shown, events, secrets };
}

function ingest(store: CaseStore, host: string): number {
  const hostId = store.addHost({ name: host }, 0);
  const started = performance.now();
  importSensorStream(store, hostId, host, `${host}.ndjson`, demoStream(host), { detect: rules().forHost(hostId) });
  return performance.now() - started;
}

const rule = (id: string, severity: Severity): SignalRule => ({ id, description: `${id} seen`, expression: 'true', severity, tactic: null, technique: null, triage: [], remediation: '', source: { kind: 'workbench', author: null, license: null } });

describe('notifications of new signals', () => {
  it('posts every new high and critical signal of the demo intrusion as JSON, after the commit and off the ingest path', async () => {
    const { notifier, store, shown } = setUp();
    const target = await server({ status: 204 });
    await notifier.saveTarget({ name: 'IR channel', url: target.url, minSeverity: 'high', enabled: true });
    ingest(store, 'web-01');
    expect(target.received).toHaveLength(0); // nothing was sent while ingest held the thread
    const signals = store.listSignals({ limit: 100 });
    const serious = signals.filter((s) => s.rule.severity === 'high' || s.rule.severity === 'critical');
    expect(serious.length).toBe(24);
    await expect.poll(() => target.received.length).toBe(serious.length);
    const payloads = target.received.map((r) => JSON.parse(r.body) as { event: string; text: string; case: { name: string }; signal: { id: number; severity: string; ruleId: string; host: string; process: string; link: string } });
    expect(new Set(payloads.map((p) => p.signal.id))).toEqual(new Set(serious.map((s) => s.id)));
    const escalation = payloads.find((p) => p.signal.ruleId === 'root_process_from_unprivileged_parent')!;
    expect(escalation).toMatchObject({ event: 'signal.created', case: { name: 'IR case' }, signal: { severity: 'critical', host: 'web-01', link: `#/signals/${escalation.signal.id}` } });
    expect(escalation.signal.process).toContain('sudo -n bash -c');
    // the chat-ready line holds only what the workbench wrote, never the host's command line
    expect(escalation.text).toBe('[CRITICAL] root_process_from_unprivileged_parent on web-01 (case: IR case)');
    // 24 at once make one desktop notification, not 24
    await expect.poll(() => shown.length).toBe(1);
    expect(shown[0]).toMatchObject({ title: '24 new signals (2 critical, 22 high)', link: '#/signals', severity: 'critical', shownByHost: true });
    expect(shown[0]!.body).toMatch(/^On web-01\. Worst: /);
  });

  it('keeps ingesting at full speed while a target hangs, then reports the timeout', async () => {
    const { notifier, store } = setUp({ deliveryTimeoutMs: 1500, attempts: 2 });
    const stuck = await server({ hang: true });
    await notifier.saveTarget({ name: 'stuck', url: stuck.url, minSeverity: 'critical', enabled: true });
    const id = notifier.view().targets[0]!.id;
    ingest(store, 'web-01');
    await expect.poll(() => stuck.received.length).toBe(1);
    expect(notifier.view().targets[0]!.delivery.state).toBe('sending');
    // a second host's stream goes in while the first notification is still waiting for its answer
    const tookMs = ingest(store, 'db-01');
    expect(tookMs).toBeLessThan(1000);
    expect(store.summary().eventCount).toBeGreaterThan(0);
    expect(notifier.view().targets[0]!.delivery.lastError).toBeNull();
    await expect.poll(() => notifier.view().targets[0]!.delivery.lastError?.message, { timeout: 5000 }).toBe('no answer within 1.5 s (attempt 1 of 2)');
    expect(notifier.view().targets.find((t) => t.id === id)!.delivery.queued).toBe(1); // the second critical waits its turn
  });

  it('retries a target that answers 500 and shows the last error with its time, on the stream too', async () => {
    const { notifier, store, events } = setUp({ attempts: 3 });
    const broken = await server({ status: 500 });
    await notifier.saveTarget({ name: 'broken', url: broken.url, minSeverity: 'critical', enabled: true });
    const hostId = store.addHost({ name: 'web-01' }, 0);
    store.insertEvents([{ hostId, streamId: 's', seq: 1, tsNs: 1, type: 'exec', pid: 1, ppid: 0, uid: 0, comm: 'x', executable: '/x', summary: 'x', raw: '{}' }]);
    const eventId = store.queryEvents({ limit: 1 }).rows[0]!.id;
    store.recordMatches([{ rule: rule('escalation', 'critical'), hostId, groupKey: 'k', tsNs: 1, eventId, event: {}, processSummary: 'x' }], 1);
    await expect.poll(() => notifier.view().targets[0]!.delivery.failed, { timeout: 5000 }).toBe(1);
    expect(broken.received).toHaveLength(3);
    const { lastError, lastSuccessAtMs } = notifier.view().targets[0]!.delivery;
    expect(lastError?.message).toBe('HTTP 500 Internal Server Error (attempt 3 of 3)');
    expect(lastError?.atMs).toBeGreaterThan(1_800_000_000_000);
    expect(lastSuccessAtMs).toBeNull();
    const streamed = events.filter((e): e is Extract<NotificationEvent, { kind: 'targets' }> => e.kind === 'targets').at(-1)!;
    expect(streamed.targets[0]!.delivery.lastError?.message).toBe(lastError?.message);
  });

  it('sends a test on demand and says how it went, first success, then failure', async () => {
    const { notifier } = setUp();
    const target = await server({ status: 200 });
    const id = (await notifier.saveTarget({ name: 'test me', url: target.url, minSeverity: 'high', enabled: true })).targets[0]!.id;
    const ok = await notifier.test(id);
    expect(ok.ok).toBe(true);
    expect(ok.message).toMatch(/^HTTP 200 in \d+ ms$/);
    expect(JSON.parse(target.received[0]!.body)).toMatchObject({ event: 'test', signal: null });
    target.status = 500;
    const failed = await notifier.test(id);
    expect(failed).toMatchObject({ ok: false, message: 'HTTP 500 Internal Server Error' });
    expect(failed.target.delivery.lastError?.message).toBe('HTTP 500 Internal Server Error (test)');
    expect(target.received).toHaveLength(2); // a test is one attempt, no retries
  });

  it('shows desktop notifications for the serious signals only, as the settings say', async () => {
    const { notifier, store, shown } = setUp();
    const hostId = store.addHost({ name: 'web-01' }, 0);
    let seq = 0;
    const raise = (severity: Severity) => {
      seq++;
      store.insertEvents([{ hostId, streamId: 's', seq, tsNs: seq, type: 'exec', pid: seq, ppid: 0, uid: 0, comm: 'x', executable: '/x', summary: 'x', raw: '{}' }]);
      const eventId = store.queryEvents({ limit: 1 }).rows[0]!.id;
      store.recordMatches([{ rule: rule(`r${seq}`, severity), hostId, groupKey: `k${seq}`, tsNs: seq, eventId, event: {}, processSummary: '<img src=x onerror=alert(1)>' }], seq);
    };
    raise('medium');
    raise('high');
    await expect.poll(() => shown.length).toBe(1);
    expect(shown[0]).toMatchObject({ title: 'High signal on web-01', body: 'r2 seen (r2)', severity: 'high' });
    expect(shown[0]!.link).toMatch(/^#\/signals\/\d+$/);
    notifier.setDesktop({ enabled: true, minSeverity: 'critical' });
    raise('high');
    raise('critical');
    await expect.poll(() => shown.length).toBe(2);
    expect(shown[1]!.title).toBe('Critical signal on web-01');
    notifier.setDesktop({ enabled: false, minSeverity: 'critical' });
    raise('critical');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(shown).toHaveLength(2);
  });
});

describe('notification settings', () => {
  it('keeps the URL in the secret store, never in the settings file, and shows it masked', async () => {
    const { notifier, dataDir, secrets } = setUp();
    const url = 'https://hooks.slack.com/services/T0001/B0002/SECRETTOKEN';
    const view = await notifier.saveTarget({ name: 'Slack #ir', url, minSeverity: 'critical', enabled: true });
    expect(view.targets[0]).toMatchObject({ name: 'Slack #ir', urlMasked: 'https://hooks.slack.com/services/••••', minSeverity: 'critical' });
    expect(view.urlsKeptAcrossRestarts).toBe(false); // a memory store: the UI says so
    expect(JSON.stringify(view)).not.toContain('SECRETTOKEN');
    const file = settingsPath(dataDir);
    expect(readFileSync(file, 'utf8')).not.toContain('SECRETTOKEN');
    // renamed without a URL: the URL stays
    await notifier.saveTarget({ id: view.targets[0]!.id, name: 'Slack #incidents', minSeverity: 'high', enabled: false });
    const again = new Notifier({ settingsFile: file, secrets });
    cleanup.push(() => again.close());
    await again.ready;
    expect(again.view().targets[0]).toMatchObject({ name: 'Slack #incidents', minSeverity: 'high', enabled: false, urlMasked: 'https://hooks.slack.com/services/••••', delivery: { lastError: null } });
    expect(await secrets.get(`webhook-url:${view.targets[0]!.id}`)).toBe(url);
    expect((await again.removeTarget(view.targets[0]!.id)).targets).toEqual([]);
    expect(await secrets.get(`webhook-url:${view.targets[0]!.id}`)).toBeNull();
  });

  it('says so when the secret store lost a URL (a restart of a memory-only host), and sends nothing to it', async () => {
    const { notifier, dataDir } = setUp();
    const hook = await server({});
    await notifier.saveTarget({ name: 'IR', url: hook.url, minSeverity: 'info', enabled: true });
    const restarted = new Notifier({ settingsFile: settingsPath(dataDir), secrets: new MemorySecretStore() });
    cleanup.push(() => restarted.close());
    await restarted.ready;
    const [target] = restarted.view().targets;
    expect(target!.delivery.lastError?.message).toMatch(/no longer has the URL.*enter its URL again/);
    expect((await restarted.test(target!.id)).ok).toBe(false);
    expect(hook.received).toHaveLength(0);
  });

  it('falls back to the defaults on a damaged file, says so without quoting it, and repairs it on save', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-notify-'));
    const file = settingsPath(dataDir);
    writeFileSync(file, '{"version":1,"webhooks":[{"url":"https://x.example/SECRETTOKEN"');
    const notifier = new Notifier({ settingsFile: file, secrets: new MemorySecretStore() });
    cleanup.push(() => notifier.close());
    const view = notifier.view();
    expect(view.problem).toContain('not valid JSON');
    expect(view.problem).not.toContain('SECRETTOKEN');
    expect(view.desktop).toEqual({ enabled: true, minSeverity: 'high', shownBy: 'page' });
    expect(notifier.setDesktop({ enabled: true, minSeverity: 'critical' }).problem).toBeNull();
    expect(JSON.parse(readFileSync(file, 'utf8')).desktop.minSeverity).toBe('critical');
  });

  it('refuses URLs that are not http(s), and a new target without a URL', async () => {
    const schema = callInputs['notify.saveTarget'];
    expect(schema.safeParse({ name: 'x', url: 'file:///etc/passwd', minSeverity: 'high' }).success).toBe(false);
    expect(schema.safeParse({ name: 'x', url: 'javascript:alert(1)', minSeverity: 'high' }).success).toBe(false);
    expect(schema.safeParse({ name: 'x', url: 'https://hooks.example.com/x', minSeverity: 'high' }).success).toBe(true);
    const { notifier } = setUp();
    await expect(notifier.saveTarget({ name: 'x', minSeverity: 'high', enabled: true })).rejects.toThrow('A new webhook target needs a URL.');
  });
});
