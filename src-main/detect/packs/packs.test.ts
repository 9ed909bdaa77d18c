// Rule packs as a rule author manages them: the bundled pack listed read-only, packs created and imported
// (Datadog's public policy, Sigma rules from the SigmaHQ corpus) and checked by the engine with every rule
// that will not run named by file, line and id; rules edited with their history and diffs; switches; an
// export that loads again; and hostile input that is refused without losing anything already stored.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledAttackCatalogue } from '../attack.ts';
import { loadPolicy } from '../policy.ts';
import { bundledRuntimeRulesDir, loadRulePack } from '../rule-pack.ts';
import { runRuleTests } from '../rule-tests.ts';
import { PackLibrary, type RuleFields } from './index.ts';

const corpora = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpora');
const datadogPolicy = join(corpora, 'datadog-cws', 'default.policy');
const sigmaLinux = join(corpora, 'sigma-linux', 'rules', 'linux');

function library(dataDir = mkdtempSync(join(tmpdir(), 'wb-packs-'))): { packs: PackLibrary; dataDir: string; changes: () => number } {
  let changes = 0;
  const packs = new PackLibrary({
    dataDir,
    bundled: [{ id: 'runtime', name: 'Workbench runtime rules', description: '', dir: bundledRuntimeRulesDir }],
    attack: bundledAttackCatalogue,
    onChange: () => changes++,
  });
  return { packs, dataDir, changes: () => changes };
}

