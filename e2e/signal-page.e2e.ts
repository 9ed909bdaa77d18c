// The signal page on the demo case (a recorded web shell intrusion on web-01): read what happened and why
// it matters, see the flagged process highlighted in its process tree under its ancestors, click another
// process and read its events, zoom the timeline of the tree, open a matched event, follow a related
// signal, and open the tree of any process by its link. Screenshots in light and dark themes.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

// the page's globals, for the functions that run in Chromium
interface GraphNode {
  id(): string;
  data(name: 'label'): string;
  hasClass(name: string): boolean;
  renderedPosition(): { x: number; y: number };
  style(name: string): string;
}
interface Graph {
  nodes(selector?: string): GraphNode[] & { length: number };
  getElementById(id: string): GraphNode;
}
declare const document: { querySelector(selector: string): (Element & { cytoscape?: Graph }) | null; documentElement: Element };
declare function getComputedStyle(element: Element): { getPropertyValue(name: string): string };

let session: Session;
let api: ReturnType<typeof inProcessApi>;
beforeAll(async () => {
  session = await startSession();
  api = inProcessApi(session.workbench.handlers());
});
afterAll(async () => {
  await session?.close();
});

async function signalId(ruleId: string): Promise<number> {
  const [signal] = await api.call('signals.list', { ruleId });
  return signal!.id;
}

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((to) => {
    window.location.hash = to;
  }, hash);
}

/** The graph's processes: label, classes, and where each is drawn in the page. */
async function graphNodes(page: Page): Promise<Array<{ id: string; label: string; focus: boolean; ancestor: boolean; selected: boolean; x: number; y: number }>> {
  return page.evaluate(() => {
    const container = document.querySelector('[data-testid=process-graph][data-ready]')!;
    const box = container.getBoundingClientRect();
    return container.cytoscape!.nodes().map((node) => ({
      id: node.id(),
      label: node.data('label'),
      focus: node.hasClass('focus'),
      ancestor: node.hasClass('ancestor'),
      selected: node.hasClass('selected'),
      x: box.left + node.renderedPosition().x,
      y: box.top + node.renderedPosition().y,
    }));
  });
}

async function scrollTo(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(150);
}

