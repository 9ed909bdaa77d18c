// Starts what `npm start` starts (the browser host over the built renderer, with the demo case open)
// and drives Debian's Chromium against it with playwright-core.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MemorySecretStore, nodePaths } from '../src-main/platform/index.ts';
import { startBrowserHost, type BrowserHost } from '../src-main/server/index.ts';
import { Workbench } from '../src-main/workbench.ts';

export const artifactsDir = resolve(import.meta.dirname, 'artifacts');
// WORKBENCH_E2E_RENDERER: a renderer built elsewhere (a developer's own build while others test against out/)
const rendererDir = process.env['WORKBENCH_E2E_RENDERER'] ?? resolve(import.meta.dirname, '..', 'out', 'renderer');
export const chromiumPath = '/usr/bin/chromium';

export interface Session {
  host: BrowserHost;
  workbench: Workbench;
  browser: Browser;
  page: Page;
  /** Console errors and uncaught exceptions seen by the page, CSP violations included. */
  problems: string[];
  close(): Promise<void>;
}

export async function startSession(options: { openDemo?: boolean } = {}): Promise<Session> {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`${rendererDir}/index.html is missing: run \`npm run build\` first (npm test does).`);
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: sudo apt-get install chromium`);
  mkdirSync(artifactsDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-e2e-'));
  const workbench = new Workbench({ host: 'browser', paths: { ...nodePaths({}), dataDir }, secrets: new MemorySecretStore() });
  if (options.openDemo ?? true) workbench.openDemoCase();
  const host = await startBrowserHost({ handlers: workbench.handlers(), rendererDir });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return {
    host,
    workbench,
    browser,
    page,
    problems,
    async close() {
      await browser.close();
      await host.close();
      workbench.close();
    },
  };
}

export function screenshotPath(name: string): string {
  return join(artifactsDir, `${name}.png`);
}
