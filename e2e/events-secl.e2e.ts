// SECL in the Events explorer, on the demo case in Chromium: a query with a typo is underlined where it is
// wrong with the engine's suggestion, fixed in one click, and run to show only the events it matches;
// then a rule is drafted from an event, edited with the same checking, saved into the custom rule pack,
// and a retro-hunt raises its signal. Expected rows come from the retro-hunt reader (EventHunt) and the
// engine, not from the query path under test; the signal is checked through the API, not the Signals DOM.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { compileRule, RuleSet } from '../src-shared/secl/index.ts';
import { customPackDir, customPolicyFileName } from '../src-main/detect/index.ts';
import type { CaseStore } from '../src-main/store/index.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

let session: Session;
let store: CaseStore;

/** Ids of the stored events an expression matches, newest first, read as a retro-hunt reads them. */
function expectedIds(expression: string): number[] {
  const outcome = compileRule({ id: 'expected', expression }, { allowAnyEventType: true });
  if (!outcome.ok) throw new Error(outcome.errors[0]!.message);
  // a rule set, as detection runs it: a rule meets only the events of its type
  const rules = new RuleSet([outcome.rule]);
  const hunt = store.hunt({});
  const ids: number[] = [];
  for (let chunk = hunt.next(1000); chunk.length > 0; chunk = hunt.next(1000)) ids.push(...chunk.filter((h) => rules.match(h.event).length > 0).map((h) => h.eventId));
  return ids.reverse();
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  // the attribute the theme toggle sets: the toggle is under the dialog's backdrop while one is open
  await page.evaluate((value) => (document.documentElement.dataset['theme'] = value), theme);
}

async function shoot(page: Page, name: string): Promise<void> {
  await setTheme(page, 'light');
  await page.screenshot({ path: screenshotPath(`${name}-light`) });
  await setTheme(page, 'dark');
  await page.screenshot({ path: screenshotPath(`${name}-dark`) });
  await setTheme(page, 'light');
}

