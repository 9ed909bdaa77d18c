// The Overview, the Security Inbox and notifications in Chromium, on the demo case (26 signals from the
// recorded intrusion on web-01), plus a low signal on db-01 whose process text is hostile HTML. Webhook
// tests go to a real HTTP server on 127.0.0.1. Screenshots in both themes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import type { SignalRule } from '../src-shared/api/domain.ts';
import { startTestServer, type TestServer } from '../src-main/notify/test-servers.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

let session: Session;
let hook: TestServer;
beforeAll(async () => {
  session = await startSession();
  hook = await startTestServer({ status: 204, path: '/hooks/e2eSECRETtoken' });
  // Chromium headless shows no notifications: record what the page asks for instead
  await session.page.addInitScript(() => {
    const shown: Array<{ title: string; body: string }> = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = () => Promise.resolve('granted');
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? '' });
      }
      close(): void {}
    }
    (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
  });
});
afterAll(async () => {
  await session?.close();
  await hook?.close();
});

const hostile = '<img src=x onerror="window.pwned=1">pg_dump -Fc';

function raise(hostName: string, ruleId: string, severity: SignalRule['severity'], search: string, processSummary: string): void {
  const store = session.workbench.requireCase();
  const host = store.listHosts().find((h) => h.name === hostName)!;
  const event = store.queryEvents({ hostIds: [host.id], text: search, limit: 1 }).rows[0]!;
  const rule: SignalRule = { id: ruleId, description: `${ruleId.replaceAll('_', ' ')} (e2e)`, expression: 'true', severity, tactic: null, technique: null, triage: [], remediation: '', source: { kind: 'custom', author: null, license: null } };
  store.recordMatches([{ rule, hostId: host.id, groupKey: `e2e-${ruleId}`, tsNs: event.tsNs, eventId: event.id, event: event.raw, processSummary }], Date.now());
}

/** While a dialog covers the toggle: the same attribute the toggle sets, for a screenshot. */
async function paintTheme(theme: 'light' | 'dark'): Promise<void> {
  await session.page.evaluate((value) => (document.documentElement.dataset['theme'] = value), theme);
}

async function setTheme(theme: 'light' | 'dark'): Promise<void> {
  const { page } = session;
  if ((await page.evaluate(() => document.documentElement.dataset['theme'])) !== theme) await page.getByTestId('theme-toggle').click();
}

describe('the Overview', () => {
  it('charts the signals by severity over time and counts the active ones', async () => {
    const { page, host } = session;
    await page.goto(host.url);
    await setTheme('light');
    const threats = page.getByTestId('threats');
    await threats.waitFor();
    const bars = threats.getByTestId('chart-bar');
    await expect.poll(() => bars.count()).toBeGreaterThan(5);
    const counts = await bars.evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(26);
    expect(await threats.locator('[data-testid=chart-bar][data-severity=critical]').count()).toBe(2);
    await expect(page.getByTestId('active-critical').textContent()).resolves.toBe('2 Critical');
    await expect(page.getByTestId('active-high').textContent()).resolves.toBe('22 High');
    await expect(page.getByTestId('top-hosts').textContent()).resolves.toContain('web-01');
    await expect(page.getByTestId('top-rules').locator('li').count()).resolves.toBe(5);
    for (const tile of ['misconfigurations', 'vulnerabilities', 'identity-risks', 'posture-score']) {
      await expect(page.getByTestId(`tile-${tile}`).textContent()).resolves.toContain('No data yet');
    }
    await expect(page.getByTestId('tile-vulnerabilities').textContent()).resolves.toContain('OSV database');
    await bars.first().hover();
    await expect(page.getByTestId('chart-tooltip').textContent()).resolves.toMatch(/UTC.*\d+ critical/);
    await page.screenshot({ path: screenshotPath('overview-light'), fullPage: true });
    await setTheme('dark');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath('overview-dark'), fullPage: true });
    await setTheme('light');
  });

  it('opens the Signals explorer on the signals of a bar, with a click or from the keyboard', async () => {
    const { page, host } = session;
    await page.goto(`${host.url.split('#')[0]}#/overview`);
    const links = page.getByTestId('chart-link');
    await expect.poll(() => links.count()).toBeGreaterThan(1);
    const barTotal = async (link: Locator) => (await link.getByTestId('chart-bar').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-count'))))).reduce((a, b) => a + b, 0);
    const signalsShown = (n: number) => page.getByTestId('signals-count').getByText(`${n} ${n === 1 ? 'signal' : 'signals'}`, { exact: true });

    // the bar holding a critical signal, clicked: every status, its span as a custom range
    const criticalBar = links.filter({ has: page.locator('[data-severity=critical]') }).first();
    const expected = await barTotal(criticalBar);
    await criticalBar.click();
    await page.getByTestId('page-signals').waitFor();
    await signalsShown(expected).waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/signals\?status=all&range=custom&from=.+&to=.+/);
    expect(await page.getByTestId('signals-table').textContent()).toMatch(/critical/i);

    // back on the Overview, the last bar from the keyboard
    await page.goBack();
    await expect.poll(() => links.count()).toBeGreaterThan(1);
    const lastBar = links.last();
    const lastTotal = await barTotal(lastBar);
    await lastBar.focus();
    await expect(page.getByTestId('chart-tooltip').textContent()).resolves.toMatch(/UTC/);
    await page.getByTestId('threats').screenshot({ path: screenshotPath('overview-bar-focused') });
    await page.keyboard.press('Enter');
    await signalsShown(lastTotal).waitFor();
  });
});

