// The SECL editor as a rule author uses it, in Chromium, under the app's own Content-Security-Policy:
// write a rule from scratch with completion (its documentation beside the list), see an error underlined
// with its message, apply the quick fix, format, run with Ctrl+Enter; then a whole policy file. The page
// is a harness built from e2e/secl-editor/ with the app's vite setup and served by the browser host.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore, nodePaths } from '../src-main/platform/index.ts';
import { startBrowserHost, type BrowserHost } from '../src-main/server/index.ts';
import { Workbench } from '../src-main/workbench.ts';
import { artifactsDir, chromiumPath, screenshotPath } from './harness.ts';
import { buildSeclEditorHarness } from './secl-editor/build.ts';

let host: BrowserHost;
let workbench: Workbench;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifactsDir, { recursive: true });
  const outDir = mkdtempSync(join(tmpdir(), 'wb-secl-editor-'));
  await buildSeclEditorHarness(outDir);
  workbench = new Workbench({ host: 'browser', paths: { ...nodePaths({}), dataDir: mkdtempSync(join(tmpdir(), 'wb-e2e-')) }, secrets: new MemorySecretStore() });
  host = await startBrowserHost({ handlers: workbench.handlers(), rendererDir: outDir });
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  workbench?.close();
});

interface Opened {
  page: Page;
  /** Console errors, uncaught exceptions and Content-Security-Policy violations. */
  problems: string[];
}

async function open(query: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('favicon')) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} ${event.sample}`));
  });
  await page.goto(`http://127.0.0.1:${host.port}/?${query}`);
  await page.locator('[data-ready=true] .monaco-editor').waitFor({ timeout: 30_000 });
  return { page, problems };
}

const value = (page: Page) => page.getByTestId('value').textContent();
const suggestions = (page: Page) => page.locator('.suggest-widget.visible .monaco-list-row');

async function pick(page: Page, label: string): Promise<void> {
  const row = suggestions(page).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
  await row.first().click();
}

