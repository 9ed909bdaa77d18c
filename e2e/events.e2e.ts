// The Events explorer in Chromium, on the demo case plus a few hostile events imported through the
// real ingest path: filters, search, order, columns, the detail pane, shared links, live updates, and
// attacker-controlled text shown as text. Expected numbers come from the case store, not from here.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSensorStream } from '../src-main/ingest/index.ts';
import type { CaseStore, EventFilter } from '../src-main/store/index.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

let session: Session;
let store: CaseStore;
let web01: number;
let db01: number;

/** An HTML/script payload in a command line, and a path with a right-to-left override. */
const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
const spoofedPath = '/tmp/invoice\u202Etxt.exe';

function hostileStream(firstSeq: number, tsNs: number): string {
  const process = { pid: 31337, ppid: 1, uid: 33, comm: 'sh', file: { path: '/usr/bin/dash', name: 'dash' }, argv: ['-c', payload], argv0: 'sh', args: `-c ${payload}`, cwd: '/var/www/html' };
  return [
    JSON.stringify({ type: 'hello', sensor: { version: '0.1.0' }, host: 'web-01', boot_id: 'e2e-hostile-boot' }),
    JSON.stringify({ seq: firstSeq, ts: tsNs, type: 'exec', process, exec: { file: process.file, argv: ['-c', payload], argv0: 'sh', args: `-c ${payload}` } }),
    JSON.stringify({ seq: firstSeq + 1, ts: tsNs + 1000, type: 'open', process, open: { file: { path: spoofedPath, name: 'invoice' }, flags: 577, mode: 420, retval: 3 } }),
  ].join('\n');
}

function count(filter: Omit<EventFilter, 'limit'> = {}): number {
  return store.countEvents(filter).total;
}

function countText(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'event' : 'events'}`;
}

async function waitForCount(page: Page, n: number): Promise<void> {
  await page.getByTestId('events-count').getByText(countText(n), { exact: true }).waitFor();
}

/** The text of one column in every data row on screen. */
async function columnTexts(page: Page, column: number): Promise<string[]> {
  return page.locator('tbody tr.vt-data').evaluateAll((rows, index) => rows.map((row) => row.children[index]?.textContent ?? ''), column);
}

async function pickFilter(page: Page, filter: 'host' | 'type', option: string): Promise<void> {
  await page.getByTestId(`filter-${filter}`).click();
  await page.getByRole('group', { name: filter === 'host' ? 'Host' : 'Type' }).getByRole('checkbox', { name: option, exact: true }).check();
  await page.keyboard.press('Escape');
}

async function openEvents(page: Page, query = ''): Promise<void> {
  await page.goto(`${session.host.url.split('#')[0]}#/events${query}`);
  await page.getByTestId('page-events').waitFor();
}

