import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { constantValue, fieldDef } from '../../src-shared/secl/index.ts';
import { eventTime, processContext } from '../../src-shared/secl/testing.ts';
import { loadPolicy, loadPolicyFile, PolicyError, topReasons, type PolicyLoadResult } from './policy.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const defaultPolicyPath = resolve(repoRoot, '..', 'shared', 'corpora', 'datadog-cws', 'default.policy');

describe('a small policy', () => {
  const policy = `
version: 1.2.3
macros:
  - id: SHELLS
    expression: '["bash", "sh"]'
  - id: WIN_ONLY
    expression: '["cmd.exe"]'
    filters:
      - os == "windows"
rules:
  - id: shell_exec
    description: A shell was executed
    expression: exec.file.name in SHELLS
    tags: { severity: high }
    product_tags: [tactic:TA0002-execution]
  - id: win_rule
    expression: exec.file.name in WIN_ONLY
    filters:
      - os == "windows"
  - id: off
    expression: exec.file.name == "x"
    disabled: true
  - id: dns_rule
    expression: dns.question.name == "evil.example"
  - id: broken
    expression: exec.file.name == "sh" &&
  - id: typo
    expression: exec.file.nme == "sh"
  - id: modern
    expression: exec.file.name == "nc"
    agent_version: ">= 7.71"
  - id: tracked
    expression: exec.file.path not in \${cgroup.seen}
    actions:
      - set: { name: seen, scope: cgroup, field: exec.file.path, append: true }
`;

  it('loads what it can and says why it left the rest out', () => {
    const result = loadPolicy(policy);
    expect(result.version).toBe('1.2.3');
    expect(result.loaded.map((rule) => rule.id)).toEqual(['shell_exec', 'modern']);
    expect(result.loaded[0]).toMatchObject({ eventType: 'exec', description: 'A shell was executed', tags: { severity: 'high' }, productTags: ['tactic:TA0002-execution'], silent: false });
    expect(result.skipped.map(({ id, kind, reason }) => [id, kind, reason])).toEqual([
      ['win_rule', 'filtered', 'filtered out by "os == "windows""'],
      ['off', 'filtered', 'disabled in the policy'],
      ['dns_rule', 'unsupported', "dns.question.name belongs to the Datadog event type 'dns', which the workbench sensor does not produce at 1:1"],
      ['broken', 'error', "expected a value after '&&', found the end of the expression at 1:24"],
      ['typo', 'error', 'unknown field exec.file.nme: did you mean exec.file.name? at 1:1'],
      ['tracked', 'unsupported', '${cgroup.seen} is set by rule actions, which the workbench does not run at 1:23'],
    ]);
    expect(result.counts).toEqual({ loaded: 2, filtered: 2, unsupported: 2, errors: 2 });
  });

  it('honours agent_version when asked to behave as one agent version', () => {
    const result = loadPolicy(policy, { agentVersion: '7.70.0' });
    expect(result.skipped.find((rule) => rule.id === 'modern')).toMatchObject({ kind: 'filtered', reason: 'agent_version >= 7.71 excludes agent 7.70.0' });
  });

  it('keeps only the newest variant of a rule that loads', () => {
    const result = loadPolicy(`
rules:
  - id: nc
    expression: exec.file.name == "nc"
  - id: nc_v2
    expression: exec.file.name in ["nc", "ncat"]
  - id: nc_v3
    expression: exec.file.name == "nc" && exec.envs in ["X"]
`);
    expect(result.loaded.map((rule) => rule.id)).toEqual(['nc_v2']);
    expect(result.skipped.map(({ id, kind, coveredBy }) => [id, kind, coveredBy])).toEqual([
      ['nc_v3', 'unsupported', 'nc_v2'],
      ['nc', 'filtered', undefined],
    ]);
  });

  it('does not let a filter on a fact it cannot know (the kernel of future hosts) exclude a rule', () => {
    const result = loadPolicy(`
rules:
  - id: old_kernels
    expression: exec.file.name == "x"
    filters:
      - kernel.version.major == 5 && os == "linux"
  - id: not_linux
    expression: exec.file.name == "x"
    filters:
      - kernel.version.major == 5 && os == "windows"
  - id: twice
    expression: exec.file.name == "y"
  - id: twice
    expression: exec.file.name == "z"
`);
    expect(result.loaded.map((rule) => rule.id)).toEqual(['old_kernels', 'twice']);
    expect(result.skipped.map(({ id, kind, reason }) => [id, kind, reason])).toEqual([
      ['not_linux', 'filtered', 'filtered out by "kernel.version.major == 5 && os == "windows""'],
      ['twice', 'error', 'a rule with id twice is already defined in the policy'],
    ]);
  });

  it('reports a malformed rule without rejecting the others', () => {
    const result = loadPolicy('rules:\n  - id: good\n    expression: exec.file.name == "x"\n  - id: bad\n    expression: 42\n  - just a string\n');
    expect(result.loaded.map((rule) => rule.id)).toEqual(['good']);
    expect(result.skipped.map(({ id, kind, reason }) => [id, kind, reason])).toEqual([
      ['bad', 'error', 'malformed rule: expression: Invalid input: expected string, received number'],
      ['rules[2]', 'error', 'malformed rule: (rule): Invalid input: expected object, received string'],
    ]);
  });

  it('refuses files that are not policies, saying why', () => {
    expect(() => loadPolicy('rules: [')).toThrow(PolicyError);
    expect(() => loadPolicy('rules: 42')).toThrow(/does not have Datadog's shape: rules: /);
    expect(() => loadPolicyFile('/nonexistent/x.policy')).toThrow(/cannot read the policy \/nonexistent\/x.policy/);
  });

  it('builds a rule set that matches events', () => {
    const { ruleSet } = loadPolicy(policy);
    const shell = { type: 'exec', ts: eventTime, process: processContext(), exec: { file: { path: '/bin/sh', name: 'sh' } } };
    expect(ruleSet.match(shell).map((rule) => rule.id)).toEqual(['shell_exec']);
  });
});

// ---- Datadog's public default policy ----------------------------------------------------------------

interface RawPolicy {
  macros: { id: string; expression: string; filters?: string[] }[];
  rules: { id: string; expression: string; filters?: string[]; disabled?: boolean }[];
}

/**
 * An oracle independent of the checker: does the rule, with the macros it uses, name only fields the
 * dictionary has and no variable but ${process.pid}? Such a rule must load.
 */
function providable(expression: string, macros: ReadonlyMap<string, string>, seen = new Set<string>()): string[] {
  const missing: string[] = [];
  const code = expression.replace(/(?:~|r)?"(?:\\.|[^"\\])*"/g, '""');
  for (const match of code.matchAll(/\$\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[A-Za-z_][A-Za-z0-9_]*\])*/g)) {
    const word = match[0];
    if (/[0-9]/.test(code[match.index - 1] ?? '')) continue; // the unit of a duration: 10s
    if (word.startsWith('${')) {
      if (word !== '${process.pid}') missing.push(word);
      continue;
    }
    if (['in', 'not', 'and', 'or', 'allin', 'true', 'false'].includes(word) || constantValue(word) !== undefined) continue;
    const macro = macros.get(word);
    if (macro !== undefined) {
      if (!seen.has(word)) missing.push(...providable(macro, macros, new Set([...seen, word])));
      continue;
    }
    const field = word.replace(/\[[A-Za-z_]+\]/, '').replace(/\.length$/, '');
    if (!fieldDef(field) && field !== 'process.ancestors') missing.push(word);
  }
  return missing;
}

