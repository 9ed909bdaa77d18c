// The Rules page's API on the demo case: an expression run over the case (or a recording) finds the same
// events per host as the engine does on the stored events, in bounded steps that resume where they
// stopped; detection honours the user's switches on the next ingest or retro-hunt; and the user's rules
// and imported packs survive an update that replaces the bundled pack folder.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import type { RuleTestRun } from '../src-shared/api/rule-packs.ts';
import { compileRule, defineMacros, RuleSet } from '../src-shared/secl/index.ts';
import { bundledRuntimeRulesDir, readPolicyMacros } from './detect/index.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import { Workbench } from './workbench.ts';

const repoRoot = join(import.meta.dirname, '..');
let workbench: Workbench;
let api: ReturnType<typeof inProcessApi>;

beforeAll(async () => {
  workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir: mkdtempSync(join(tmpdir(), 'wb-rulepage-')) }, secrets: new MemorySecretStore() });
  api = inProcessApi(workbench.handlers());
  await api.call('cases.openDemo', {});
});
afterAll(() => workbench?.close());

/** Matches per host name of an expression over the stored events, as a retro-hunt reads them (the bundled lists known). */
function expectedMatches(expression: string, after?: { tsNs: number; id: number }): Map<string, number> {
  const macros = defineMacros(readPolicyMacros(readFileSync(join(bundledRuntimeRulesDir, 'macros.policy'), 'utf8')));
  const outcome = compileRule({ id: 'expected', expression }, { macros });
  if (!outcome.ok) throw new Error(outcome.errors[0]!.message);
  const rules = new RuleSet([outcome.rule]);
  const store = workbench.requireCase();
  const names = new Map(store.listHosts().map((host) => [host.id, host.name]));
  const counts = new Map<string, number>();
  const hunt = store.hunt({});
  for (let chunk = hunt.next(1000); chunk.length > 0; chunk = hunt.next(1000)) {
    for (const hunted of chunk) {
      const ts = hunted.event['ts'] as number;
      if (after && (ts < after.tsNs || (ts === after.tsNs && hunted.eventId <= after.id))) continue;
      if (rules.match(hunted.event).length > 0) counts.set(names.get(hunted.hostId)!, (counts.get(names.get(hunted.hostId)!) ?? 0) + 1);
    }
  }
  return counts;
}

/** Runs a test to its end, as the panel does, adding up the steps. */
async function runAll(input: Parameters<typeof api.call<'rules.test'>>[1]): Promise<{ steps: RuleTestRun[]; byHost: Map<string, number>; rows: RuleTestRun['rows'] }> {
  const steps: RuleTestRun[] = [];
  const byHost = new Map<string, number>();
  let request = input;
  for (;;) {
    const step = await api.call('rules.test', request);
    steps.push(step);
    for (const host of step.byHost) byHost.set(host.hostName, (byHost.get(host.hostName) ?? 0) + host.matches);
    if (!step.resume) return { steps, byHost, rows: steps.flatMap((s) => s.rows) };
    request = { ...request, after: step.resume.after, ...(step.recordingId ? { source: { kind: 'recordingId' as const, recordingId: step.recordingId } } : {}) };
  }
}