beforeAll(async () => {
  session = await startSession();
  store = session.workbench.requireCase();
  const hosts = store.listHosts();
  web01 = hosts.find((h) => h.name === 'web-01')!.id;
  db01 = hosts.find((h) => h.name === 'db-01')!.id;
  const newest = store.eventFacets().newestNs!;
  importSensorStream(store, web01, 'web-01', 'hostile.ndjson', hostileStream(1, newest - 60e9));
  await session.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(session.host.url).origin });
  await session.page.goto(session.host.url);
  await session.page.getByTestId('status-case').getByText('Demo: web shell on web-01').waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('the Events explorer', () => {
  it('lists every event newest first, with only the rows on screen in the page', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    const total = count();
    await waitForCount(page, total);
    const rendered = await page.locator('tbody tr').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(total);
    const newest = store.queryEvents({ limit: 1 }).rows[0]!;
    await expect(page.locator('tbody tr.vt-data').first().textContent()).resolves.toContain(newest.summary.slice(0, 20));
    await expect(page.getByRole('columnheader', { name: /Time \(UTC\)/ }).getAttribute('aria-sort')).resolves.toBe('descending');
    await page.screenshot({ path: screenshotPath('explorer-list') });
  });

  it('filters by host and by type, and says so in the address', async () => {
    const { page } = session;
    const scrollTop = () => page.getByTestId('events-table').evaluate((element) => element.scrollTop);
    await page.getByTestId('events-table').evaluate((element) => element.scrollTo({ top: 600 }));
    expect(await scrollTop()).toBe(600);
    await pickFilter(page, 'host', 'db-01');
    await expect.poll(scrollTop).toBe(0); // another list starts at its top
    await waitForCount(page, count({ hostIds: [db01] }));
    expect(new Set(await columnTexts(page, 1))).toEqual(new Set(['db-01']));
    await pickFilter(page, 'type', 'exec');
    await waitForCount(page, count({ hostIds: [db01], types: ['exec'] }));
    expect(new Set(await columnTexts(page, 2))).toEqual(new Set(['exec']));
    expect(decodeURIComponent(page.url())).toContain(`host=${db01}`);
    expect(page.url()).toContain('type=exec');
    await expect(page.getByTestId('filter-host').textContent()).resolves.toContain('db-01');
    await page.screenshot({ path: screenshotPath('explorer-filtered') });
  });

  it('searches command lines and paths by word prefix, and keeps the view across a reload', async () => {
    const { page } = session;
    await page.getByTestId('filter-host').click();
    await page.getByRole('button', { name: 'Clear the Host filter' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('searchbox', { name: 'Search events' }).fill('/etc/sha');
    const matching = count({ types: ['exec'], text: '/etc/sha' });
    expect(matching).toBeGreaterThan(0);
    await waitForCount(page, matching);
    for (const what of await columnTexts(page, 5)) expect(what).toContain('/etc/shadow');
    expect(page.url()).toContain('q=%2Fetc%2Fsha');

    await page.reload();
    await waitForCount(page, matching);
    await expect(page.getByRole('searchbox', { name: 'Search events' }).inputValue()).resolves.toBe('/etc/sha');
    await expect(page.getByTestId('filter-type').textContent()).resolves.toContain('exec');
  });

  it('says why nothing is shown when the filters match nothing, and clears them', async () => {
    const { page } = session;
    await page.getByRole('searchbox', { name: 'Search events' }).fill('no-such-command-anywhere');
    const none = page.getByTestId('events-no-matches');
    await none.waitFor();
    await expect(none.textContent()).resolves.toContain('text “no-such-command-anywhere”');
    await expect(none.textContent()).resolves.toContain('type exec');
    await page.screenshot({ path: screenshotPath('explorer-no-match') });
    await none.getByRole('button', { name: 'Clear all filters' }).click();
    await waitForCount(page, count());
    await expect(page.getByRole('searchbox', { name: 'Search events' }).inputValue()).resolves.toBe('');
  });

  it('sorts oldest first from the time header, and back', async () => {
    const { page } = session;
    const oldest = store.queryEvents({ limit: 1, order: 'asc' }).rows[0]!;
    await page.getByRole('columnheader', { name: /Time \(UTC\)/ }).getByRole('button').click();
    await expect(page.getByRole('columnheader', { name: /Time \(UTC\)/ }).getAttribute('aria-sort')).resolves.toBe('ascending');
    await page.locator('tbody tr.vt-data').first().getByText(oldest.summary.slice(0, 20)).waitFor();
    const times = await columnTexts(page, 0);
    expect(times).toEqual([...times].sort());
    expect(page.url()).toContain('order=asc');
    await page.getByRole('columnheader', { name: /Time \(UTC\)/ }).getByRole('button').click();
    await expect(page.getByRole('columnheader', { name: /Time \(UTC\)/ }).getAttribute('aria-sort')).resolves.toBe('descending');
    const descending = await columnTexts(page, 0);
    expect(descending).toEqual([...descending].sort().reverse());
  });

  it('hides a column, and the choice outlives a reload', async () => {
    const { page } = session;
    await expect(page.getByRole('columnheader', { name: 'Process' }).count()).resolves.toBe(1);
    await page.getByTestId('column-chooser').click();
    await page.getByRole('checkbox', { name: 'Process (comm)' }).uncheck();
    await page.getByRole('checkbox', { name: 'Executable path' }).check();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('columnheader', { name: 'Process' }).count()).resolves.toBe(0);
    await page.screenshot({ path: screenshotPath('explorer-columns') });
    await page.reload();
    await page.getByRole('columnheader', { name: 'Executable' }).waitFor();
    await expect(page.getByRole('columnheader', { name: 'Process' }).count()).resolves.toBe(0);
    await page.getByTestId('column-chooser').click();
    await page.getByRole('button', { name: 'Reset to default columns' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('columnheader', { name: 'Process' }).waitFor();
  });

  it('moves through events with the keyboard and opens one: every field, readable time, raw JSON, copy', async () => {
    const { page } = session;
    await openEvents(page);
    const [, second] = store.queryEvents({ limit: 2 }).rows;
    await page.getByRole('grid', { name: 'Events' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('event-detail');
    await detail.waitFor();
    await expect(page.locator('tbody tr[aria-selected="true"]').count()).resolves.toBe(1);
    const fields = page.getByTestId('event-fields');
    const field = (name: string) => fields.locator('tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${name.replaceAll('.', '\\.')}$`) }) }).locator('td');
    await expect(field('process.pid').textContent()).resolves.toBe(String(second!.pid));
    await expect(field('seq').textContent()).resolves.toBe(String(second!.seq));
    await expect(field('ts').textContent()).resolves.toContain(String(second!.tsNs).slice(-9)); // every nanosecond digit
    await expect(field('ts').textContent()).resolves.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{9} UTC/);
    expect(JSON.parse((await page.getByTestId('raw-json').textContent())!)).toEqual(second!.raw);
    expect(page.url()).toContain(`event=${second!.id}`);
    await page.screenshot({ path: screenshotPath('explorer-detail') });

    await detail.getByRole('button', { name: 'Copy raw JSON' }).click();
    await detail.getByRole('button', { name: 'Copy raw JSON' }).getByText('Copied').waitFor();
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(second!.raw);

    // the open detail follows the selection
    await page.getByRole('grid', { name: 'Events' }).focus();
    await page.keyboard.press('ArrowUp');
    const first = store.queryEvents({ limit: 1 }).rows[0]!;
    await page.waitForURL(new RegExp(`event=${first.id}$`));
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(page.url()).not.toContain('event=');
  });

  it('opens a shared link on its event, with its filters', async () => {
    const { page } = session;
    const target = store.queryEvents({ limit: 40, types: ['open'] }).rows.at(-1)!;
    await openEvents(page, `?type=open&event=${target.id}`);
    await page.getByTestId('raw-json').waitFor();
    expect(JSON.parse((await page.getByTestId('raw-json').textContent())!)).toEqual(target.raw);
    await page.locator(`tbody tr[aria-selected="true"]`).waitFor();
    await expect(page.locator('tbody tr[aria-selected="true"]').textContent()).resolves.toContain(target.summary);
    await waitForCount(page, count({ types: ['open'] }));
  });

  it('shows a time window counted back from the newest event of an old recording', async () => {
    const { page } = session;
    await openEvents(page);
    const newest = store.eventFacets().newestNs!;
    await page.getByRole('combobox', { name: 'Time range' }).selectOption('15m');
    await waitForCount(page, count({ fromNs: newest - 15 * 60e9 }));
    await expect(page.locator('.time-anchor').textContent()).resolves.toContain('before the newest event');
    await page.getByRole('combobox', { name: 'Time range' }).selectOption('custom');
    await page.getByLabel('From (UTC)').waitFor();
    const { oldestNs } = store.eventFacets();
    // a custom range starts as the whole case
    await expect(page.getByLabel('From (UTC)').inputValue()).resolves.toBe(new Date(Math.floor(oldestNs! / 1e6)).toISOString().replace('T', ' ').slice(0, 19));
    await waitForCount(page, count());
    // narrowed to one second, pasted from a log, to the nanosecond
    const target = store.queryEvents({ limit: 30 }).rows.at(-1)!;
    const second = new Date(Math.floor(target.tsNs / 1e6)).toISOString().replace('T', ' ').slice(0, 19);
    const secondStartNs = Math.floor(target.tsNs / 1e9) * 1e9;
    await page.getByLabel('From (UTC)').fill(`${second}Z`);
    await page.getByLabel('To (UTC)').fill('not a time');
    await expect(page.getByLabel('To (UTC)').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('To (UTC)').fill(second);
    await waitForCount(page, count({ fromNs: secondStartNs, toNs: secondStartNs + 999_999_999 }));
    expect(page.url()).toContain('range=custom');
    await page.screenshot({ path: screenshotPath('explorer-custom-range') });
    await page.getByRole('combobox', { name: 'Time range' }).selectOption('all');
    await waitForCount(page, count());
  });

  it('shows HTML and script payloads from a host as text, never as markup, and bidi tricks as escapes', async () => {
    const { page } = session;
    await openEvents(page, '?q=onerror');
    const row = page.locator('tbody tr.vt-data').first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(payload);
    await row.click();
    const detail = page.getByTestId('event-detail');
    await expect(detail.textContent()).resolves.toContain(payload);
    await expect(page.getByTestId('raw-json').textContent()).resolves.toContain('<script>window.__pwned=2</script>');
    // nothing of it became an element, and nothing ran
    await expect(page.locator('img[src="x"], main script').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    await page.screenshot({ path: screenshotPath('explorer-hostile') });

    await page.getByRole('searchbox', { name: 'Search events' }).fill('invoice');
    const spoofed = page.locator('tbody tr.vt-data').filter({ hasText: '/tmp/invoice' });
    await spoofed.waitFor();
    await waitForCount(page, 1);
    await expect(spoofed.textContent()).resolves.toContain('/tmp/invoice\\u202etxt.exe');
    await expect(spoofed.textContent()).resolves.not.toContain('\u202E');
  });

  it('follows new events without a reload', async () => {
    const { page } = session;
    await openEvents(page);
    // an address without a search clears the search box it came from
    await expect(page.getByRole('searchbox', { name: 'Search events' }).inputValue()).resolves.toBe('');
    const before = count();
    await waitForCount(page, before);
    const newest = store.eventFacets().newestNs!;
    importSensorStream(store, web01, 'web-01', 'live.ndjson', hostileStream(100, newest + 5e9).replaceAll('e2e-hostile-boot', 'e2e-live-boot').replaceAll('31337', '4242'));
    session.workbench.openCase(store.path); // publishes the new event count, as a capture does
    store = session.workbench.requireCase();
    await waitForCount(page, before + 2);
    await page.locator('tbody tr.vt-data').first().getByText('4242').waitFor();
  });

  it('looks right in the dark theme too', async () => {
    const { page } = session;
    await openEvents(page, '?type=exec');
    await page.locator('tbody tr.vt-data').nth(2).click();
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: screenshotPath('explorer-dark') });
    await page.getByTestId('theme-toggle').click();
  });

  it('ran without console errors or Content-Security-Policy violations', () => {
    expect(session.problems).toEqual([]);
  });
});