/** Every file under a folder with its bytes: what "nothing stored changed" compares. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

const curlRule: RuleFields = {
  id: 'curl_to_raw_ip',
  description: 'curl fetched something from a bare IP address.',
  expression: 'exec.file.name == "curl" && exec.args =~ "*http://[0-9]*"',
  severity: 'medium',
  tactic: 'TA0011',
  technique: 'T1105',
  triage: ['Read the URL in the command line.', 'Find what the downloaded file became.'],
  remediation: 'Remove the downloaded file.',
  tags: { team: 'ir' },
  tests: 'match:\n  - { type: exec, exec: { file: { path: /usr/bin/curl }, argv: [-s, "http://203.0.113.7/x"] } }\nno_match:\n  - { type: exec, exec: { file: { path: /usr/bin/curl }, argv: [https://deb.debian.org] } }\n',
};

describe('the packs list', () => {
  it('shows the bundled pack read-only with every rule running, and the user pack empty', () => {
    const { packs } = library();
    const { packs: list } = packs.list();
    const bundled = loadRulePack(bundledRuntimeRulesDir, { strict: true });
    expect(list.map((pack) => [pack.id, pack.kind, pack.readOnly])).toEqual([
      ['runtime', 'bundled', true],
      ['custom', 'custom', false],
    ]);
    expect(list[0]).toMatchObject({ rules: bundled.rules.length, enabledRules: bundled.rules.length, problems: [] });
    expect(list[1]).toMatchObject({ rules: 0, enabledRules: 0 });
    expect(packs.rules('runtime').map((rule) => rule.id).sort()).toEqual(bundled.rules.map((rule) => rule.id).sort());
    expect(() => packs.saveRule('runtime', 'web_server_spawned_shell', { ...curlRule, id: 'web_server_spawned_shell' })).toThrow(/bundled pack/);
  });

  it('shows a bundled rule with its metadata, its tests as written and its entry in the file', () => {
    const { packs } = library();
    const rule = packs.rule('runtime', 'web_server_spawned_shell');
    const file = readFileSync(join(bundledRuntimeRulesDir, rule.file), 'utf8').split('\n');
    expect(file[rule.line! - 1]).toContain('- id: web_server_spawned_shell');
    expect(rule).toMatchObject({ severity: 'high', tactic: 'TA0002', technique: 'T1059.004', eventType: 'exec', readOnly: true, status: 'loaded', active: true });
    expect(rule.attackNames).toMatchObject({ TA0002: 'Execution', 'T1059.004': 'Unix Shell' });
    expect(rule.testsYaml).toMatch(/^match:\n {2}- \{ type: exec, exec: \{ file: \{ path: \/usr\/bin\/dash \}/);
    expect(rule.yaml.startsWith('id: web_server_spawned_shell\n')).toBe(true);
    expect(rule.tests).toBe(6);
  });
});

describe('editing rules', () => {
  it('creates a pack, adds, edits and renames a rule with each change kept as a version with its diff', () => {
    const { packs, changes } = library();
    const pack = packs.create('Web team', 'Rules of the web team');
    expect(pack).toMatchObject({ id: 'web-team', kind: 'created', rules: 0, versions: 1 });
    const saved = packs.saveRule('web-team', null, curlRule);
    expect(saved.rule).toMatchObject({ id: 'curl_to_raw_ip', status: 'loaded', active: true, severity: 'medium', tactic: 'TA0011', technique: 'T1105', eventType: 'exec', tests: 2 });
    expect(saved.rule.productTags).toEqual(['tactic:TA0011-command-and-control', 'technique:T1105-ingress-tool-transfer']);
    const path = join(pack.dir, 'rules.policy');
    writeFileSync(path, readFileSync(path, 'utf8').replace('rules:', '# reviewed by alice\nrules:'));

    const edited = packs.saveRule('web-team', 'curl_to_raw_ip', { ...curlRule, severity: 'high', expression: 'exec.file.name in ["curl", "wget"]\n&& exec.args =~ "*http://[0-9]*"' });
    expect(edited.rule.severity).toBe('high');
    expect(readFileSync(path, 'utf8')).toContain('# reviewed by alice');
    expect(readFileSync(path, 'utf8')).toContain('expression: |-\n      exec.file.name in ["curl", "wget"]\n      && exec.args');
    const diff = packs.diff('web-team', edited.version);
    expect(diff.note).toBe('edited rule curl_to_raw_ip');
    const lines = diff.files.flatMap((file) => file.hunks.flatMap((hunk) => hunk.lines));
    expect(lines).toContain('-    severity: medium');
    expect(lines).toContain('+    severity: high');
    expect(lines.filter((line) => line.startsWith('-') || line.startsWith('+')).every((line) => /severity|expression|exec\./.test(line))).toBe(true);

    const renamed = packs.saveRule('web-team', 'curl_to_raw_ip', { ...curlRule, id: 'downloader_to_raw_ip' });
    expect(packs.rules('web-team').map((rule) => rule.id)).toEqual(['downloader_to_raw_ip']);
    expect(packs.versions('web-team').map((version) => version.note)).toEqual(['renamed rule curl_to_raw_ip to downloader_to_raw_ip and edited it', 'edited rule curl_to_raw_ip', 'added rule curl_to_raw_ip', 'created the pack']);
    expect(changes()).toBeGreaterThanOrEqual(4);

    // undoing the rename puts the file back byte for byte, and is itself a change
    packs.restore('web-team', renamed.version, 'before');
    expect(packs.rules('web-team').map((rule) => rule.id)).toEqual(['curl_to_raw_ip']);
    expect(readFileSync(path, 'utf8')).toContain('# reviewed by alice');
    expect(packs.versions('web-team')[0]!.note).toBe(`restored the pack as it was before change ${renamed.version}`);

    const afterDelete = packs.deleteRule('web-team', 'curl_to_raw_ip');
    expect(afterDelete.rules).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('# reviewed by alice');
    expect(packs.versions('web-team')[0]).toMatchObject({ note: 'deleted rule curl_to_raw_ip', removed: 1, rulesAfter: 0 });
    expect(() => packs.deleteRule('runtime', 'web_server_spawned_shell')).toThrow(/bundled pack/);
  });

  it('refuses a rule the engine refuses, a taken id and a broken file, and writes nothing', () => {
    const { packs, dataDir } = library();
    packs.saveRule('custom', null, curlRule);
    const before = snapshot(dataDir);
    expect(() => packs.saveRule('custom', null, { ...curlRule, id: 'typo', expression: 'exec.file.nme == "sh"' })).toThrow(/unknown field exec\.file\.nme: did you mean exec\.file\.name\? at 1:1/);
    expect(() => packs.saveRule('custom', null, { ...curlRule, id: 'dns_rule', expression: 'dns.question.name == "evil.example"' })).toThrow(/not saved: .*dns/);
    expect(() => packs.saveRule('custom', null, curlRule)).toThrow(/already has a rule with the id curl_to_raw_ip/);
    expect(() => packs.saveRule('custom', null, { ...curlRule, id: 'web_server_spawned_shell' })).toThrow(/"Workbench runtime rules" already has a rule with the id web_server_spawned_shell/);
    expect(() => packs.saveRule('custom', null, { ...curlRule, id: 'bad_tests', tests: 'match: [ { type: exec' })).toThrow(/tests are not valid YAML/);
    expect(() => packs.saveRule('custom', null, { ...curlRule, id: 'bad_attack', tactic: 'TA0002', technique: 'T1105' })).toThrow(/T1105 does not serve tactic TA0002/);
    expect(snapshot(dataDir)).toEqual(before);

    const path = join(dataDir, 'rules', 'custom', 'custom.policy');
    const broken = `${readFileSync(path, 'utf8')}\n  - id: half\n   expression: [\n`;
    writeFileSync(path, broken);
    expect(() => packs.saveRule('custom', 'curl_to_raw_ip', curlRule)).toThrow(/custom\.policy is not valid YAML \(line \d+/);
    expect(readFileSync(path, 'utf8')).toBe(broken);
    const problem = packs.summary('custom').problems[0]!;
    expect(problem).toMatchObject({ file: 'custom.policy', kind: 'error' });
    expect(problem.line).toBeGreaterThan(20);
  });

  it('keeps a Sigma rule\'s author and license when it is edited, whatever the form sends', () => {
    const { packs } = library();
    const text = readFileSync(join(sigmaLinux, 'file_event', 'file_event_lnx_doas_conf_creation.yml'), 'utf8');
    const report = packs.importFiles([{ name: 'doas.yml', text }], 'Sigma doas', false);
    const [rule] = packs.rules(report.pack!.id);
    const detail = packs.rule(report.pack!.id, rule!.id);
    expect(detail.source).toEqual({ kind: 'sigma', author: 'Sittikorn S, Teoderick Contreras', license: 'DRL-1.1' });
    packs.saveRule(report.pack!.id, detail.id, { ...curlRule, id: detail.id, expression: detail.expression, tactic: '', technique: '', tags: {} });
    expect(packs.rule(report.pack!.id, detail.id).source).toEqual({ kind: 'sigma', author: 'Sittikorn S, Teoderick Contreras', license: 'DRL-1.1' });
  });
});

describe('importing', () => {
  it('imports Datadog\'s public policy: what loads runs, and every rule that does not is named with its line', () => {
    const { packs, dataDir } = library();
    const text = readFileSync(datadogPolicy, 'utf8');
    const dry = packs.importFiles([{ name: 'default.policy', text }], '', true);
    expect(dry.pack).toBeNull();
    expect(existsSync(join(dataDir, 'rules', 'packs'))).toBe(false);

    const expected = loadPolicy(text, { sharedMacros: [] });
    const lines = text.split('\n');
    const report = packs.importFiles([{ name: 'default.policy', text }], 'Datadog default', false);
    expect(report.format).toBe('datadog');
    // a rule whose id a bundled rule has is reported as a conflict and does not count as running
    expect(report.loaded + report.counts.conflicts).toBe(expected.loaded.length);
    expect(report.counts.unsupported).toBe(expected.counts.unsupported);
    for (const problem of report.problems.filter((p) => p.ruleId !== null)) {
      expect(problem.file).toBe('default.policy');
      expect(lines[problem.line! - 1], `${problem.ruleId} at line ${problem.line}`).toMatch(new RegExp(`id: ${problem.ruleId}\\b`));
    }
    expect(report.pack).toMatchObject({ name: 'Datadog default', kind: 'imported', format: 'datadog', rules: expected.loaded.length, enabledRules: report.loaded, versions: 1 });
    expect(packs.versions(report.pack!.id)[0]).toMatchObject({ note: 'imported default.policy', added: expected.loaded.length + expected.skipped.length - countDuplicates(expected) });
  });

  it('translates Sigma rules, lists the untranslatable ones with their reasons, and keeps the authors', () => {
    const { packs } = library();
    const folder = join(sigmaLinux, 'network_connection');
    const files = readdirSync(folder).map((name) => ({ name: `network_connection/${name}`, text: readFileSync(join(folder, name), 'utf8') }));
    const report = packs.importFiles(files, 'Sigma network', false);
    expect(report.format).toBe('sigma');
    expect(report.loaded).toBeGreaterThan(0);
    expect(report.problems.filter((problem) => problem.kind === 'untranslatable').every((problem) => problem.reason.length > 10 && problem.file.startsWith('network_connection/'))).toBe(true);
    expect(report.loaded + report.counts.untranslatable + report.counts.errors).toBeGreaterThanOrEqual(files.length);
    const authors = new Set(files.map((file) => /^author: (.*)$/m.exec(file.text)?.[1]).filter((author): author is string => author !== undefined));
    expect(report.authors.every((author) => authors.has(author))).toBe(true);
    for (const rule of packs.rules(report.pack!.id)) if (rule.status === 'loaded') expect(rule.source.kind).toBe('sigma');
  });

  it('refuses hostile files with a clear reason, and nothing stored changes', () => {
    const { packs, dataDir } = library();
    packs.saveRule('custom', null, curlRule);
    const imported = packs.importFiles([{ name: 'team.policy', text: readFileSync(join(bundledRuntimeRulesDir, 'impact.policy'), 'utf8').replaceAll('id: ', 'id: team_') }], 'Team', false);
    const before = snapshot(dataDir);

    const huge = `rules:\n${'  - id: x\n    expression: exec.file.name == "a"\n'.repeat(30_000)}`;
    const invalid = 'rules:\n  - id: a\n    expression: exec.file.name == "sh"\n   severity: [\n';
    const duplicates = 'rules:\n  - id: twice\n    expression: exec.file.name == "a"\n  - id: twice\n    expression: exec.file.name == "b"\n';
    const broken = 'rules:\n  - id: fine\n    expression: exec.file.name == "a"\n  - id: no_compile\n    expression: exec.file.name == \n';
    const report = packs.importFiles(
      [
        { name: 'huge.policy', text: huge },
        { name: 'invalid.yaml', text: invalid },
        { name: 'dups.policy', text: duplicates },
        { name: 'broken.policy', text: broken },
        { name: 'image.yml', text: 'GIF89a\u0000\u0001' },
        { name: 'notes.yml', text: 'title: not a rule\nowner: me\n' },
      ],
      'Hostile',
      true,
    );
    const find = (file: string) => report.problems.filter((problem) => problem.file === file);
    expect(find('huge.policy')[0]!.reason).toMatch(/the file is \d+ KB; a rule file can be at most 800 KB/);
    expect(find('invalid.yaml')[0]).toMatchObject({ kind: 'error', line: 4 });
    expect(find('invalid.yaml')[0]!.reason).toMatch(/not valid YAML/);
    expect(find('dups.policy')).toEqual([expect.objectContaining({ ruleId: 'twice', line: 4, reason: expect.stringMatching(/already defined/) })]);
    expect(find('broken.policy')).toEqual([expect.objectContaining({ ruleId: 'no_compile', line: 4, kind: 'error' })]);
    expect(find('image.yml')[0]!.reason).toMatch(/binary/);
    expect(find('notes.yml')[0]!.reason).toMatch(/neither a Datadog policy .* nor a Sigma rule/);
    expect(report.loaded).toBe(2); // fine, and the first twice

    expect(() => packs.importFiles([{ name: 'invalid.yaml', text: invalid }], '', false)).toThrow(/No rule of invalid\.yaml can run, so nothing was imported\.\ninvalid\.yaml:4: not valid YAML/);
    // ids the user's packs already have are conflicts: they would never run
    const again = packs.importFiles([{ name: 'mine.policy', text: readFileSync(join(imported.pack!.dir, 'team.policy'), 'utf8') }], '', true);
    expect(again.loaded).toBe(0);
    expect(again.problems.every((problem) => problem.kind === 'conflict' && problem.reason.includes('"Team"'))).toBe(true);
    expect(snapshot(dataDir)).toEqual(before);
  });
});

describe('switches and export', () => {
  it('keeps switches in the data folder and exports a pack that loads again, switched-off rules disabled', () => {
    const { packs, dataDir } = library();
    packs.setRuleEnabled('runtime', 'web_server_spawned_shell', false);
    expect(packs.rule('runtime', 'web_server_spawned_shell')).toMatchObject({ ruleEnabled: false, active: false, status: 'loaded' });
    const total = packs.summary('runtime').rules;
    expect(packs.summary('runtime').enabledRules).toBe(total - 1);
    // a new library on the same folder (the app restarted) reads the same switches
    expect(library(dataDir).packs.summary('runtime').enabledRules).toBe(total - 1);
    packs.setPackEnabled('runtime', false);
    expect(packs.summary('runtime')).toMatchObject({ enabled: false, enabledRules: 0 });
    const sources = packs.detectionSources();
    expect(sources[0]).toMatchObject({ enabled: false, strict: true });
    expect([...sources[0]!.disabledRules!]).toEqual(['web_server_spawned_shell']);

    const exported = packs.exportPack('runtime');
    expect(exported.fileName).toBe('runtime.policy');
    const loaded = loadPolicy(exported.text, { strict: true });
    expect(loaded.loaded.map((rule) => rule.id).sort()).toEqual(packs.rules('runtime').filter((rule) => rule.id !== 'web_server_spawned_shell').map((rule) => rule.id).sort());
    expect(loaded.skipped).toEqual([expect.objectContaining({ id: 'web_server_spawned_shell', reason: 'disabled in the policy' })]);
    const report = runRuleTests({ rules: loaded.loaded.map((rule) => ({ ...rule, file: 'runtime.policy' })), errors: [] });
    expect(report.failures).toEqual([]);
    expect(report.tests).toBeGreaterThan(loaded.loaded.length * 2);
  });

  it('deletes a created pack: its rules stop running, its folder is put aside, a new pack of the same name starts afresh', () => {
    const { packs, dataDir, changes } = library();
    const pack = packs.create('Web team', '');
    packs.saveRule(pack.id, null, curlRule);
    packs.setRuleEnabled(pack.id, curlRule.id, false);
    const dir = packs.summary(pack.id).dir;
    const files = snapshot(dir);
    const before = changes();
    const deleted = packs.deletePack(pack.id);
    expect(deleted).toMatchObject({ id: pack.id, name: 'Web team', rules: 1 });
    expect(changes()).toBe(before + 1);
    expect(packs.list().packs.map((p) => p.id)).not.toContain(pack.id);
    expect(packs.detectionSources().map((source) => source.dir)).not.toContain(dir);
    expect(packs.ruleOwner(curlRule.id)).toBeNull();
    // nothing is lost: the files are where the answer says, and a restarted library does not list them
    expect(existsSync(dir)).toBe(false);
    expect(snapshot(deleted.keptAt)).toEqual(files);
    expect(library(dataDir).packs.list().packs.map((p) => p.id)).not.toContain(pack.id);
    // the same name again: the same id, with no old history or switches
    const again = packs.create('Web team', '');
    expect(again).toMatchObject({ id: pack.id, rules: 0, versions: 1 });
    packs.saveRule(again.id, null, curlRule);
    expect(packs.rule(again.id, curlRule.id)).toMatchObject({ ruleEnabled: true });
  });

  it('refuses to delete the bundled pack, My rules and a pack that does not exist, and changes nothing', () => {
    const { packs, dataDir } = library();
    packs.saveRule('custom', null, curlRule);
    const stored = snapshot(dataDir);
    expect(() => packs.deletePack('runtime')).toThrow(/bundled pack/);
    expect(() => packs.deletePack('custom')).toThrow(/cannot be deleted/);
    expect(() => packs.deletePack('no-such-pack')).toThrow(/no rule pack no-such-pack/);
    expect(snapshot(dataDir)).toEqual(stored);
  });

  it('sets an unreadable switches file aside instead of overwriting it', () => {
    const { packs, dataDir } = library();
    packs.setRuleEnabled('runtime', 'web_server_spawned_shell', false);
    writeFileSync(join(dataDir, 'rules', 'state.json'), '{ "version": 1, "packs": ');
    const fresh = library(dataDir).packs;
    const list = fresh.list();
    expect(list.stateProblem).toMatch(/could not be read .* kept as .*state\.json\.unreadable-\d+/);
    expect(list.packs[0]!.enabledRules).toBe(list.packs[0]!.rules);
    expect(readdirSync(join(dataDir, 'rules')).filter((name) => name.startsWith('state.json.unreadable-'))).toHaveLength(1);
  });
});

function countDuplicates(result: ReturnType<typeof loadPolicy>): number {
  return result.skipped.filter((entry) => entry.key === 'duplicate id').length;
}
