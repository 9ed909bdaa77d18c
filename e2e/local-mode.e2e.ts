// Local mode in the UI: a rule author adds the machine the workbench runs on, deploys the sensor there
// without SSH, watches it stream, and removes it again. Needs root and BTF (the sensor loads for real).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installRoot, stateDir } from '../src-main/fleet/index.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

let session: Session;
beforeAll(async () => {
  if (existsSync(installRoot) || existsSync(stateDir)) throw new Error(`${installRoot} or ${stateDir} exists on this machine: remove the sensor installed there first`);
  session = await startSession({ openDemo: false });
  session.workbench.createCase('rule authoring');
});
afterAll(async () => {
  await session?.close();
  spawnSync('sh', ['-c', `[ -f ${stateDir}/sensor.pid ] && kill "$(cat ${stateDir}/sensor.pid)"; rm -rf ${installRoot} ${stateDir}`]);
});

describe('local mode in the UI', () => {
  it('adds this machine, streams its activity with the sensor, and removes the sensor', async () => {
    const { page, host } = session;
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    await page.getByRole('button', { name: 'Add this machine' }).click();
    const row = page.locator('[data-testid^="host-"]').first();
    await row.getByText('this machine, no SSH').waitFor();
    await expect(page.getByRole('button', { name: 'Add this machine' }).count()).resolves.toBe(0); // once per case
    await row.getByRole('button', { name: 'Connect' }).click();
    await row.getByText('x86_64').waitFor();
    await row.getByRole('button', { name: 'Deploy sensor' }).click();
    await row.getByRole('button', { name: 'Start' }).click({ timeout: 30_000 });
    await row.getByText(/^streaming/).waitFor({ timeout: 30_000 });
    await expect(row.getByText('local', { exact: true }).count()).resolves.toBe(1); // no SSH connection state
    await page.screenshot({ path: screenshotPath('hosts-local-mode') });
    await row.getByRole('button', { name: 'Stop' }).click();
    await row.getByRole('button', { name: 'Uninstall' }).click({ timeout: 30_000 });
    await row.getByRole('button', { name: 'Deploy sensor' }).waitFor({ timeout: 30_000 });
    expect(existsSync(installRoot) || existsSync(stateDir)).toBe(false);
    expect(session.problems).toEqual([]);
  }, 120_000);
});
