import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledRuntimeRulesDir, loadRulePack, runRuleTests } from '../detect/index.ts';
import { runCli } from './program.ts';

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: { WORKBENCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'wb-cli-')) } });
  return { code, out, err, lastLine: out.trimEnd().split('\n').at(-1) };
}

function packDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-pack-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const ruleHead = `  - id: ID
    description: A web server started a shell.
    expression: exec.file.name == "sh" && process.parent.file.name == "nginx"
    product_tags: [tactic:TA0002-execution, technique:T1059-command-and-scripting-interpreter]
    severity: high
    triage: [Read the command line of the shell.]
    remediation: Remove the web shell.`;

const goodTests = `    tests:
      match: [{ type: exec, exec: { file: { path: /bin/sh } }, parent: { file: { path: /usr/sbin/nginx } } }]
      no_match: [{ type: exec, exec: { file: { path: /bin/sh } } }]`;

describe('workbench rules test', () => {
  it('runs the bundled pack by default and ends with the totals, exit code 0', async () => {
    const { code, out, lastLine } = await cli(['rules', 'test']);
    const report = runRuleTests(loadRulePack(bundledRuntimeRulesDir, { strict: true }));
    expect(code).toBe(0);
    expect(report.rules).toBeGreaterThanOrEqual(80);
    expect(out).not.toMatch(/^(FAIL|ERROR) /m);
    expect(lastLine).toBe(`rules ${report.rules}, tests ${report.tests}, failed 0`);
  });

  it('names the file, the rule, the test and the reason of each failure, and exits 1', async () => {
    const dir = packDir({
      'execution.policy': `rules:\n${ruleHead.replace('ID', 'good')}\n${goodTests}\n${ruleHead.replace('ID', 'wrong')}
    tests:
      match: [{ type: exec, exec: { file: { path: /bin/sh } } }]
      no_match: [{ type: exec, exec: { file: { path: /bin/sh } }, parent: { file: { path: /usr/sbin/nginx } } }]
`,
    });
    const { code, out, lastLine } = await cli(['rules', 'test', dir]);
    expect(code).toBe(1);
    expect(out).toContain(`FAIL ${join(dir, 'execution.policy')} wrong match #1 (exec /bin/sh): expected a match, got none\n`);
    expect(out).toContain(`FAIL ${join(dir, 'execution.policy')} wrong no_match #1 (exec /bin/sh): expected no match, but the rule matched\n`);
    expect(lastLine).toBe('rules 2, tests 4, failed 2');
  });

  it('reports a rule that does not load, with its file and id, counts it as failed and exits 1', async () => {
    const dir = packDir({ 'persistence.policy': `rules:\n${ruleHead.replace('ID', 'untested')}\n${ruleHead.replace('ID', 'tested')}\n${goodTests}\n` });
    const { code, out, lastLine } = await cli(['rules', 'test', dir]);
    expect(code).toBe(1);
    expect(out).toContain(`ERROR ${join(dir, 'persistence.policy')} untested: workbench metadata: no tests\n`);
    expect(lastLine).toBe('rules 1, tests 2, failed 1');
  });

  it('lists every rule with --verbose', async () => {
    const dir = packDir({ 'x.policy': `rules:\n${ruleHead.replace('ID', 'good')}\n${goodTests}\n` });
    const { code, out } = await cli(['rules', 'test', dir, '--verbose']);
    expect(code).toBe(0);
    expect(out).toContain(`${join(dir, 'x.policy')} good: 1 match, 1 no_match\n`);
  });

  it('explains a folder it cannot read, and one with no policy files', async () => {
    const missing = await cli(['rules', 'test', '/nonexistent/pack']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^workbench: cannot read the rule pack \/nonexistent\/pack/);
    const dir = packDir({ 'notes.txt': 'not a policy' });
    const empty = await cli(['rules', 'test', dir]);
    expect(empty.code).toBe(1);
    expect(empty.err).toBe(`workbench: ${dir} holds no policy files (*.policy): nothing to test\n`);
  });
});

describe('workbench rules check', () => {
  it('exits 1 when a rule of the policy has errors, after the summary', async () => {
    const dir = packDir({ 'broken.policy': 'rules:\n  - id: typo\n    expression: exec.file.nme == "sh"\n' });
    const { code, lastLine } = await cli(['rules', 'check', join(dir, 'broken.policy')]);
    expect(code).toBe(1);
    expect(lastLine).toBe('loaded 0, unsupported 0, errors 1');
  });
});