describe('running a rule being written', () => {
  const shells = 'exec.file.name in SHELLS';

  it('finds over the case the events the engine matches, per host, with the processes to open', async () => {
    const { byHost, rows } = await runAll({ packId: 'custom', expression: shells, source: { kind: 'case' }, rows: 1000 });
    const expected = expectedMatches(shells);
    expect([...expected.keys()].sort()).toEqual(['db-01', 'web-01']);
    expect(byHost).toEqual(expected);
    expect(rows).toHaveLength([...expected.values()].reduce((a, b) => a + b, 0));
    expect(rows.every((row) => row.type === 'exec')).toBe(true);
    // every row opens its process tree
    const row = rows.find((candidate) => candidate.startNs !== null)!;
    const tree = await api.call('processes.tree', { hostId: row.hostId, pid: row.pid, startNs: row.startNs! });
    expect(tree.nodes.some((node) => node.pid === row.pid)).toBe(true);
  });

  it('goes on from where a step stopped, and keeps only the rows asked for', async () => {
    const store = workbench.requireCase();
    const [middle] = store.hunt({}).next(400).slice(-1);
    const after = { tsNs: middle!.event['ts'] as number, id: middle!.eventId };
    const { byHost, rows } = await runAll({ packId: 'custom', expression: shells, source: { kind: 'case' }, after, rows: 2 });
    expect(byHost).toEqual(expectedMatches(shells, after));
    expect(rows.length).toBeLessThanOrEqual(2 * 2);
  });

  it('runs over a recording picked from disk, ingested as a live host would be', async () => {
    const text = readFileSync(join(repoRoot, 'resources', 'demo', 'web-01.ndjson'), 'utf8');
    const { steps, byHost } = await runAll({ packId: 'custom', expression: shells, source: { kind: 'recording', name: 'web-01.ndjson', text } });
    expect(byHost).toEqual(new Map([['web-01', expectedMatches(shells).get('web-01')]]));
    expect(steps[0]!.sourceLabel).toMatch(/^web-01\.ndjson \(\d[\d,]* events\)$/);
    await expect(api.call('rules.test', { packId: 'custom', expression: shells, source: { kind: 'recording', name: 'bad.ndjson', text: `${text.split('\n')[0]}\n{"seq": "x"}\n` } })).rejects.toMatchObject({ code: 'bad_file', message: expect.stringContaining('bad.ndjson:2') });
    await expect(api.call('rules.test', { packId: 'custom', expression: 'exec.file.nme == "sh"', source: { kind: 'case' } })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('did you mean exec.file.name') });
  });

  it('runs the rule\'s own tests as written, and says which fail and why', async () => {
    const detail = await api.call('rules.get', { packId: 'runtime', ruleId: 'web_server_spawned_shell' });
    const all = await api.call('rules.runTests', { packId: 'runtime', expression: detail.expression, tests: detail.testsYaml });
    expect(all).toMatchObject({ passed: detail.tests, failed: 0, problem: null });
    // an edit that forgets nginx breaks the second match test, and only that one
    const narrowed = detail.expression.replace('process.parent.file.name in WEB_SERVERS', 'process.parent.file.name in ["php-fpm8.2", "httpd"]');
    const result = await api.call('rules.runTests', { packId: 'runtime', expression: narrowed, tests: detail.testsYaml });
    expect(result.tests.filter((test) => !test.passed)).toEqual([{ kind: 'match', number: 2, event: 'exec /usr/bin/bash -i under /usr/sbin/nginx', passed: false, reason: 'expected a match, got none' }]);
    expect((await api.call('rules.runTests', { packId: 'runtime', expression: detail.expression, tests: 'match: [ {' })).problem).toMatch(/not valid YAML/);
  });
});

