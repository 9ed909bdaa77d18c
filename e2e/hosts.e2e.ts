// The incident responder's first minutes, in the UI: add suspect hosts (one behind a jump host, one
// from ~/.ssh/config), check and trust host keys, type a password, see what each host is. Real OpenSSH
// servers in network namespaces (needs root).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Fingerprint } from '../src-main/fleet/fingerprint.ts';
import { labAvailable, startSshLab, type SshLab } from '../src-main/fleet/lab/ssh-lab.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

let lab: SshLab;
let session: Session;
const home = process.env['HOME'];

beforeAll(async () => {
  const unavailable = labAvailable();
  if (unavailable) throw new Error(`cannot run the hosts e2e test: ${unavailable}`);
  lab = await startSshLab();
  // a responder's own ssh config, naming host A
  const fakeHome = mkdtempSync(join(tmpdir(), 'wb-home-'));
  mkdirSync(join(fakeHome, '.ssh'));
  writeFileSync(join(fakeHome, '.ssh', 'config'), `Host suspect-a\n  HostName ${lab.a.address}\n  User ${lab.user}\n  IdentityFile ${lab.key.path}\n`);
  process.env['HOME'] = fakeHome;
  session = await startSession({ openDemo: false });
  session.workbench.createCase('lab intrusion');
});
afterAll(async () => {
  process.env['HOME'] = home;
  await session?.close();
  await lab?.stop();
});

const fingerprint = (publicKey: string) => sha256Fingerprint(Buffer.from(publicKey.split(' ')[1]!, 'base64'));

describe('hosts in the UI', () => {
  it('imports a host from ~/.ssh/config and connects after the user checks its key', async () => {
    const { page, host } = session;
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    await page.getByRole('button', { name: 'Import from ~/.ssh/config' }).click();
    await page.getByRole('checkbox', { name: 'Import suspect-a' }).check();
    await page.screenshot({ path: screenshotPath('hosts-import-ssh-config') });
    await page.getByRole('button', { name: 'Import 1 host' }).click();
    const row = page.getByTestId('host-suspect-a');
    await row.waitFor();
    await row.getByRole('button', { name: 'Connect' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unknown host key for suspect-a' });
    await dialog.waitFor();
    await expect(dialog.getByTestId('prompt-fingerprint').textContent()).resolves.toBe(fingerprint(lab.a.publicKey));
    await page.screenshot({ path: screenshotPath('hosts-unknown-key') });
    await dialog.getByRole('button', { name: 'Trust and connect' }).click();
    await row.getByText('connected', { exact: true }).waitFor();
    await expect(row.textContent()).resolves.toContain('x86_64');
  });

  it('adds a host behind the first one and asks for its password', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Add host' }).click();
    const form = page.getByRole('dialog', { name: 'Add a host' });
    await form.getByLabel('Name').fill('db-behind');
    await form.getByLabel('Address').fill(lab.b.address);
    await form.getByLabel('User').fill(lab.user);
    await form.getByLabel('Jump host').selectOption({ label: 'through suspect-a' });
    await page.screenshot({ path: screenshotPath('hosts-add-dialog') });
    await form.getByRole('button', { name: 'Add host' }).click();
    const row = page.getByTestId('host-db-behind');
    await expect(row.textContent()).resolves.toContain('via suspect-a');
    await row.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('dialog', { name: 'Unknown host key for db-behind' }).getByRole('button', { name: 'Trust and connect' }).click();
    const password = page.getByRole('dialog', { name: 'Password for db-behind' });
    await password.waitFor();
    await password.getByRole('textbox').fill(lab.password);
    await page.screenshot({ path: screenshotPath('hosts-password') });
    await password.getByRole('button', { name: 'Continue' }).click();
    await row.getByText('connected', { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('hosts-connected') });
  });

  it('deploys the sensor, streams the host\'s activity into the case, then removes it', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Add host' }).click();
    const form = page.getByRole('dialog', { name: 'Add a host' });
    await form.getByLabel('Name').fill('root-a');
    await form.getByLabel('Address').fill(lab.a.address);
    await form.getByLabel('User').fill('root');
    await form.getByLabel(/Private key file/).fill(lab.key.path);
    await form.getByRole('button', { name: 'Add host' }).click();
    const row = page.getByTestId('host-root-a');
    await row.getByRole('button', { name: 'Connect' }).click();
    await row.getByText('connected', { exact: true }).waitFor(); // the key of A is trusted already
    await row.getByRole('button', { name: 'Deploy sensor' }).click();
    await row.getByRole('button', { name: 'Start' }).click({ timeout: 30_000 });
    await page.getByTestId('capture-root-a').getByText(/^streaming/).waitFor({ timeout: 30_000 });
    await page.getByTestId('capture-root-a').getByText(/\d ev\/s/).waitFor({ timeout: 10_000 }); // the live rate
    lab.runIn(lab.a, ['sh', '-c', '/bin/echo wb-e2e-marker-4242 > /dev/null']);
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search events' }).fill('wb-e2e-marker-4242');
    await page.getByTestId('filter-type').click();
    await page.getByRole('checkbox', { name: 'exec', exact: true }).check();
    await page.keyboard.press('Escape');
    const marker = page.locator('table tbody tr').filter({ hasText: 'root-a' }).filter({ hasText: '/bin/echo wb-e2e-marker-4242' }).first();
    await marker.waitFor({ timeout: 20_000 }); // the list follows the capture without a reload
    await expect(marker.textContent()).resolves.toContain('echo');
    await page.screenshot({ path: screenshotPath('events-live-from-host') });
    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    await page.screenshot({ path: screenshotPath('hosts-sensor-running') });
    await row.getByRole('button', { name: 'Stop' }).click();
    await row.getByRole('button', { name: 'Uninstall' }).click({ timeout: 30_000 });
    await row.getByRole('button', { name: 'Deploy sensor' }).waitFor({ timeout: 30_000 });
    expect(lab.runIn(lab.a, ['sh', '-c', 'ls -d /opt/workbench-sensor /var/lib/workbench-sensor 2>/dev/null || true']).trim()).toBe('');
  }, 120_000);

  it('shows why a connection failed, on the host', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Add host' }).click();
    const form = page.getByRole('dialog', { name: 'Add a host' });
    await form.getByLabel('Name').fill('nothing-there');
    await form.getByLabel('Address').fill('127.0.0.1');
    await form.getByLabel('Port').fill('1');
    await form.getByRole('button', { name: 'Add host' }).click();
    const row = page.getByTestId('host-nothing-there');
    await row.getByRole('button', { name: 'Connect' }).click();
    await expect(row.locator('.host-error').textContent()).resolves.toContain('nothing-there: cannot connect');
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('Check the address and port');
    await page.screenshot({ path: screenshotPath('hosts-error') });
  });

  it('ran without console errors', () => {
    expect(session.problems).toEqual([]);
  });
});
