// Loading a workbench pack strictly, and running the tests its rules carry.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from './policy.ts';
import { loadRulePack, type RulePack } from './rule-pack.ts';
import { runRuleTests } from './rule-tests.ts';

/** A pack folder with these files. */
function packDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-pack-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const shellsMacro = `
macros:
  - id: SHELLS
    expression: '["sh", "bash", "dash"]'
`;

/** A complete rule of ours, with its tests, indented for a rules: list. */
function rule(id: string, overrides: { expression?: string; tests?: string; omit?: string[]; productTags?: string[] } = {}): string {
  const tags = overrides.productTags ?? ['tactic:TA0002-execution', 'technique:T1059-command-and-scripting-interpreter', 'subtechnique:T1059.004-unix-shell'];
  const parts: Record<string, string> = {
    expression: `    expression: '${overrides.expression ?? 'exec.file.name in SHELLS && process.parent.file.name == "nginx"'}'`,
    description: '    description: A web server started a shell.',
    product_tags: `    product_tags: [${tags.join(', ')}]`,
    severity: '    severity: high',
    triage: '    triage: [Read the command line of the shell.]',
    remediation: '    remediation: Remove the web shell.',
    tests:
      overrides.tests ??
      `    tests:
      match:
        - { type: exec, exec: { file: { path: /bin/sh } }, parent: { file: { path: /usr/sbin/nginx } } }
      no_match:
        - { type: exec, exec: { file: { path: /bin/sh } } }`,
  };
  const kept = Object.entries(parts).filter(([key]) => !(overrides.omit ?? []).includes(key));
  return [`  - id: ${id}`, ...kept.map(([, text]) => text)].join('\n');
}

function load(files: Record<string, string>): RulePack {
  return loadRulePack(packDir(files), { strict: true });
}

describe('a strict pack', () => {
  it('shares the macros of one file with the rules of the others', () => {
    const pack = load({ 'macros.policy': shellsMacro, 'execution.policy': `rules:\n${rule('web_shell')}\n` });
    expect(pack.errors).toEqual([]);
    expect(pack.rules.map((r) => [r.file, r.id])).toEqual([['execution.policy', 'web_shell']]);
    expect(pack.rules[0]).toMatchObject({ severity: 'high', tactic: 'TA0002', technique: 'T1059.004', triage: ['Read the command line of the shell.'], remediation: 'Remove the web shell.' });
  });

  it('refuses a rule without each piece of workbench metadata, naming the file, the rule and what is missing', () => {
    const missing = ['severity', 'triage', 'remediation', 'tests', 'description'];
    const rules = missing.map((key) => rule(`no_${key}`, { omit: [key] })).join('\n');
    const pack = load({ 'macros.policy': shellsMacro, 'execution.policy': `rules:\n${rules}\n` });
    expect(pack.rules).toEqual([]);
    expect(pack.errors.map(({ file, id, reason }) => [file, id, reason])).toEqual(missing.map((key) => ['execution.policy', `no_${key}`, `workbench metadata: no ${key}`]));
  });

  it('refuses ATT&CK ids it does not know, missing ones, and a technique that does not serve the tactic', () => {
    const rules = [
      rule('no_tactic', { productTags: ['technique:T1059-command-and-scripting-interpreter'] }),
      rule('no_technique', { productTags: ['tactic:TA0002-execution'] }),
      rule('unknown_technique', { productTags: ['tactic:TA0002-execution', 'technique:T9999-made-up'] }),
      rule('wrong_tactic', { productTags: ['tactic:TA0008-lateral-movement', 'technique:T1059-command-and-scripting-interpreter'] }),
      rule('wrong_parent', { productTags: ['tactic:TA0002-execution', 'technique:T1059-command-and-scripting-interpreter', 'subtechnique:T1098.004-ssh-authorized-keys'] }),
    ].join('\n');
    const pack = load({ 'macros.policy': shellsMacro, 'execution.policy': `rules:\n${rules}\n` });
    expect(pack.errors.map(({ id, reason }) => [id, reason])).toEqual([
      ['no_tactic', 'workbench metadata: no ATT&CK tactic (a product tag like tactic:TA0002-execution)'],
      ['no_technique', 'workbench metadata: no ATT&CK technique (a product tag like technique:T1059-command-and-scripting-interpreter)'],
      ['unknown_technique', 'workbench metadata: ATT&CK technique T9999 is not in the bundled catalogue (resources/attack)'],
      ['wrong_tactic', 'workbench metadata: ATT&CK technique T1059 does not serve tactic TA0008 (it serves TA0002)'],
      ['wrong_parent', 'workbench metadata: sub-technique T1098.004 is not a sub-technique of T1059; ATT&CK technique T1098.004 does not serve tactic TA0002 (it serves TA0003, TA0004)'],
    ]);
  });

  it('reports a rule that does not compile, a duplicate id across files, a duplicate macro and a broken file', () => {
    const pack = load({
      'a.policy': `${shellsMacro}rules:\n${rule('dup')}\n${rule('typo', { expression: 'exec.file.nme in SHELLS' })}\n`,
      'b.policy': `${shellsMacro}rules:\n${rule('dup')}\n`,
      'c.policy': 'rules: [',
    });
    expect(pack.errors.map(({ file, id, reason }) => [file, id, reason])).toEqual([
      ['b.policy', 'SHELLS', 'macro SHELLS is already defined in a.policy'],
      ['a.policy', 'typo', 'unknown field exec.file.nme: did you mean exec.file.name? at 1:1'],
      ['b.policy', 'dup', 'a rule with id dup is already defined in a.policy'],
      ['c.policy', undefined, expect.stringMatching(/^the policy is not valid YAML: /)],
    ]);
  });

  it('counts a rule the workbench sensor cannot evaluate as an error, not as quietly unsupported', () => {
    const pack = load({ 'x.policy': `rules:\n${rule('dns', { expression: 'dns.question.name == "evil.example"' })}\n` });
    expect(pack.errors).toHaveLength(1);
    expect(pack.errors[0]).toMatchObject({ file: 'x.policy', id: 'dns', reason: expect.stringMatching(/event type 'dns'/) });
  });
});

