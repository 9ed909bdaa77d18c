// The Rules page on the demo case in Chromium, as a rule author uses it: import Datadog's public policy and
// a Sigma rule (each checked by the engine before anything is stored), switch a bundled rule off, duplicate
// a bundled rule into "My rules" and edit it, read the diff of the pack's versions, run a rule over the
// case and see its matches per host with the process tree one click away, run its own tests; and write a
// rule from scratch in the SECL editor with completion, see an error, fix it, run it, see its matches.
// Expected numbers come from the engine and the store's retro-hunt reader, not from the page under test.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { compileRule, defineMacros, RuleSet } from '../src-shared/secl/index.ts';
import { bundledRuntimeRulesDir, loadPolicy, loadRulePack, readPolicyMacros } from '../src-main/detect/index.ts';
import type { CaseStore } from '../src-main/store/index.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

const corpora = join(import.meta.dirname, '..', '..', 'shared', 'corpora');
const datadogPolicy = join(corpora, 'datadog-cws', 'default.policy');
const sigmaRule = join(corpora, 'sigma-linux', 'rules', 'linux', 'file_event', 'file_event_lnx_doas_conf_creation.yml');

let session: Session;
let store: CaseStore;
let base: string;

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((value) => (document.documentElement.dataset['theme'] = value), theme);
}

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await setTheme(page, 'light');
  await page.screenshot({ path: screenshotPath(`${name}-light`), ...options });
  await setTheme(page, 'dark');
  await page.screenshot({ path: screenshotPath(`${name}-dark`), ...options });
  await setTheme(page, 'light');
}

/** Matches per host name of an expression over the stored events, read as a retro-hunt reads them, the bundled lists known. */
function expectedPerHost(expression: string): Map<string, number> {
  const macros = defineMacros(readPolicyMacros(readFileSync(join(bundledRuntimeRulesDir, 'macros.policy'), 'utf8')));
  const outcome = compileRule({ id: 'expected', expression }, { macros });
  if (!outcome.ok) throw new Error(outcome.errors[0]!.message);
  const rules = new RuleSet([outcome.rule]);
  const names = new Map(store.listHosts().map((host) => [host.id, host.name]));
  const counts = new Map<string, number>();
  const hunt = store.hunt({});
  for (let chunk = hunt.next(1000); chunk.length > 0; chunk = hunt.next(1000)) {
    for (const hunted of chunk) if (rules.match(hunted.event).length > 0) counts.set(names.get(hunted.hostId)!, (counts.get(names.get(hunted.hostId)!) ?? 0) + 1);
  }
  return counts;
}

/** The text of the Monaco editor inside a wrapper, as it shows it. */
async function editorText(page: Page, testId: string): Promise<string> {
  // wrapped lines come as separate lines: whitespace runs read as one space (the expressions here have no others)
  return (await page.getByTestId(testId).locator('.view-lines').innerText()).replace(/[\s\u00a0]+/g, ' ').trim();
}

beforeAll(async () => {
  session = await startSession();
  store = session.workbench.requireCase();
  base = session.host.url.split('#')[0]!;
  await session.page.goto(session.host.url);
  await session.page.getByTestId('status-case').getByText('Demo: web shell on web-01').waitFor();
});

afterAll(async () => {
  await session?.close();
});

