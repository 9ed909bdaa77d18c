// What the workbench adds to a rule of Datadog's policy format (rules/README.md): severity, the ATT&CK
// tactic and technique (read from product_tags, where Datadog keeps them), triage steps, remediation,
// the signal's group-by fields and the rule's own tests. Our packs must carry all of it (strict); in
// other policies it is optional, but what is written must be right.
import { fieldDef } from '../../src-shared/secl/index.ts';
import type { AttackCatalogue } from './attack.ts';

export const severities = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export type TestEvent = Readonly<Record<string, unknown>>;

/** Events written compactly in the sensor's JSON shape (rule-test-events.ts expands them). */
export interface RuleTests {
  match: readonly TestEvent[];
  noMatch: readonly TestEvent[];
}

export interface RuleMetadata {
  severity?: Severity;
  /** ATT&CK tactic id, e.g. TA0002. */
  tactic?: string;
  /** ATT&CK technique or sub-technique id, the most specific the rule names, e.g. T1059.004. */
  technique?: string;
  triage?: readonly string[];
  remediation?: string;
  /** Fields whose values split the rule's matches into separate signals, e.g. process.parent.pid. */
  groupBy?: readonly string[];
  tests?: RuleTests;
}

export interface MetadataOutcome {
  metadata: RuleMetadata;
  /** What is missing or wrong, one phrase each; empty when the rule is fine. */
  problems: string[];
}

interface Attack {
  tactics: string[];
  techniques: string[];
  subtechniques: string[];
}

/** ATT&CK ids in Datadog's product tags: tactic:TA0002-execution, technique:T1059-…, subtechnique:T1059.004-…. */
function attackTags(productTags: readonly string[]): Attack {
  const found: Attack = { tactics: [], techniques: [], subtechniques: [] };
  for (const tag of productTags) {
    const tactic = /^tactic:(TA\d{4})(?:-|$)/.exec(tag);
    if (tactic) found.tactics.push(tactic[1] as string);
    const technique = /^(sub)?technique:(T\d{4}(?:\.\d{3})?)(?:-|$)/.exec(tag);
    if (technique) (technique[1] ? found.subtechniques : found.techniques).push(technique[2] as string);
  }
  return found;
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '');
}

function isEventList(value: unknown): value is TestEvent[] {
  return Array.isArray(value) && value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
}

function readAttack(productTags: readonly string[], attack: AttackCatalogue | undefined, problems: string[]): Pick<RuleMetadata, 'tactic' | 'technique'> {
  const tags = attackTags(productTags);
  const specific = tags.subtechniques[0] ?? tags.techniques.find((id) => id.includes('.')) ?? tags.techniques[0];
  const result = { tactic: tags.tactics[0], technique: specific };
  if (!attack) return result;
  if (tags.tactics.length !== 1) problems.push(tags.tactics.length === 0 ? 'no ATT&CK tactic (a product tag like tactic:TA0002-execution)' : `several ATT&CK tactics (${tags.tactics.join(', ')}): name one`);
  if (!specific) problems.push('no ATT&CK technique (a product tag like technique:T1059-command-and-scripting-interpreter)');
  if (tags.techniques.length + tags.subtechniques.length > 2) problems.push('more than one ATT&CK technique: name one (and its sub-technique)');
  const tactic = tags.tactics[0];
  if (tactic && !attack.tacticName(tactic)) problems.push(`unknown ATT&CK tactic ${tactic}`);
  for (const id of [...tags.techniques, ...tags.subtechniques]) if (!attack.techniqueName(id)) problems.push(`ATT&CK technique ${id} is not in the bundled catalogue (resources/attack)`);
  const parent = tags.techniques.find((id) => !id.includes('.'));
  if (tags.subtechniques[0] && parent && tags.subtechniques[0].split('.')[0] !== parent) problems.push(`sub-technique ${tags.subtechniques[0]} is not a sub-technique of ${parent}`);
  if (tactic && specific && attack.techniqueName(specific) && !attack.tacticsOf(specific).includes(tactic)) {
    problems.push(`ATT&CK technique ${specific} does not serve tactic ${tactic} (it serves ${attack.tacticsOf(specific).join(', ')})`);
  }
  return result;
}

/**
 * Reads the workbench keys of one rule entry. Strict (our packs): every key but group_by is required.
 * Otherwise a missing key is fine, a malformed one is a problem, and ATT&CK ids are taken as written.
 */
export function readRuleMetadata(entry: Readonly<Record<string, unknown>>, options: { strict: false } | { strict: true; attack: AttackCatalogue }): MetadataOutcome {
  const strict = options.strict;
  const attack = options.strict ? options.attack : undefined;
  const problems: string[] = [];
  const metadata: RuleMetadata = {};
  const productTags = Array.isArray(entry['product_tags']) ? entry['product_tags'].filter((tag): tag is string => typeof tag === 'string') : [];
  const tags = entry['tags'] !== null && typeof entry['tags'] === 'object' ? (entry['tags'] as Record<string, unknown>) : {};
  const missing = (key: string): void => {
    if (strict) problems.push(`no ${key}`);
  };

  if (strict && (typeof entry['description'] !== 'string' || entry['description'].trim() === '')) problems.push('no description');

  // A severity tag is how the Sigma importer (and some users) say it; the workbench key wins.
  const severity = entry['severity'] ?? (strict ? undefined : tags['severity']);
  if (severity === undefined) missing('severity');
  else if ((severities as readonly unknown[]).includes(severity)) metadata.severity = severity as Severity;
  else if (entry['severity'] !== undefined) problems.push(`severity must be one of ${severities.join(', ')}, not ${JSON.stringify(severity)}`);

  const { tactic, technique } = readAttack(productTags, attack, problems);
  if (tactic) metadata.tactic = tactic;
  if (technique) metadata.technique = technique;

  const triage = entry['triage'];
  if (triage === undefined) missing('triage');
  else if (isTextList(triage) && triage.length > 0) metadata.triage = triage;
  else problems.push('triage must be a list of steps (non-empty strings)');

  const remediation = entry['remediation'];
  if (remediation === undefined) missing('remediation');
  else if (typeof remediation === 'string' && remediation.trim() !== '') metadata.remediation = remediation.trim();
  else problems.push('remediation must be a non-empty text');

  const groupBy = entry['group_by'];
  if (groupBy !== undefined) {
    if (!isTextList(groupBy) || groupBy.length === 0) problems.push('group_by must be a list of field names');
    else {
      const unknown = groupBy.filter((name) => !fieldDef(name));
      if (unknown.length > 0) problems.push(`group_by names unknown fields: ${unknown.join(', ')}`);
      else metadata.groupBy = groupBy;
    }
  }

  const tests = entry['tests'];
  if (tests === undefined) missing('tests');
  else if (tests === null || typeof tests !== 'object' || Array.isArray(tests)) problems.push('tests must be { match: [events], no_match: [events] }');
  else {
    const { match = [], no_match: noMatch = [], ...rest } = tests as Record<string, unknown>;
    if (Object.keys(rest).length > 0) problems.push(`tests has unknown keys: ${Object.keys(rest).join(', ')} (only match and no_match)`);
    if (!isEventList(match) || !isEventList(noMatch)) problems.push('tests.match and tests.no_match must be lists of events (objects)');
    else {
      if (strict && match.length === 0) problems.push('no test event that must match (tests.match)');
      if (strict && noMatch.length === 0) problems.push('no test event that must not match (tests.no_match)');
      metadata.tests = { match, noMatch };
    }
  }
  return { metadata, problems };
}
