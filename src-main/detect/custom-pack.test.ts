// The user's custom rule pack: rules added one at a time, each checked by the engine, never a duplicate
// id, and never a damaged file: a refused rule leaves the file byte for byte as it was, and hand edits
// (comments, other rules) survive an added rule.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCustomRule, customPolicyFileName, loadRulePack, type CustomRule } from './index.ts';

const rule: CustomRule = {
  id: 'custom_shell_from_php',
  description: 'A shell started by PHP-FPM.',
  expression: 'exec.file.path == "/usr/bin/dash"\n&& process.parent.file.path == "/usr/sbin/php-fpm8.2"',
  severity: 'high',
  tags: { drafted_from: 'web-01 seq 18' },
};
const nowhere = () => null;

function packDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'wb-custom-')), 'rules', 'custom');
}

describe('the custom rule pack', () => {
  it('creates the pack with the rule, which then loads with its severity and tags', () => {
    const dir = packDir();
    const saved = addCustomRule(dir, rule, nowhere);
    expect(saved).toEqual({ ruleId: rule.id, file: join(dir, customPolicyFileName), rulesInFile: 1 });
    const pack = loadRulePack(dir);
    expect(pack.errors).toEqual([]);
    expect(pack.rules).toHaveLength(1);
    expect(pack.rules[0]).toMatchObject({ id: rule.id, eventType: 'exec', severity: 'high', description: rule.description, tags: rule.tags, expression: rule.expression });
    expect(pack.rules[0]!.matches({ type: 'exec', exec: { file: { path: '/usr/bin/dash' } }, process: { parent: { file: { path: '/usr/sbin/php-fpm8.2' } } } })).toBe(true);
    const second = addCustomRule(dir, { ...rule, id: 'custom_curl_download', expression: 'exec.file.name == "curl"' }, nowhere);
    expect(second.rulesInFile).toBe(2);
    expect(loadRulePack(dir).rules.map((loaded) => loaded.id)).toEqual([rule.id, 'custom_curl_download']);
  });

  it('keeps what the user wrote by hand: comments, formatting and other rules', () => {
    const dir = packDir();
    addCustomRule(dir, rule, nowhere);
    const path = join(dir, customPolicyFileName);
    const edited = readFileSync(path, 'utf8').replace('rules:', '# reviewed by alice on 2026-11-21\nrules:');
    writeFileSync(path, edited);
    addCustomRule(dir, { ...rule, id: 'custom_second' }, nowhere);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith(edited.trimEnd().split('\n').slice(0, 8).join('\n'))).toBe(true);
    expect(text).toContain('# reviewed by alice on 2026-11-21');
    expect(loadRulePack(dir).rules.map((loaded) => loaded.id)).toEqual([rule.id, 'custom_second']);
  });

  it('refuses a duplicate id, in this pack or another, and leaves the file as it was', () => {
    const dir = packDir();
    addCustomRule(dir, rule, nowhere);
    const path = join(dir, customPolicyFileName);
    const before = readFileSync(path, 'utf8');
    expect(() => addCustomRule(dir, { ...rule, expression: 'exec.file.name == "zsh"' }, nowhere)).toThrow(/already has a rule with the id custom_shell_from_php/);
    expect(() => addCustomRule(dir, { ...rule, id: 'web_server_spawned_shell' }, (id) => (id === 'web_server_spawned_shell' ? 'a bundled rule' : null))).toThrow(
      /There is already a rule with the id web_server_spawned_shell \(a bundled rule\)/,
    );
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('refuses a rule the engine refuses, with its reason and place, and writes nothing', () => {
    const dir = packDir();
    addCustomRule(dir, rule, nowhere);
    const path = join(dir, customPolicyFileName);
    const before = readFileSync(path, 'utf8');
    expect(() => addCustomRule(dir, { ...rule, id: 'custom_bad', expression: 'exec.file.nme == "sh"' }, nowhere)).toThrow(/unknown field exec\.file\.nme: did you mean exec\.file\.name\? at 1:1/);
    expect(() => addCustomRule(dir, { ...rule, id: 'custom_untyped', expression: 'process.uid == 0' }, nowhere)).toThrow(/no event type/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual([customPolicyFileName]); // no temporary file left behind
  });

  it('will not add to a pack file it cannot read as a policy, and does not touch it', () => {
    const dir = packDir();
    addCustomRule(dir, rule, nowhere);
    const path = join(dir, customPolicyFileName);
    const broken = `${readFileSync(path, 'utf8')}\n  - id: half written\n   expression: [\n`;
    writeFileSync(path, broken);
    expect(() => addCustomRule(dir, { ...rule, id: 'custom_other' }, nowhere)).toThrow(/is not valid YAML .* the file was left as it is/);
    expect(readFileSync(path, 'utf8')).toBe(broken);
  });
});