describe("Datadog's default policy, read as it was", () => {
  const result = loadPolicyFile(resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpora', 'datadog-cws', 'default.policy'));

  it('keeps its counts and now carries the ATT&CK ids of its product tags, unchecked and optional', () => {
    expect(result.counts).toEqual({ loaded: 164, filtered: 37, unsupported: 118, errors: 0 });
    expect(result.loaded.find((rule) => rule.id === 'ptrace_injection')).toMatchObject({ tactic: 'TA0005', technique: 'T1055' });
    expect(result.loaded.find((rule) => rule.id === 'hidden_file_executed')).toMatchObject({ tactic: 'TA0005', technique: 'T1564.001' });
    expect(result.loaded.every((rule) => rule.triage === undefined && rule.tests === undefined)).toBe(true);
  });
});

describe('running the tests of a pack', () => {
  const dir = packDir({
    'macros.policy': shellsMacro,
    'execution.policy': `rules:
${rule('passes')}
${rule('match_fails', {
  tests: `    tests:
      match:
        - { type: exec, exec: { file: { path: /bin/sh } }, parent: { file: { path: /usr/sbin/apache2 } } }
      no_match:
        - { type: exec, exec: { file: { path: /bin/sh } } }`,
})}
${rule('no_match_fails', {
  tests: `    tests:
      match:
        - { type: exec, exec: { file: { path: /bin/sh } }, parent: { file: { path: /usr/sbin/nginx } } }
      no_match:
        - { type: exec, exec: { file: { path: /bin/dash }, argv: [-c, id] }, parent: { file: { path: /usr/sbin/nginx } } }`,
})}
${rule('bad_events', {
  tests: `    tests:
      match:
        - { type: exec, exec: { file: { pth: /bin/sh } }, parent: { file: { path: /usr/sbin/nginx } } }
        - { type: open, open: { file: { path: /bin/sh } } }
      no_match:
        - { type: open, open: { file: { path: /etc/passwd }, flags: 0 } }
        - { type: exec, exec: { file: { path: /bin/sh } }, parent: { user: root } }`,
})}
`,
  });
  const pack = loadRulePack(dir, { strict: true });
  const report = runRuleTests(pack);

  it('counts every rule and every test event', () => {
    expect(pack.errors).toEqual([]);
    expect(report.rules).toBe(4);
    expect(report.tests).toBe(10);
  });

  it('says which test of which rule failed, and why', () => {
    expect(report.failures.map(({ file, ruleId, kind, number, event, reason }) => [file, ruleId, `${kind} #${number}`, event, reason])).toEqual([
      ['execution.policy', 'match_fails', 'match #1', 'exec /bin/sh', 'expected a match, got none'],
      ['execution.policy', 'no_match_fails', 'no_match #1', 'exec /bin/dash -c id', 'expected no match, but the rule matched'],
      ['execution.policy', 'bad_events', 'match #1', 'exec', 'invalid test event: exec: exec.file.pth is not a field the sensor provides'],
      ['execution.policy', 'bad_events', 'match #2', 'open /bin/sh', 'expected a match, but the event is of type open and the rule applies to exec events'],
      ['execution.policy', 'bad_events', 'no_match #1', 'open /etc/passwd', 'a open event can never meet a rule on exec events: this test proves nothing'],
      ['execution.policy', 'bad_events', 'no_match #2', 'exec /bin/sh', 'invalid test event: parent: user is not in the process view ingest adds (only pid, ppid, uid, comm, file, argv, cwd, created_at)'],
    ]);
  });

  it('passes a pack whose tests all hold', () => {
    const good = loadRulePack(packDir({ 'macros.policy': shellsMacro, 'x.policy': `rules:\n${rule('passes')}\n` }), { strict: true });
    expect(runRuleTests(good)).toMatchObject({ rules: 1, tests: 2, failures: [], errors: [] });
  });

  it('reports a folder that does not exist or is not a folder', () => {
    expect(() => loadRulePack(join(dir, 'missing'))).toThrow(/cannot read the rule pack .*missing/);
    expect(() => loadRulePack(join(dir, 'macros.policy'))).toThrow(/is not a folder of policy files/);
    mkdirSync(join(dir, 'empty'));
    expect(loadRulePack(join(dir, 'empty')).rules).toEqual([]);
  });
});