describe('switches and detection', () => {
  it('runs a saved rule on the next retro-hunt, and neither a switched-off rule nor a switched-off pack', async () => {
    const rule = { id: 'sudo_from_a_shell', description: 'sudo started from a shell.', expression: 'exec.file.name == "sudo" && process.parent.file.name in SHELLS', severity: 'low' as const };
    expect(expectedMatches(rule.expression).size).toBeGreaterThan(0);
    await api.call('rules.save', { packId: 'custom', originalId: null, rule });
    await api.call('rules.setEnabled', { packId: 'custom', ruleId: rule.id, enabled: false });
    expect(workbench.detection().rule(rule.id)).toBeDefined(); // known (its id is taken) …
    await api.call('detect.retroHunt', {});
    expect(await api.call('signals.list', { ruleId: rule.id })).toEqual([]); // … but not run

    await api.call('rules.setEnabled', { packId: 'custom', ruleId: rule.id, enabled: true });
    await api.call('detect.retroHunt', {});
    expect((await api.call('signals.list', { ruleId: rule.id })).length).toBeGreaterThan(0);

    const all = workbench.detection().ruleCount;
    const runtime = (await api.call('packs.list', {})).packs.find((pack) => pack.id === 'runtime')!;
    await api.call('packs.setEnabled', { id: 'runtime', enabled: false });
    expect(workbench.detection().ruleCount).toBe(all - runtime.enabledRules);
    await api.call('packs.setEnabled', { id: 'runtime', enabled: true });
    expect(workbench.detection().ruleCount).toBe(all);
  });

  it('keeps the user\'s rules, imported packs and switches when an update replaces the bundled pack', async () => {
    const rulesDir = mkdtempSync(join(tmpdir(), 'wb-bundled-'));
    cpSync(join(repoRoot, 'rules'), rulesDir, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-update-'));
    const open = () => new Workbench({ host: 'cli', paths: { ...nodePaths({}), rulesDir, dataDir }, secrets: new MemorySecretStore() });
    const before = open();
    const beforeApi = inProcessApi(before.handlers());
    await beforeApi.call('rules.save', { packId: 'custom', originalId: null, rule: { id: 'my_curl_rule', description: 'curl runs.', expression: 'exec.file.name == "curl"', severity: 'low' } });
    const sigma = readFileSync(join(repoRoot, '..', 'shared', 'corpora', 'sigma-linux', 'rules', 'linux', 'file_event', 'file_event_lnx_doas_conf_creation.yml'), 'utf8');
    const imported = (await beforeApi.call('packs.import', { files: [{ name: 'doas.yml', text: sigma }] })).pack!;
    await beforeApi.call('rules.setEnabled', { packId: 'runtime', ruleId: 'database_server_spawned_shell', enabled: false });
    const userFiles = () => Object.fromEntries(readdirSync(join(dataDir, 'rules'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !entry.parentPath.includes('history')).map((entry) => [join(entry.parentPath, entry.name), readFileSync(join(entry.parentPath, entry.name), 'utf8')]));
    const stored = userFiles();
    before.close();

    // the update: a newer bundled pack, in which one rule was renamed
    const runtime = join(rulesDir, 'runtime');
    const execution = readFileSync(join(runtime, 'execution.policy'), 'utf8');
    rmSync(runtime, { recursive: true });
    cpSync(join(repoRoot, 'rules', 'runtime'), runtime, { recursive: true });
    writeFileSync(join(runtime, 'execution.policy'), execution.replace('id: web_server_spawned_shell\n', 'id: web_server_started_shell\n').replace('version: 1.0.0', 'version: 1.1.0'));

    const after = open();
    try {
      const afterApi = inProcessApi(after.handlers());
      expect(userFiles()).toEqual(stored);
      const packs = (await afterApi.call('packs.list', {})).packs;
      expect(packs.map((pack) => [pack.id, pack.rules])).toEqual([
        ['runtime', packs[0]!.rules],
        ['custom', 1],
        [imported.id, imported.rules],
      ]);
      const detection = after.detection();
      expect(detection.rule('my_curl_rule')).toBeDefined();
      expect(detection.rule('web_server_started_shell')).toBeDefined();
      expect(detection.rule('web_server_spawned_shell')).toBeUndefined();
      for (const rule of await afterApi.call('rules.list', { packId: imported.id })) expect(detection.rule(rule.id)).toBeDefined();
      expect(await afterApi.call('rules.get', { packId: 'runtime', ruleId: 'database_server_spawned_shell' })).toMatchObject({ ruleEnabled: false, active: false });
      expect(detection.ruleCount).toBe(packs.reduce((sum, pack) => sum + pack.enabledRules, 0));
    } finally {
      after.close();
    }
  });
});
