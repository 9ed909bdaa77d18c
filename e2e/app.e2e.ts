import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath, startSession, type Session } from './harness.ts';

const pages = [
  ['overview', 'Overview'],
  ['inbox', 'Security Inbox'],
  ['signals', 'Signals'],
  ['events', 'Events'],
  ['hosts', 'Hosts'],
  ['resources', 'Resources'],
  ['vulnerabilities', 'Vulnerabilities'],
  ['identities', 'Identities'],
  ['compliance', 'Compliance'],
  ['rules', 'Rules'],
] as const;

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => {
  await session?.close();
});

describe('the workbench in Chromium, on the demo case', () => {
  it('opens with the demo case in the status bar and removes the token from the address bar', async () => {
    const { page, host } = session;
    await page.goto(host.url);
    await page.getByTestId('status-case').getByText('Demo: web shell on web-01').waitFor();
    await expect(page.getByTestId('status-connection').textContent()).resolves.toBe('● connected');
    await expect(page.getByTestId('status-hosts').textContent()).resolves.toBe('Hosts 2 · 0 connected');
    expect(page.url()).not.toContain(host.token);
    expect(page.url()).toMatch(/#\/overview$/);
  });

  it('visits every page from the navigation', async () => {
    const { page } = session;
    for (const [id, title] of pages) {
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: title, exact: true }).click();
      await page.getByTestId(`page-${id}`).waitFor();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
      await expect(page.getByRole('link', { name: title, exact: true }).getAttribute('aria-current')).resolves.toBe('page');
      await page.screenshot({ path: screenshotPath(`page-${id}`) });
    }
  });

  it('shows an honest empty state where a capability has no data yet', async () => {
    const { page } = session;
    await page.goto(`${session.host.url.split('#')[0]}#/vulnerabilities`);
    const empty = page.getByRole('region', { name: 'Vulnerabilities: nothing to show yet' });
    await empty.waitFor();
    await expect(empty.getByRole('heading', { name: 'How to get data in' }).isVisible()).resolves.toBe(true);
    await expect(empty.textContent()).resolves.toContain('OSV database');
  });

  it('lists the recorded hosts and finds events by text, with the raw event in the detail pane', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    await page.getByTestId('host-db-01').waitFor();
    await expect(page.locator('table tbody tr').count()).resolves.toBe(2);
    await expect(page.locator('table tbody tr').first().locator('td').first().textContent()).resolves.toBe('db-01');

    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search events' }).fill('shadow');
    await page.getByTestId('events-count').getByText('4 events', { exact: true }).waitFor();
    await page.getByTestId('filter-type').click();
    await page.getByRole('checkbox', { name: 'open', exact: true }).check();
    await page.keyboard.press('Escape');
    await page.getByTestId('events-count').getByText('1 event', { exact: true }).waitFor();
    await page.locator('table tbody tr').first().click();
    await expect(page.getByTestId('raw-json').textContent()).resolves.toContain('"path": "/etc/shadow"');
    await page.screenshot({ path: screenshotPath('events-detail') });
  });

  it('switches between light and dark themes and keeps the choice', async () => {
    const { page } = session;
    const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);
    const before = await theme();
    await page.getByTestId('theme-toggle').click();
    const after = await theme();
    expect(after).not.toBe(before);
    expect(['light', 'dark']).toContain(after);
    await page.screenshot({ path: screenshotPath(`theme-${after}`) });
    await page.reload();
    await page.getByTestId('page-events').waitFor();
    expect(await theme()).toBe(after);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(after === 'dark' ? 'rgb(18, 20, 26)' : 'rgb(246, 247, 249)');
  });

  it('creates a new empty case from the case menu', async () => {
    const { page } = session;
    await page.getByTestId('case-menu').click();
    await page.getByRole('textbox', { name: 'New case name' }).fill('web-01 <b>triage</b>');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByTestId('status-case').getByText('web-01 <b>triage</b>').waitFor();
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('region', { name: 'Events: nothing to show yet' }).waitFor();
    await page.screenshot({ path: screenshotPath('new-case-empty-events') });
    await page.getByTestId('case-menu').click();
    await page.getByRole('button', { name: 'Open the demo case' }).click();
    await page.getByTestId('status-case').getByText('Demo: web shell on web-01').waitFor();
  });

  it('ran without console errors or Content-Security-Policy violations', () => {
    expect(session.problems).toEqual([]);
  });
});

describe('the workbench without its access token', () => {
  it('explains how to get in instead of showing an app that cannot work', async () => {
    const { page, host } = session;
    const fresh = await page.context().browser()!.newPage();
    await fresh.goto(`http://127.0.0.1:${host.port}/`);
    await expect(fresh.locator('.no-token').textContent()).resolves.toContain('carries the access token');
    await fresh.close();
  });
});