describe('rule packs', () => {
  it('imports Datadog\'s public policy, naming every rule that will not run by file, line and id', async () => {
    const { page } = session;
    await page.goto(`${base}#/rules`);
    const bundled = loadRulePack(bundledRuntimeRulesDir, { strict: true });
    await page.getByTestId('pack-runtime').getByText(`${bundled.rules.length} of ${bundled.rules.length} on`).waitFor();
    await page.getByTestId('rules-count').getByText(`${bundled.rules.length} of ${bundled.rules.length} rules`).waitFor();
    await shoot(page, 'rules-packs');

    await page.getByTestId('pack-import').click();
    await page.getByTestId('import-files').setInputFiles(datadogPolicy);
    const report = page.getByTestId('import-report');
    const text = readFileSync(datadogPolicy, 'utf8');
    const policy = loadPolicy(text);
    const loaded = policy.loaded.map((rule) => rule.id);
    const bundledIds = new Set(bundled.rules.map((rule) => rule.id));
    const running = loaded.filter((id) => !bundledIds.has(id)).length;
    await report.getByTestId('import-loaded').getByText(`${running} rules will run`).waitFor();
    // a rule whose id the bundled pack has is listed with its line, and why it would not run
    const conflict = loaded.find((id) => bundledIds.has(id))!;
    const line = text.split('\n').findIndex((candidate) => candidate.includes(`id: ${conflict}`)) + 1;
    await expect(report.getByTestId('import-problems-conflict').textContent()).resolves.toContain(`default.policy:${line} ${conflict} the pack "Workbench runtime rules" has a rule with this id and loads first`);
    await page.getByTestId('import-name').fill('Datadog default policy');
    await shoot(page, 'rules-import-datadog');
    await page.getByTestId('import-confirm').click();
    await page.getByTestId('pack-header').getByText('Datadog default policy').waitFor();
    expect(decodeURIComponent(page.url())).toContain('#/rules/pack/datadog-default-policy');
    // every rule of the file is listed, those that do not run with their state
    const entries = loaded.length + policy.skipped.length;
    await page.getByTestId('rules-count').getByText(`${entries} of ${entries} rules`).waitFor();
    await page.getByTestId('pack-datadog-default-policy').getByText(`${running} of ${loaded.length} on`).waitFor();
    await page.getByTestId('pack-problems').click();
    await shoot(page, 'rules-datadog-pack');
  });

  it('imports a Sigma rule, translated with its author kept', async () => {
    const { page } = session;
    await page.getByTestId('pack-import').click();
    await page.getByTestId('import-files').setInputFiles(sigmaRule);
    const report = page.getByTestId('import-report');
    await report.getByTestId('import-loaded').getByText('1 rule will run').waitFor();
    await report.getByText('Sigma rules by Sittikorn S, Teoderick Contreras').waitFor();
    await page.getByTestId('import-confirm').click();
    const header = page.getByTestId('pack-header');
    await header.getByRole('heading', { name: 'file_event_lnx_doas_conf_creation' }).waitFor();
    await header.getByText('Sigma rules by Sittikorn S, Teoderick Contreras, under the Detection Rule License 1.1').waitFor();
    await page.getByTestId('rules-table').getByText('Linux Doas Conf File Creation').click();
    await page.getByTestId('rule-view').getByText('Sigma rule by Sittikorn S, Teoderick Contreras').waitFor();
    await expect(page.getByTestId('rule-expression-text').textContent()).resolves.toContain('open.file.path');
    await shoot(page, 'rules-sigma-rule');
  });

  it('deletes the imported Sigma pack after saying what stops: its rule no longer runs, its files are kept aside', async () => {
    const { page, workbench } = session;
    const before = workbench.detection().ruleCount;
    await page.goto(`${base}#/rules/pack/file-event-lnx-doas-conf-creation`);
    const header = page.getByTestId('pack-header');
    await header.getByRole('heading', { name: 'file_event_lnx_doas_conf_creation' }).waitFor();
    await page.getByTestId('pack-delete').click();
    const dialog = page.getByRole('dialog', { name: 'Delete file_event_lnx_doas_conf_creation?' });
    await dialog.getByText('Its 1 rule stops running at once').waitFor();
    await shoot(page, 'rules-delete-pack');
    await dialog.getByTestId('pack-delete-confirm').click();
    const notice = page.getByTestId('pack-deleted');
    await notice.getByText(/Deleted file_event_lnx_doas_conf_creation \(1 rule\)/).waitFor();
    const keptAt = (await notice.locator('code').textContent())!;
    expect(existsSync(join(keptAt, 'pack.json'))).toBe(true);
    await expect.poll(() => page.getByTestId('pack-file-event-lnx-doas-conf-creation').count()).toBe(0);
    expect(decodeURIComponent(page.url())).toMatch(/#\/rules$/);
    await shoot(page, 'rules-pack-deleted');
    expect(workbench.detection().ruleCount).toBe(before - 1);
    // the bundled pack and My rules offer no delete
    await page.goto(`${base}#/rules/pack/runtime`);
    await page.getByTestId('pack-header').getByText('Workbench runtime rules').waitFor();
    expect(await page.getByTestId('pack-delete').count()).toBe(0);
  });

  it('switches a bundled rule off, and detection stops running it', async () => {
    const { page, workbench } = session;
    const before = workbench.detection().ruleCount;
    await page.goto(`${base}#/rules/pack/runtime`);
    const row = page.getByTestId('rule-row-web_server_spawned_shell');
    await row.getByRole('switch', { name: 'Run web_server_spawned_shell' }).click();
    await row.getByText('off', { exact: true }).waitFor();
    const bundled = loadRulePack(bundledRuntimeRulesDir, { strict: true }).rules.length;
    await page.getByTestId('pack-runtime').getByText(`${bundled - 1} of ${bundled} on`).waitFor();
    expect(workbench.detection().ruleCount).toBe(before - 1);
    const rule = loadRulePack(bundledRuntimeRulesDir, { strict: true }).rules.find((candidate) => candidate.id === 'web_server_spawned_shell')!;
    const shell = store.hunt({}).next(5000).find((hunted) => hunted.event['type'] === 'exec' && rule.matches(hunted.event));
    expect(shell).toBeDefined();
    expect(workbench.detection().forHost(shell!.hostId)(shell!.event, 0).map((match) => match.rule.id)).not.toContain('web_server_spawned_shell');
    await page.getByTestId('rules-state').selectOption('off');
    await page.getByTestId('rules-count').getByText(`1 of ${bundled} rules`).waitFor();
    await shoot(page, 'rules-switched-off');
    await page.getByTestId('rules-state').selectOption('');
  });
});

describe('editing and testing a rule', () => {
  it('duplicates a bundled rule to my rules, edits it, and shows the diff of the pack\'s versions', async () => {
    const { page } = session;
    const original = await inProcessApi(session.workbench.handlers()).call('rules.get', { packId: 'runtime', ruleId: 'privilege_tool_run_by_service' });
    await page.goto(`${base}#/rules/rule/runtime/privilege_tool_run_by_service`);
    await page.getByTestId('rule-title').getByText('privilege_tool_run_by_service').waitFor();
    await page.getByTestId('rule-duplicate').click();
    const editor = page.getByTestId('rule-editor');
    await expect.poll(() => page.getByTestId('editor-id').inputValue()).toBe('privilege_tool_run_by_service_copy');
    await expect.poll(() => editorText(page, 'editor-expression')).toContain(original.expression.split('\n')[0]!.slice(0, 40));
    await page.getByTestId('editor-id').fill('privilege_tool_mine');
    await page.getByTestId('editor-severity').selectOption('medium');
    await editor.getByTestId('tests-summary').getByText(`✓ All ${original.tests} tests pass`).waitFor();
    await shoot(page, 'rules-duplicate');
    await page.getByTestId('editor-save').click();
    await page.getByTestId('rule-notice').getByText('Saved (change 1').waitFor();
    await page.getByTestId('rule-title').getByText('privilege_tool_mine').waitFor();

    await page.getByTestId('rule-edit').click();
    await expect.poll(() => page.getByTestId('editor-id').inputValue()).toBe('privilege_tool_mine');
    await page.getByTestId('editor-severity').selectOption('critical');
    await page.getByTestId('editor-description').fill('A database server started a shell (my copy, stricter).');
    await page.getByTestId('editor-save').click();
    await page.getByTestId('rule-notice').getByText('Saved (change 2').waitFor();

    await page.goto(`${base}#/rules/history/custom`);
    const history = page.getByTestId('history-list');
    await history.getByText('edited rule privilege_tool_mine').waitFor();
    await history.getByText('added rule privilege_tool_mine').waitFor();
    const diff = page.getByTestId('history-diff');
    await diff.locator('tr.diff-del', { hasText: 'severity: medium' }).waitFor();
    await diff.locator('tr.diff-add', { hasText: 'severity: critical' }).waitFor();
    await diff.locator('tr.diff-add', { hasText: 'my copy, stricter' }).waitFor();
    await shoot(page, 'rules-history-diff');
  });

  it('runs a rule over the demo case: matches per host, the process tree one click away, and its own tests', async () => {
    const { page } = session;
    const detail = await inProcessApi(session.workbench.handlers()).call('rules.get', { packId: 'custom', ruleId: 'privilege_tool_mine' });
    const expected = expectedPerHost(detail.expression);
    expect(expected.size).toBeGreaterThan(0);
    await page.goto(`${base}#/rules/rule/custom/privilege_tool_mine`);
    const panel = page.getByTestId('test-panel');
    await panel.getByTestId('test-run').click();
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    await panel.getByTestId('test-summary').getByText(`${total} ${total === 1 ? 'match' : 'matches'}`).waitFor();
    for (const [host, count] of expected) await expect(panel.getByTestId(`test-host-${host}`).textContent()).resolves.toContain(String(count));
    await expect(panel.getByTestId('test-matches').locator('tbody tr').count()).resolves.toBe(total);
    await panel.getByTestId('tests-run').click();
    await panel.getByTestId('tests-summary').getByText(`✓ All ${detail.tests} tests pass`).waitFor();
    await shoot(page, 'rules-rule-tested');

    await panel.getByTestId('test-matches').getByTestId('process-link').first().click();
    await page.getByTestId('process-page').waitFor();
    expect(page.url()).toMatch(/#\/process\/\d+\/\d+@\d+$/);
  });

  it('writes a rule from scratch in the SECL editor: completion, an error, its fix, a run with matches, failing tests', async () => {
    const { page } = session;
    await page.goto(`${base}#/rules/pack/custom`);
    await page.getByTestId('rule-new').click();
    const field = page.getByTestId('editor-expression');
    await field.locator('.secl-editor-host[data-ready="true"]').waitFor();
    await field.locator('.monaco-editor').click();

    // completion: the field's name offered as it is typed, accepted with Tab
    await page.keyboard.type('exec.file.na');
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'exec.file.name' }).first();
    await suggestion.waitFor();
    await shoot(page, 'rules-write-completion');
    await page.keyboard.press('Tab');
    await expect.poll(() => editorText(page, 'editor-expression')).toBe('exec.file.name');

    // a misspelt field: the engine's message under the field, and saving waits
    await page.keyboard.press('Escape');
    await page.keyboard.type(' in SHELLS && process.parent.file.nme in ["sshd", "php-fpm8.2"]');
    await page.keyboard.press('Escape');
    await expect.poll(() => editorText(page, 'editor-expression')).toBe('exec.file.name in SHELLS && process.parent.file.nme in ["sshd", "php-fpm8.2"]');
    const problem = field.locator('.secl-editor-problem');
    await problem.getByText('process.parent.file.nme', { exact: false }).waitFor();
    await expect(problem.textContent()).resolves.toContain('did you mean process.parent.file.name');
    await expect(page.getByTestId('test-run').isDisabled()).resolves.toBe(true);
    await page.getByTestId('editor-id').fill('shell_from_sshd_or_php');
    await page.getByTestId('editor-description').fill('A shell started by sshd (a login) or by PHP-FPM (a web shell).');
    await expect(page.getByTestId('editor-save').isDisabled()).resolves.toBe(true);
    await shoot(page, 'rules-write-error');

    // the quick fix, then Ctrl+Enter runs it over the case
    await field.locator('.secl-editor-fix').click();
    await problem.waitFor({ state: 'detached' });
    const fixed = 'exec.file.name in SHELLS && process.parent.file.name in ["sshd", "php-fpm8.2"]';
    await expect.poll(() => editorText(page, 'editor-expression')).toBe(fixed);
    await field.getByText('Applies to exec events.').waitFor();
    await field.locator('.monaco-editor').click();
    await page.keyboard.press('Control+Enter');
    const expected = expectedPerHost(fixed);
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    expect([...expected.keys()].sort()).toEqual(['db-01', 'web-01']);
    const panel = page.getByTestId('test-panel');
    await panel.getByTestId('test-summary').getByText(`${total} ${total === 1 ? 'match' : 'matches'}`).waitFor();
    for (const [host, count] of expected) await expect(panel.getByTestId(`test-host-${host}`).textContent()).resolves.toContain(String(count));

    // tests run as they are typed; one that cannot pass says why
    await page.getByTestId('editor-tests').fill('match:\n  - { type: exec, exec: { file: { path: /usr/bin/bash } }, parent: { file: { path: /usr/sbin/sshd } } }\nno_match:\n  - { type: exec, exec: { file: { path: /usr/bin/bash } }, parent: { file: { path: /usr/sbin/cron } } }\n  - { type: exec, exec: { file: { path: /usr/bin/id } }, parent: { file: { path: /usr/sbin/sshd } } }\n  - { type: exec, exec: { file: { path: /usr/bin/dash } }, parent: { file: { path: /usr/sbin/php-fpm8.2 } } }\n');
    await panel.getByTestId('tests-summary').getByText('✗ 1 of 4 tests fail').waitFor();
    await expect(panel.getByTestId('tests-list').locator('li.test-fail').textContent()).resolves.toContain('expected no match, but the rule matched');
    await shoot(page, 'rules-write-run');

    await page.getByTestId('editor-save').click();
    await page.getByTestId('rule-title').getByText('shell_from_sshd_or_php').waitFor();
    const saved = await inProcessApi(session.workbench.handlers()).call('rules.get', { packId: 'custom', ruleId: 'shell_from_sshd_or_php' });
    expect(saved).toMatchObject({ expression: fixed, status: 'loaded', active: true, tests: 4 });
    expect(session.workbench.detection().rule('shell_from_sshd_or_php')).toBeDefined();
    expect(session.problems).toEqual([]);
  });
});
