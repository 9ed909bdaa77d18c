// The whole SigmaHQ Linux corpus: what translates, what does not and why, and the policy file the
// translation writes loading through the same loader as every other policy.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleSet, compileRule } from '../../../src-shared/secl/index.ts';
import { loadPolicyFile } from '../policy.ts';
import { groupByKey, importSigma } from './import.ts';
import { sigmaPolicyText } from './policy-output.ts';
import { corpusDir } from './testing.ts';

const inScope = new Map([
  ['process_creation', 'exec'],
  ['file_event', 'open'],
  ['network_connection', 'connect'],
]);

describe('the SigmaHQ Linux corpus', () => {
  const result = importSigma([corpusDir]);

  it('translates the process, file and network rules, and says why not for every other', () => {
    const byCategory = new Map<string, { translated: number; untranslatable: number; errors: number }>();
    for (const entry of result.entries) {
      const category = inScope.has(entry.logsource) ? entry.logsource : `other (${entry.logsource || 'no category'})`;
      const counts = byCategory.get(category) ?? { translated: 0, untranslatable: 0, errors: 0 };
      counts[entry.kind === 'error' ? 'errors' : entry.kind]++;
      byCategory.set(category, counts);
    }
    console.log(`Sigma corpus: ${JSON.stringify(result.counts)}`);
    for (const [category, counts] of [...byCategory].sort()) console.log(`  ${category}: ${JSON.stringify(counts)}`);
    console.log('untranslatable, by reason:');
    for (const { key, count } of groupByKey(result, 'untranslatable')) console.log(`  ${String(count).padStart(4)}  ${key}`);

    expect(result.entries.filter((entry) => entry.kind === 'error')).toEqual([]);
    expect(result.entries).toHaveLength(248);
    for (const entry of result.entries) {
      if (!inScope.has(entry.logsource)) {
        expect(entry.kind, entry.file).toBe('untranslatable');
        expect(entry.reason, entry.file).toMatch(/^log source /);
      } else if (entry.kind === 'untranslatable') {
        // In scope, a rule is only refused for something it reads that the sensor cannot see.
        expect(entry.reason, entry.file).toMatch(/^field [A-Za-z]+: /);
      }
    }
    const candidates = result.entries.filter((entry) => inScope.has(entry.logsource));
    expect(result.counts.translated / candidates.length).toBeGreaterThan(0.9);
    expect(result.entries.filter((entry) => entry.key === 'field DestinationHostname').map((entry) => entry.title)).toContain('Communication To Ngrok Tunneling Service - Linux');
  });

  it('produces rules the engine compiles, each for the event type of its Sigma category', () => {
    const rules = result.rules.map((rule) => {
      const outcome = compileRule({ id: rule.id, expression: rule.expression });
      if (!outcome.ok) throw new Error(`${rule.id}: ${outcome.errors.map((error) => error.message).join('; ')}`);
      expect(outcome.rule.eventType, rule.id).toBe(inScope.get(rule.sigma.logsource.category ?? ''));
      return outcome.rule;
    });
    expect(new RuleSet(rules).size).toBe(result.rules.length);
    expect(new Set(result.rules.map((rule) => rule.id)).size).toBe(result.rules.length);
  });

  it('writes a policy that loads rule for rule, keeping what the license and the signal views need', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wb-sigma-policy-')), 'sigma.policy');
    writeFileSync(file, sigmaPolicyText(result.rules));
    const policy = loadPolicyFile(file);
    expect(policy.skipped).toEqual([]);
    expect(policy.loaded.map((rule) => [rule.id, rule.expression])).toEqual(result.rules.map((rule) => [rule.id, rule.expression]));
    for (const [index, loaded] of policy.loaded.entries()) {
      const sigma = (result.rules[index] as (typeof result.rules)[number]).sigma;
      expect(loaded.description).toBe(sigma.title);
      expect(loaded.tags).toMatchObject({ source: 'sigma', license: 'DRL-1.1', sigma_id: sigma.id });
      expect(loaded.tags['author'], loaded.id).toBe(sigma.author);
      expect(loaded.tags['severity']).toBe(sigma.level === 'informational' ? 'info' : sigma.level);
      for (const tag of sigma.tags.filter((tag) => /^attack\.t\d{4}$/.test(tag))) expect(loaded.productTags).toContain(`technique:${tag.slice(7).toUpperCase()}`);
    }
    // attack.privilege-escalation, attack.persistence, attack.t1548.003 in the Sigma rule:
    const sudoers = policy.loaded.find((rule) => rule.tags['sigma_id'] === 'ddb26b76-4447-4807-871f-1b035b2bfa5d');
    expect(sudoers?.productTags).toEqual(['tactic:TA0004-privilege-escalation', 'tactic:TA0003-persistence', 'technique:T1548', 'subtechnique:T1548.003']);
  });
});