beforeAll(async () => {
  session = await startSession();
  store = session.workbench.requireCase();
  await session.page.goto(session.host.url);
  await session.page.getByTestId('status-case').getByText('Demo: web shell on web-01').waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('the SECL query bar', () => {
  const typo = 'exec.file.name in ["sh", "bash", "dash"] && process.parent.file.nme == "php-fpm8.2"';
  const fixed = 'exec.file.name in ["sh", "bash", "dash"] && process.parent.file.name == "php-fpm8.2"';

  it('underlines an error as it is typed, offers the suggestion, and once fixed shows only the matching events', async () => {
    const { page, host } = session;
    await page.goto(`${host.url.split('#')[0]}#/events`);
    const total = store.countEvents({}).total;
    await page.getByTestId('events-count').getByText(`${total} events`, { exact: true }).waitFor();

    const query = page.getByTestId('secl-query');
    await query.fill(typo);
    const underline = page.getByTestId('secl-query-underline');
    await expect(underline.textContent()).resolves.toBe('process.parent.file.nme');
    const problem = page.getByTestId('secl-query-problem');
    await expect(problem.textContent()).resolves.toContain('unknown field process.parent.file.nme: did you mean process.parent.file.name?');
    await expect(problem.textContent()).resolves.toContain('line 1, column 45');
    // the underline sits under the misspelt field in the field itself
    const fieldBox = (await query.boundingBox())!;
    const lineBox = (await underline.boundingBox())!;
    expect(lineBox.x).toBeGreaterThan(fieldBox.x + 200);
    expect(lineBox.y).toBeGreaterThanOrEqual(fieldBox.y);
    expect(lineBox.y + lineBox.height).toBeLessThanOrEqual(fieldBox.y + fieldBox.height + 1);
    // a broken query cannot run: the list is unchanged
    await expect(page.getByTestId('secl-run').isDisabled()).resolves.toBe(true);
    await query.press('Enter');
    expect(page.url()).not.toContain('secl=');
    await shoot(page, 'events-secl-error');

    await problem.getByRole('button', { name: 'Use process.parent.file.name' }).click();
    await expect(query.inputValue()).resolves.toBe(fixed);
    await underline.waitFor({ state: 'detached' });
    await expect(page.getByTestId('secl-query-problem').textContent()).resolves.toContain('Matches exec events only');
    await query.press('Enter');

    const expected = expectedIds(fixed);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(total);
    await page.getByTestId('events-count').getByText(`${expected.length} matching ${expected.length === 1 ? 'event' : 'events'}`, { exact: true }).waitFor();
    await expect.poll(() => page.locator('tbody tr.vt-data').count()).toBe(expected.length);
    const summaries = await page.locator('tbody tr.vt-data').allTextContents();
    for (const [i, id] of expected.entries()) expect(summaries[i]).toContain(store.getEvent(id)!.summary);
    expect(decodeURIComponent(page.url())).toContain(`secl=${fixed}`.replaceAll(' ', '+'));
    await shoot(page, 'events-secl-matches');

    // the query lives in the address: a reload shows the same rows
    await page.reload();
    await page.getByTestId('events-count').getByText(`${expected.length} matching`, { exact: false }).waitFor();
    await expect(page.getByTestId('secl-query').inputValue()).resolves.toBe(fixed);
  });

  it('says when the Type filter leaves nothing for the expression, and a query that matches nothing says so', async () => {
    const { page, host } = session;
    await page.goto(`${host.url.split('#')[0]}#/events?type=open&secl=${encodeURIComponent('exec.file.name == "dash"')}`);
    await expect(page.getByTestId('secl-query-problem').textContent()).resolves.toContain('only matches exec events, and the Type filter leaves none');
    await page.getByTestId('events-no-matches').waitFor();
    await page.getByRole('button', { name: 'Clear the Type filter' }).click();
    await page.getByTestId('events-count').getByText(`${expectedIds('exec.file.name == "dash"').length} matching events`, { exact: true }).waitFor();

    await page.getByTestId('secl-query').fill('process.file.path == "/no/such/program"');
    await page.getByTestId('secl-query').press('Enter');
    await page.getByTestId('events-count').getByText('0 matching events', { exact: true }).waitFor();
    await expect(page.getByTestId('events-no-matches').textContent()).resolves.toContain('SECL process.file.path == "/no/such/program"');
    expect(session.problems).toEqual([]);
  });
});

describe('a rule from an event', () => {
  it('drafts a rule from a shell started by PHP, checks edits as they are typed, saves it, and a retro-hunt raises its signal', async () => {
    const { page, host, workbench } = session;
    const api = inProcessApi(workbench.handlers());
    const shell = store.getEvent(expectedIds('exec.file.name == "dash" && exec.args =~ "-c curl *"')[0]!)!;
    await page.goto(`${host.url.split('#')[0]}#/events?event=${shell.id}`);
    const detail = page.getByTestId('event-detail');
    await detail.getByTestId('create-rule').click();

    const dialog = page.getByRole('dialog', { name: 'Create a rule from this event' });
    const expression = dialog.getByTestId('rule-expression');
    await expect.poll(() => expression.inputValue()).toContain('exec.file.path == "/usr/bin/dash"');
    await expect(expression.inputValue()).resolves.toContain('process.parent.file.path == "/usr/sbin/php-fpm8.2"');
    await expect(expression.inputValue()).resolves.toContain('exec.args =~ "-c curl *"');
    const matchLine = dialog.getByTestId('rule-match-count');
    await matchLine.getByText('✓ Matches this event').waitFor();
    const draftText = await expression.inputValue();
    const draftMatches = expectedIds(draftText).length;
    await expect(matchLine.textContent()).resolves.toContain(draftMatches === 1 ? '1 exec event in this case matches' : `${draftMatches} exec events in this case match`);
    await shoot(page, 'events-rule-draft');

    // a mistake while editing is underlined in the rule editor too, and saving waits for the fix
    await expression.fill(draftText.replace('exec.args =~', 'exec.agrs =~'));
    await expect(dialog.getByTestId('rule-expression-underline').textContent()).resolves.toBe('exec.agrs');
    await expect(dialog.getByTestId('rule-expression-problem').textContent()).resolves.toContain('did you mean exec.args?');
    await expect(dialog.getByTestId('rule-save').isDisabled()).resolves.toBe(true);
    await shoot(page, 'events-rule-error');
    await dialog.getByRole('button', { name: 'Use exec.args' }).click();
    await matchLine.getByText('✓ Matches this event').waitFor();

    const ruleId = await dialog.getByRole('textbox', { name: 'Rule id' }).inputValue();
    await dialog.getByRole('combobox', { name: 'Severity' }).selectOption('high');
    await dialog.getByTestId('rule-save').click();
    await dialog.getByTestId('rule-saved').waitFor();
    const file = join(customPackDir(workbench.info().dataDir), customPolicyFileName);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(`id: ${ruleId}`);
    await expect(dialog.getByTestId('rule-saved').textContent()).resolves.toContain('retro-hunt');

    expect((await api.call('signals.list', {})).some((signal) => signal.rule.id === ruleId)).toBe(false);
    await dialog.getByTestId('rule-run-hunt').click();
    await dialog.getByTestId('rule-hunt-result').waitFor();
    await expect(dialog.getByTestId('rule-hunt-result').textContent()).resolves.toMatch(/[1-9]\d* new signals?/);
    await shoot(page, 'events-rule-saved');
    const signals = (await api.call('signals.list', {})).filter((signal) => signal.rule.id === ruleId);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ hostName: 'web-01', rule: { severity: 'high', source: { kind: 'custom' } } });

    // on the Signals page (its route; its layout is not this test's business)
    await dialog.getByRole('link', { name: 'Open its signals' }).click();
    await page.getByTestId('page-signals').waitFor();
    // for the screenshot only: the page's layout is being rewritten, the API check above is the test
    await page.getByText(ruleId).first().waitFor({ timeout: 5000 }).catch(() => undefined);
    await page.screenshot({ path: screenshotPath('events-rule-signal') });

    // the same id again is refused with a message that says why, and the pack is unchanged
    const before = readFileSync(file, 'utf8');
    await page.goto(`${host.url.split('#')[0]}#/events?event=${shell.id}`);
    await page.getByTestId('event-detail').getByTestId('create-rule').click();
    const again = page.getByRole('dialog', { name: 'Create a rule from this event' });
    const id = again.getByRole('textbox', { name: 'Rule id' });
    await expect.poll(() => id.inputValue()).toBe(`${ruleId}_2`); // the draft proposes a free id
    await id.fill(ruleId);
    await again.getByTestId('rule-save').click();
    await again.getByText(`Your custom rule pack already has a rule with the id ${ruleId}`).waitFor();
    expect(readFileSync(file, 'utf8')).toBe(before);
    await again.getByRole('button', { name: 'Cancel' }).click();
    expect(session.problems).toEqual([]);
  });
});