describe('the signal page in Chromium, on the demo case', () => {
  it('explains the signal, shows the flagged process in its tree, lists a clicked process’s events, zooms the timeline and follows a related signal', async () => {
    const { page, host } = session;
    await page.goto(host.url);
    await page.getByTestId('status-case').waitFor();
    await go(page, `#/signals/${await signalId('password_hashes_read')}`);
    const signalPage = page.getByTestId('signal-page');
    await signalPage.getByRole('heading', { name: 'Password hashes read' }).waitFor();
    // what happened, why it matters, what to do
    await expect(signalPage.getByRole('region', { name: 'What happened' }).textContent()).resolves.toContain('/etc/shadow');
    // The ATT&CK names arrive after the signal: wait for them rather than read the first paint.
    await expect.poll(() => page.getByTestId('attack').textContent()).toMatch(/TA0006\s*Credential Access.*T1003\.008\s*\/etc\/passwd and \/etc\/shadow/s);
    await expect(signalPage.getByRole('region', { name: 'Triage steps' }).textContent()).resolves.toMatch(/How to triage.*Remediation/s);
    await expect(page.getByTestId('host-context').textContent()).resolves.toMatch(/web-01.*10\.0\.2\.20.*Debian GNU\/Linux 12.*6\.1\.0-28-amd64/s);

    // the tree: cat /etc/shadow highlighted, under sudo, the interactive shell, the implant, php-fpm and systemd
    await page.locator('[data-testid=process-graph][data-ready]').waitFor();
    const nodes = await graphNodes(page);
    const focus = nodes.find((node) => node.focus)!;
    expect(focus.label).toMatch(/^cat \/etc\/shadow\n\/usr\/bin\/cat\nroot · pid 23035 · /);
    const ancestors = nodes.filter((node) => node.ancestor).map((node) => node.label.split('\n')[1]);
    expect(ancestors).toEqual(['/usr/lib/systemd/systemd', '/usr/sbin/php-fpm8.2', '/usr/sbin/php-fpm8.2', '/usr/bin/dash', '/usr/bin/bash', '/tmp/.x/kworkerd', '/usr/bin/bash', '/usr/bin/sudo', '/usr/bin/bash']);
    const border = await page.evaluate((id) => {
      const node = document.querySelector('[data-testid=process-graph]')!.cytoscape!.getElementById(id);
      return { drawn: node.style('border-color'), danger: getComputedStyle(document.documentElement).getPropertyValue('--danger').trim() };
    }, focus.id);
    expect(border.drawn.replace(/\s/g, '')).toBe(hexToRgb(border.danger));
    await expect(page.getByTestId('process-pane').textContent()).resolves.toContain('cat /etc/shadow');
    await expect(page.getByTestId('process-events').textContent()).resolves.toContain('/etc/shadow');
    await scrollTo(page, '.signal-head');
    await page.screenshot({ path: screenshotPath('signal-page-top') });
    await scrollTo(page, '.investigation');
    await page.screenshot({ path: screenshotPath('signal-page-tree') });

    // click the sudo above it: its events are listed beside the graph
    const sudo = (await graphNodes(page)).find((node) => node.label.startsWith('sudo -n bash -c'))!;
    await page.mouse.click(sudo.x, sudo.y);
    await expect.poll(() => page.getByTestId('process-pane').locator('h3').textContent()).toBe('sudo -n bash -c cat /etc/shadow > /tmp/.x/s');
    await expect.poll(() => page.getByTestId('process-events').textContent()).toMatch(/fork.*exec.*sudo -n bash -c cat \/etc\/shadow.*exit/s);
    expect((await graphNodes(page)).find((node) => node.id === sudo.id)!.selected).toBe(true);
    await page.screenshot({ path: screenshotPath('signal-page-tree-selected') });

    // open one of its events in full
    await page.getByTestId('process-events').getByRole('button', { name: /exec/ }).click();
    await expect(page.getByTestId('event-drawer').textContent()).resolves.toContain('exec.argv');
    await page.screenshot({ path: screenshotPath('signal-page-event') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('event-drawer').count()).toBe(0);

    // the timeline: zoom with the buttons, the wheel and a brushed range; back to the whole tree
    await scrollTo(page, '.tree-timeline');
    const range = page.getByTestId('timeline-range');
    const shown = async () => ((await range.textContent()) ?? '').match(/· (.+?) shown/)![1]!;
    const whole = await shown();
    await page.getByRole('button', { name: 'Zoom in on the timeline' }).click();
    await expect.poll(shown).not.toBe(whole);
    await page.getByRole('button', { name: 'Whole tree' }).click();
    await expect.poll(shown).toBe(whole);
    const lanes = (await page.locator('.timeline-svg .brush-area').boundingBox())!;
    await page.mouse.move(lanes.x + lanes.width * 0.95, lanes.y + lanes.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -300);
    await expect.poll(shown).not.toBe(whole);
    await page.getByRole('button', { name: 'Whole tree' }).click();
    // brush the last fifth of the span: it fills the view
    await page.mouse.move(lanes.x + lanes.width * 0.8, lanes.y + 4);
    await page.mouse.down();
    await page.mouse.move(lanes.x + lanes.width * 0.99, lanes.y + 8, { steps: 5 });
    await page.mouse.up();
    await expect.poll(shown).not.toBe(whole);
    await expect(page.locator('.timeline-svg .mark-hit').count()).resolves.toBeGreaterThan(0);
    // events too close to tell apart share a mark; clicking it zooms in until each stands alone, named
    const shadowLabel = page.locator('.timeline-svg text.mark-label', { hasText: '/etc/shadow' });
    for (let step = 0; step < 10 && (await shadowLabel.count()) === 0; step++) {
      const shared = page.locator('.timeline-svg .mark-hit').filter({ has: page.locator('title', { hasText: /^\d+ events from/ }) });
      await shared.last().click();
    }
    await expect(shadowLabel.count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('signal-page-timeline-zoomed') });
    // a single event on the time line opens in full and selects its process in the tree
    await page.getByTestId(/^timeline-event-/).last().click();
    await page.getByTestId('event-drawer').waitFor();
    await page.keyboard.press('Escape');

    // a matched event opens in full; the signals around it are listed, and one leads to its own page
    await scrollTo(page, '.signal-bottom');
    await page.getByTestId('matched-events').getByRole('row', { name: /\/etc\/shadow/ }).click();
    await expect(page.getByTestId('event-drawer').textContent()).resolves.toContain('open.file.path');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('related-signals').textContent()).resolves.toMatch(/Web server spawned shell.*Cron file written/s);
    await page.screenshot({ path: screenshotPath('signal-page-bottom') });
    await page.getByTestId('related-signals').getByRole('link', { name: /Cron file written/ }).click();
    await signalPage.getByRole('heading', { name: 'Cron file written' }).waitFor();
    expect(page.url()).toMatch(new RegExp(`#/signals/${await signalId('cron_file_written')}$`));
    await page.locator('[data-testid=process-graph][data-ready]').waitFor();
    await expect.poll(async () => (await graphNodes(page)).find((node) => node.focus)?.label ?? '').toMatch(/^sudo -n tee \/etc\/cron\.d\/kworker\n/);
    expect(session.problems).toEqual([]);
  });

  it('opens the tree of any process from its link, in light and dark', async () => {
    const { page } = session;
    await go(page, `#/signals/${await signalId('interactive_shell_without_terminal')}`);
    await page.getByTestId('signal-page').getByRole('heading', { name: 'Interactive shell without terminal' }).waitFor();
    await page.getByRole('region', { name: 'What happened' }).getByTestId('process-link').click();
    const processPage = page.getByTestId('process-page');
    await processPage.getByRole('heading', { name: 'bash -i', level: 2 }).waitFor();
    expect(page.url()).toMatch(/#\/process\/\d+\/23030@\d+$/);
    await page.locator('[data-testid=process-graph][data-ready]').waitFor();
    const nodes = await graphNodes(page);
    // the interactive shell's commands: whoami, cat, three sudos, ssh, ln, and what the first sudo ran
    expect(nodes.filter((node) => !node.ancestor && !node.focus && !node.id.startsWith('more:')).map((node) => node.label.split('\n')[1])).toEqual(
      expect.arrayContaining(['/usr/bin/whoami', '/usr/bin/cat', '/usr/bin/sudo', '/usr/bin/ssh', '/usr/bin/ln', '/usr/bin/bash']),
    );
    await expect(page.getByTestId('tree-size').textContent()).resolves.toMatch(/^16 processes/);
    await page.screenshot({ path: screenshotPath('process-page-light') });
    await page.getByTestId('theme-toggle').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('process-page-dark') });
    await go(page, `#/signals/${await signalId('password_hashes_read')}`);
    await page.locator('[data-testid=process-graph][data-ready]').waitFor();
    await scrollTo(page, '.signal-head');
    await page.screenshot({ path: screenshotPath('signal-page-top-dark') });
    await scrollTo(page, '.investigation');
    await page.screenshot({ path: screenshotPath('signal-page-tree-dark') });
    await scrollTo(page, '.tree-timeline');
    await page.screenshot({ path: screenshotPath('signal-page-timeline-dark') });
    await page.getByTestId('theme-toggle').click();
    expect(session.problems).toEqual([]);
  });
});

/** "#b42318" → "rgb(180,35,24)", as cytoscape reports a colour. */
function hexToRgb(hex: string): string {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return `rgb(${(value >> 16) & 255},${(value >> 8) & 255},${value & 255})`;
}