describe("Datadog's default policy", () => {
  const text = readFileSync(defaultPolicyPath, 'utf8');
  const raw = parseYaml(text) as RawPolicy;
  const result: PolicyLoadResult = loadPolicyFile(defaultPolicyPath);
  const linuxMacros = new Map(raw.macros.filter((macro) => !(macro.filters ?? []).some((filter) => filter.includes('"windows"'))).map((macro) => [macro.id, macro.expression]));
  const linuxRules = raw.rules.filter((rule) => !rule.disabled && !(rule.filters ?? []).some((filter) => filter.includes('"windows"')));

  it('loads with these counts, and no SECL it fails to understand', () => {
    console.log(`default.policy ${result.version}: loaded ${result.counts.loaded}, filtered ${result.counts.filtered}, unsupported ${result.counts.unsupported}, errors ${result.counts.errors}`);
    console.log('unsupported because of:', topReasons(result, 'unsupported').slice(0, 8).map(({ key, rules }) => `${key} (${rules})`).join(', '));
    expect(result.version).toBe('1.69.3');
    expect(raw.rules).toHaveLength(319);
    expect(result.counts).toEqual({ loaded: 164, filtered: 37, unsupported: 118, errors: 0 });
    expect(result.skipped.filter((rule) => rule.kind === 'error')).toEqual([]);
  });

  it('filters out exactly the Windows rules, and the older variants of rules that load', () => {
    const filtered = result.skipped.filter((rule) => rule.kind === 'filtered');
    expect(filtered.filter((rule) => rule.key === 'os filter')).toHaveLength(raw.rules.length - linuxRules.length);
    expect(new Set(filtered.map((rule) => rule.key))).toEqual(new Set(['os filter']));
  });

  it('loads every Linux rule whose event types and fields the workbench provides, and only those', () => {
    const loaded = new Set(result.loaded.map((rule) => rule.id));
    const superseded = new Set(result.skipped.filter((rule) => rule.key === 'superseded by a newer variant').map((rule) => rule.id));
    for (const rule of linuxRules) {
      const missing = providable(rule.expression, linuxMacros);
      if (missing.length === 0) expect(loaded.has(rule.id) || superseded.has(rule.id), `${rule.id} should load`).toBe(true);
      else expect(loaded.has(rule.id), `${rule.id} needs ${missing.join(', ')}`).toBe(false);
    }
  });

  it('gives every unsupported rule a reason naming what is missing', () => {
    for (const rule of result.skipped.filter((entry) => entry.kind === 'unsupported')) {
      expect(rule.key).toMatch(/^(event type [a-z_]+|field [a-z0-9_.[\]A-Z]+|variables set by rule actions)$/);
      expect(rule.reason).toMatch(/ at \d+:\d+$/);
    }
    expect(topReasons(result, 'unsupported').slice(0, 5)).toEqual([
      { key: 'variables set by rule actions', rules: 36 },
      { key: 'event type dns', rules: 10 },
      { key: 'field chmod.file.mode', rules: 10 },
      { key: 'field chown.file.uid', rules: 10 },
      { key: 'field connect.addr.hostname', rules: 10 },
    ]);
  });

  describe('detects what its rules describe', () => {
    const matching = (event: Record<string, unknown>): string[] => result.ruleSet.match({ ts: eventTime, ...event }).map((rule) => rule.id);
    const proc = (overrides: Record<string, unknown> = {}) => processContext({ uid: 0, euid: 0, ...overrides });

    it('a curl to the AWS metadata credentials endpoint', () => {
      const argv = ['-s', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/admin'];
      const exec = { file: { path: '/usr/bin/curl', name: 'curl' }, argv, argv0: 'curl', args: argv.join(' ') };
      expect(matching({ type: 'exec', process: proc({ comm: 'curl', ...exec }), exec })).toContain('aws_imds');
    });

    it('a shell spawned under git clone --recursive (CVE-2025-48384)', () => {
      const git = processContext({ comm: 'git', file: { path: '/usr/bin/git', name: 'git' }, argv: ['clone', '--recursive', 'https://x/y'] });
      const exec = { file: { path: '/bin/sh', name: 'sh' }, argv: ['-c', 'hook'] };
      const event = { type: 'exec', process: proc({ comm: 'sh', parent: git, ancestors: [git, processContext()] }), exec };
      expect(matching(event)).toContain('git_cve_2025_48384');
      const benign = { ...event, process: proc({ comm: 'sh', parent: git, ancestors: [{ ...git, argv: ['clone', 'https://x/y'] }] }) };
      expect(matching(benign)).not.toContain('git_cve_2025_48384');
    });

    it('an outbound SSH connection, but not to localhost', () => {
      const connect = (ip: string) => ({ type: 'connect', process: proc({ file: { path: '/usr/bin/ssh', name: 'ssh' } }), connect: { addr: { ip, port: 22, family: 'AF_INET' } } });
      expect(matching(connect('203.0.113.9'))).toContain('ssh_outbound_connection');
      expect(matching(connect('127.0.0.1'))).not.toContain('ssh_outbound_connection');
    });

    it('a write to an authorized_keys file', () => {
      const open = (path: string, flags: number) => ({ type: 'open', process: proc({ file: { path: '/usr/bin/vim', name: 'vim' } }), open: { file: { path }, flags } });
      expect(matching(open('/home/alice/.ssh/authorized_keys', 0o1))).toContain('ssh_authorized_keys_open');
      expect(matching(open('/home/alice/.ssh/authorized_keys', 0))).not.toContain('ssh_authorized_keys_open');
      expect(matching(open('/home/alice/x/.ssh/authorized_keys', 0o1))).not.toContain('ssh_authorized_keys_open');
    });

    it('a process renaming itself after a kernel thread (prctl)', () => {
      const prctl = (name: string) => ({ type: 'prctl', process: proc({ file: { path: '/tmp/.x', name: '.x' } }), prctl: { option: 15, new_name: name } });
      expect(matching(prctl('[kworker/0:1]'))).toContain('prctl_masquerading');
      expect(matching(prctl('myworker'))).not.toContain('prctl_masquerading');
    });

    it('ptrace writing into another process', () => {
      const ptrace = (request: number) => ({ type: 'ptrace', process: proc({ file: { path: '/tmp/inject', name: 'inject' } }), ptrace: { request, tracee: { pid: 1 } } });
      expect(matching(ptrace(5))).toContain('ptrace_injection');
      expect(matching(ptrace(16))).not.toContain('ptrace_injection');
    });
  });
});
