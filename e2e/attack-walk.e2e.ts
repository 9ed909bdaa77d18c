// An incident responder's walk through a recorded attack. The web-01 recording (a web shell in a PHP
// upload folder, a reverse shell to its operator, then persistence in cron and authorized_keys) is replayed
// into a new case through the real ingest and detection; then, in the UI: the signals it raised, the web
// shell's signal, its process tree, the reverse shell's, one of its events, the persistence, and the host.
// A screenshot is saved at each step.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { importSensorStream } from '../src-main/ingest/index.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

let session: Session;
const recording = readFileSync(resolve(import.meta.dirname, '../resources/demo/web-01.ndjson'), 'utf8');

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: screenshotPath(`attack-walk-${name}`) });
}

async function openSignalFromList(page: Page, ruleId: string, title: string): Promise<void> {
  await page.getByRole('link', { name: 'Signals', exact: true }).click();
  await page.getByRole('searchbox').or(page.getByPlaceholder(/Search rules/)).first().fill(ruleId);
  const row = page.getByTestId('signals-table').locator('tbody tr.vt-data').filter({ hasText: ruleId }).first();
  await row.waitFor();
  await row.click();
  await page.getByTestId('signal-page').getByRole('heading', { name: title }).waitFor();
  await page.locator('[data-testid=process-graph][data-ready]').waitFor({ timeout: 20_000 });
}

beforeAll(async () => {
  session = await startSession({ openDemo: false });
  const api = inProcessApi(session.workbench.handlers());
  await api.call('cases.create', { name: 'web-01 intrusion, replayed' });
  const store = session.workbench.requireCase();
  const hostId = store.addHost({ name: 'web-01', address: '10.0.2.20', os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-28-amd64' }, 0);
  importSensorStream(store, hostId, 'web-01', 'web-01.ndjson', recording, { detect: session.workbench.detection().forHost(hostId) });
  await session.page.goto(session.host.url);
  await session.page.getByTestId('status-case').getByText('web-01 intrusion, replayed').waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('walking a replayed attack', () => {
  it('lists the signals of each step of the attack', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Signals', exact: true }).click();
    const table = page.getByTestId('signals-table');
    for (const rule of ['web_server_spawned_shell', 'connection_to_reverse_shell_port', 'cron_file_written', 'authorized_keys_written']) {
      await table.locator('tbody tr.vt-data').filter({ hasText: rule }).first().waitFor();
    }
    await shot(page, '1-signals');
  });

  it('opens the web shell’s signal: the shell under the PHP worker, flagged in its tree', async () => {
    const { page } = session;
    await openSignalFromList(page, 'web_server_spawned_shell', 'Web server spawned shell');
    await expect(page.getByTestId('process-pane').textContent()).resolves.toMatch(/sh -c/);
    await expect(page.getByTestId('tree-size').textContent()).resolves.toMatch(/processes/);
    await shot(page, '2-web-shell');
  });

  it('follows the reverse shell to one of its events, with every field as text', async () => {
    const { page } = session;
    await openSignalFromList(page, 'connection_to_reverse_shell_port', 'Connection to reverse shell port');
    await page.getByTestId('matched-events').getByRole('row', { name: /connect/ }).first().locator('td').first().click();
    const drawer = page.getByTestId('event-drawer');
    await drawer.waitFor();
    await expect(drawer.textContent()).resolves.toMatch(/connect\.addr/);
    await shot(page, '3-reverse-shell-event');
  });

  it('reaches the persistence through the related signals, then the host', async () => {
    const { page } = session;
    await page.keyboard.press('Escape');
    await page.getByTestId('related-signals').getByRole('link', { name: /Cron file written/ }).first().click();
    await page.getByTestId('signal-page').getByRole('heading', { name: 'Cron file written' }).waitFor();
    await expect(page.getByRole('region', { name: 'What happened' }).textContent()).resolves.toMatch(/cron/);
    await shot(page, '4-persistence');
    await page.getByTestId('host-link').click();
    await page.getByTestId('host-web-01').waitFor();
    await expect(page.getByTestId('host-web-01').textContent()).resolves.toMatch(/Debian GNU\/Linux 12/);
    await shot(page, '5-host');
    expect(session.problems).toEqual([]);
  });
});