describe('the SECL editor in a rule form', () => {
  it('writes a rule from scratch with completion, fixes an error, formats and runs it, under the strict CSP', async () => {
    const { page, problems } = await open('mode=expression&theme=light');
    const editor = page.locator('.secl-editor-host .monaco-editor');
    // Empty: an example in the field and how to get help below it.
    await expect.poll(() => page.locator('.secl-editor-host').textContent()).toContain('exec.file.name in DOWNLOADERS');
    expect(await page.locator('.secl-editor-status').textContent()).toContain('Ctrl+Space');
    await page.screenshot({ path: screenshotPath('secl-editor-empty-light') });
    await editor.click();

    // Fields, filtered as the author types, with their documentation beside the list.
    await page.keyboard.type('exec.file.na');
    await expect.poll(() => suggestions(page).count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.suggest-widget.visible .monaco-list-row.focused .label-name').textContent()).toBe('exec.file.name');
    await expect.poll(() => page.locator('.suggest-details-container .suggest-details').textContent()).toContain('file name of the executable');
    await page.screenshot({ path: screenshotPath('secl-editor-completion-light') });
    await page.keyboard.press('Enter');
    expect(await value(page)).toBe('exec.file.name');

    // The operators that fit a string field, then the values that fit after `in`: the packs' lists first.
    await page.keyboard.type(' ');
    await page.keyboard.press('Control+Space');
    await expect.poll(() => page.locator('.suggest-widget.visible .label-name').allTextContents()).toEqual(expect.arrayContaining(['==', '=~', 'in', 'not in']));
    await pick(page, 'in');
    await expect.poll(() => page.locator('.suggest-widget.visible .monaco-list-row').first().locator('.label-name').textContent()).toBe('DOWNLOADERS');
    await pick(page, 'DOWNLOADERS');
    expect(await value(page)).toBe('exec.file.name in DOWNLOADERS');

    // A misspelt field: underlined where it is, the engine's message below, the fix one keystroke away.
    await page.keyboard.press('Escape');
    await page.keyboard.type(' && process.parent.file.nme in SHELLS', { delay: 15 });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.secl-editor-problem').textContent(), { timeout: 5000 }).toContain('unknown field process.parent.file.nme: did you mean process.parent.file.name?');
    await expect.poll(() => page.locator('.squiggly-error').count()).toBe(1);
    const squiggle = await page.locator('.squiggly-error').boundingBox();
    const word = await page.locator('.view-line span', { hasText: 'process.parent.file.nme' }).last().boundingBox();
    expect(squiggle && word && Math.abs(squiggle.x - word.x) < 2 && Math.abs(squiggle.width - word.width) < 4).toBe(true);
    await page.mouse.move((squiggle?.x ?? 0) + 30, (squiggle?.y ?? 0) + 2);
    await expect.poll(() => page.locator('.monaco-hover:not(.hidden)').first().textContent(), { timeout: 5000 }).toContain('did you mean process.parent.file.name?');
    await page.screenshot({ path: screenshotPath('secl-editor-error-light') });

    // The quick fix from the keyboard: cursor in the word, Ctrl+., Enter on the preferred fix.
    await page.mouse.click((squiggle?.x ?? 0) + 20, (squiggle?.y ?? 0));
    await page.keyboard.press('Control+.');
    await expect.poll(() => page.locator('.action-widget').first().textContent(), { timeout: 5000 }).toContain('Change to process.parent.file.name');
    await page.screenshot({ path: screenshotPath('secl-editor-quickfix-light') });
    await page.keyboard.press('Enter');
    expect(await value(page)).toBe('exec.file.name in DOWNLOADERS && process.parent.file.name in SHELLS');
    await expect.poll(() => page.getByTestId('problems').textContent()).toBe('');
    await expect.poll(() => page.locator('.squiggly-error').count()).toBe(0);

    // Formatting: a long chain, one condition per line.
    await page.keyboard.press('End');
    await page.keyboard.type(' &&   process.uid!=0 && exec.args !~ "*--quiet*"', { delay: 10 });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Format' }).click();
    await expect.poll(() => value(page)).toBe('exec.file.name in DOWNLOADERS\n&& process.parent.file.name in SHELLS\n&& process.uid != 0\n&& exec.args !~ "*--quiet*"');

    // Ctrl+Enter runs it (the page's onRun); Tab leaves the field, as in any form.
    await editor.click();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('runs').textContent()).toBe('1');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Format');
    await page.screenshot({ path: screenshotPath('secl-editor-formatted-light') });

    // The same editor in the dark theme: the hover of a field, and the completion list.
    await page.getByTestId('theme').click();
    await page.locator('.view-line span', { hasText: 'process.uid' }).first().hover();
    await expect.poll(() => page.locator('.monaco-hover:not(.hidden)').first().textContent(), { timeout: 5000 }).toContain('real user ID');
    await page.screenshot({ path: screenshotPath('secl-editor-hover-dark') });
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n&& open');
    await expect.poll(() => suggestions(page).count()).toBe(0); // exec rule: no open.* fields
    await page.keyboard.type('.');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('proc');
    await expect.poll(() => suggestions(page).count()).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('secl-editor-completion-dark') });

    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the SECL editor on a whole policy file', () => {
  it('checks every expression in its YAML, with the file’s own macros, and formats them', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const { page, problems } = await open(`mode=policy&theme=${theme}`);
      await expect.poll(() => page.getByTestId('problems').textContent(), { timeout: 5000 }).toBe('unknown-field,syntax');
      // The file's own list macro is known to its rule (no error at WEB_SERVERS); the misspelt field, inside
      // a double-quoted scalar, is underlined at its characters.
      await expect.poll(() => page.locator('.squiggly-error').count()).toBe(2);
      const fieldLine = page.locator('.view-line', { hasText: 'shadow_read' });
      expect(await fieldLine.count()).toBe(1);
      await page.locator('.view-line span', { hasText: 'WEB_SERVERS' }).last().hover();
      await expect.poll(() => page.locator('.monaco-hover:not(.hidden)').first().textContent(), { timeout: 5000 }).toContain('nginx');
      await page.screenshot({ path: screenshotPath(`secl-editor-policy-${theme}`) });
      if (theme === 'light') {
        await page.getByRole('button', { name: /^Fix: / }).click();
        await expect.poll(() => page.getByTestId('problems').textContent()).toBe('syntax');
        await page.getByRole('button', { name: /^Fix: / }).click();
        await expect.poll(() => page.getByTestId('problems').textContent()).toBe('');
        await page.getByRole('button', { name: 'Format' }).click();
        // A block that fits on a line is joined; each scalar keeps its style.
        await expect.poll(() => value(page)).toContain('    expression: |-\n      exec.file.path =~ "/memfd:*" && process.uid == 0\n');
        expect(await value(page)).toContain('expression: "open.file.path == \\"/etc/shadow\\" && process.file.name != \\"sshd\\""');
        await page.screenshot({ path: screenshotPath('secl-editor-policy-formatted-light') });
      }
      expect(problems).toEqual([]);
      await page.close();
    }
  });
});