describe('the Security Inbox', () => {
  it('ranks the critical escalation first and a low signal last, each with its factors, as text', async () => {
    const { page } = session;
    raise('db-01', 'database_dump_written', 'low', 'pg_dump', hostile);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Security Inbox' }).click();
    const items = page.getByTestId('inbox-item');
    await expect.poll(() => items.count()).toBe(27);
    const first = items.first();
    await expect(first.getAttribute('data-severity')).resolves.toBe('critical');
    await expect(first.textContent()).resolves.toContain('root_process_from_unprivileged_parent');
    const factors = await first.locator('[data-factor]').evaluateAll((els) => els.map((el) => el.getAttribute('data-factor')));
    expect(factors).toEqual(['public_exposure', 'root_privileges', 'active_signals_on_host']);
    await expect(first.locator('[data-factor=root_privileges]').textContent()).resolves.toContain('its parent bash ran as www-data (uid 33)');
    const last = items.last();
    await expect(last.getAttribute('data-severity')).resolves.toBe('low');
    await expect(last.textContent()).resolves.toContain('No risk factor found');
    await last.getByText(hostile).waitFor(); // the hostile process text, literally
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await expect(page.getByTestId('source-vulnerability').textContent()).resolves.toContain('Not available yet');
    await expect(page.getByRole('button', { name: /Exploit available/ }).isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('inbox-light'), fullPage: false });
    await setTheme('dark');
    await page.screenshot({ path: screenshotPath('inbox-dark'), fullPage: false });
    await setTheme('light');

    await page.getByRole('button', { name: /Root privileges/ }).click();
    await expect.poll(() => items.count()).toBeLessThan(27);
    expect(await items.locator('[data-factor=root_privileges]').count()).toBe(await items.count());
    await page.getByRole('button', { name: /Root privileges/ }).click();
    await first.getByRole('link').click();
    expect(page.url()).toMatch(/#\/signals\/\d+$/);
  });
});

describe('notifications', () => {
  it('sends a webhook test that succeeds, then one that fails, with the error and its time', async () => {
    const { page } = session;
    await page.getByTestId('notifications-button').click();
    const dialog = page.getByRole('dialog', { name: 'Notifications' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('IR channel');
    await dialog.getByRole('textbox', { name: /URL/ }).fill(hook.url);
    await dialog.getByRole('button', { name: 'Add target' }).click();
    const row = dialog.getByTestId('webhook-IR channel');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('/hooks/••••');
    expect(await dialog.textContent()).not.toContain('SECRET');
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect(row.getByTestId('test-result').textContent()).resolves.toMatch(/^✓ Test delivered: HTTP 204 in \d+ ms at \d\d:\d\d:\d\d UTC$/);
    expect(hook.received.map((r) => JSON.parse(r.body).event)).toEqual(['test']);
    await dialog.screenshot({ path: screenshotPath('notifications-test-ok') });

    hook.status = 500;
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => row.getByTestId('test-result').textContent()).toMatch(/^✗ Test failed: HTTP 500 Internal Server Error at \d\d:\d\d:\d\d UTC$/);
    await page.getByTestId('notifications-failing').waitFor();
    await dialog.screenshot({ path: screenshotPath('notifications-test-failed-light') });
    await paintTheme('dark');
    await dialog.screenshot({ path: screenshotPath('notifications-test-failed-dark') });
    await paintTheme('light');
    await dialog.getByRole('button', { name: 'Close' }).click();
    // the failure is the target's, not the dialog's: it is still there, with its time, when the dialog opens again
    await page.getByTestId('notifications-button').click();
    await expect(dialog.getByTestId('webhook-IR channel').getByTestId('delivery-state').textContent()).resolves.toMatch(/^✗ HTTP 500 Internal Server Error \(test\) at \d\d:\d\d:\d\d UTC/);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('tells about a new critical signal in the app and as a desktop notification, and posts it', async () => {
    const { page } = session;
    hook.status = 204;
    raise('web-01', 'e2e_live_escalation', 'critical', 'shadow', 'cat /etc/shadow');
    const alert = page.getByTestId('signal-alert');
    await alert.waitFor({ timeout: 10_000 });
    await expect(alert.textContent()).resolves.toContain('Critical signal on web-01');
    await expect.poll(() => page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string }> }).shownNotifications.map((n) => n.title))).toEqual(['Critical signal on web-01']);
    await expect.poll(() => hook.received.map((r) => JSON.parse(r.body).event)).toContain('signal.created');
    await page.screenshot({ path: screenshotPath('notifications-alert') });
    await alert.getByRole('link', { name: 'Open the signal' }).click();
    expect(page.url()).toMatch(/#\/signals\/\d+$/);
  });

  it('says how to get signals on a new, empty case', async () => {
    const { page, workbench } = session;
    workbench.createCase('empty <b>case</b>');
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Overview' }).click();
    await expect.poll(() => page.getByTestId('threats').textContent()).toContain('No signals in this case yet.');
    expect(await page.getByTestId('chart-bar').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('overview-empty-case') });
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Security Inbox' }).click();
    await page.getByRole('region', { name: 'Security Inbox: nothing to show yet' }).waitFor();
    await expect(page.getByTestId('source-signal').textContent()).resolves.toMatch(/^Signals0active/);
    await page.screenshot({ path: screenshotPath('inbox-empty-case') });
  });

  it('ran without console errors or Content-Security-Policy violations', () => {
    expect(session.problems).toEqual([]);
  });
});
