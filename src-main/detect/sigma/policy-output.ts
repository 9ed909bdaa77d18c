// Translated Sigma rules → a policy file in Datadog's format (the shape src-main/detect/policy.ts loads).
// Each rule keeps what Sigma says about it. Sigma's Detection Rule License requires showing a rule's
// author wherever its matches are shown, so every rule carries its author and license twice: as flat
// string tags (`source: sigma`, `license`, `author`: what the loader keeps today) and in a `sigma:`
// block with the full metadata (lists included) for the signal views.
import { stringify } from 'yaml';
import type { SigmaLevel } from './document.ts';
import { attackProductTags } from './attack.ts';
import type { ImportedRule } from './import.ts';

export const sigmaLicense = { name: 'Detection Rule License (DRL) 1.1', spdx: 'DRL-1.1', url: 'https://github.com/SigmaHQ/Detection-Rule-License' } as const;

/** Sigma levels → the signal severities (Datadog's names). */
const severities: Readonly<Record<SigmaLevel, string>> = { informational: 'info', low: 'low', medium: 'medium', high: 'high', critical: 'critical' };

function definedOnly<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** One policy rule, as a plain object in the order a reader expects. */
export function policyRule(rule: ImportedRule): Record<string, unknown> {
  const sigma = rule.sigma;
  return {
    id: rule.id,
    description: sigma.title,
    expression: rule.expression,
    tags: definedOnly({
      source: 'sigma',
      license: sigmaLicense.spdx,
      author: sigma.author,
      severity: sigma.level && severities[sigma.level],
      sigma_id: sigma.id,
      sigma_status: sigma.status,
    }),
    product_tags: attackProductTags(sigma.tags),
    filters: ['os == "linux"'],
    sigma: definedOnly({
      id: sigma.id,
      title: sigma.title,
      description: sigma.description,
      author: sigma.author,
      license: sigmaLicense.name,
      license_url: sigmaLicense.url,
      status: sigma.status,
      level: sigma.level,
      date: sigma.date,
      modified: sigma.modified,
      tags: sigma.tags,
      references: sigma.references,
      falsepositives: sigma.falsepositives,
      logsource: definedOnly(sigma.logsource),
      file: rule.origin,
    }),
  };
}

export interface PolicyOptions {
  /** The policy's version string. */
  version?: string;
}

/** The YAML text of a policy holding the rules. */
export function sigmaPolicyText(rules: readonly ImportedRule[], options: PolicyOptions = {}): string {
  const header = [
    '# Sigma rules translated to SECL by `workbench rules import-sigma`.',
    `# The rules are licensed under the ${sigmaLicense.name} (${sigmaLicense.url}):`,
    '# show each rule\'s author (tags.author, sigma.author) wherever its matches are shown.',
  ].join('\n');
  const body = stringify({ version: options.version ?? 'sigma', rules: rules.map(policyRule) }, { lineWidth: 0 });
  return `${header}\n${body}`;
}
