// A rule as the edit form gives it → its entry in a policy file. The file is edited as a YAML document,
// so comments, key order and keys the form does not know (filters, actions, group_by, a Sigma rule's
// metadata) stay as the author left them; only the form's keys change. ATT&CK ids become Datadog's
// product tags with the names of the bundled catalogue.
import { isMap, isScalar, isSeq, parse as parseYaml, parseDocument, Scalar, type Document, type Node, type YAMLMap } from 'yaml';
import { ApiError } from '../../../src-shared/api/errors.ts';
import type { Severity } from '../../../src-shared/api/domain.ts';
import type { RuleDetail } from '../../../src-shared/api/rule-packs.ts';
import type { AttackCatalogue } from '../attack.ts';

export interface RuleFields {
  id: string;
  description: string;
  expression: string;
  severity: Severity;
  tactic: string;
  technique: string;
  triage: readonly string[];
  remediation: string;
  tags: Readonly<Record<string, string>>;
  /** The tests as YAML text ('' for none). */
  tests: string;
}

export const newPolicyText = (title: string): string => `# ${title.replace(/\n/g, ' ')}: runtime rules in Datadog's policy format (rules/README.md).
version: 1.0.0
type: policy
rules: []
`;

/** The tests of the form as data, or an error that says where the YAML is wrong. */
export function parseTests(text: string): { match: unknown[]; no_match: unknown[] } | null {
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ApiError('invalid_input', `The tests are not valid YAML: ${(error as Error).message.split('\n')[0]}.`, 'Write them as match: [events] and no_match: [events], one event per line as in rules/README.md.');
  }
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ApiError('invalid_input', 'The tests must be a mapping with match: and no_match: lists.');
  const { match = [], no_match: noMatch = [], ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw new ApiError('invalid_input', `The tests have unknown keys: ${Object.keys(rest).join(', ')} (only match and no_match).`);
  const isEvents = (list: unknown): list is unknown[] => Array.isArray(list) && list.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item));
  if (!isEvents(match) || !isEvents(noMatch)) throw new ApiError('invalid_input', 'tests.match and tests.no_match must be lists of events (mappings such as { type: exec, exec: { file: { path: /bin/sh } } }).');
  return { match, no_match: noMatch };
}

/** The form's text of a rule's tests: one flow mapping per event, as the bundled packs write them. */
export function testsText(tests: { match: readonly unknown[]; noMatch: readonly unknown[] } | undefined): string {
  if (!tests || (tests.match.length === 0 && tests.noMatch.length === 0)) return '';
  const document = parseDocument('{}') as unknown as Document<Node, false>;
  document.contents = document.createNode({ match: tests.match, no_match: tests.noMatch }) as Node;
  flowEvents(document.contents);
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Datadog's ATT&CK product tags for the ids, with the catalogue's names; other product tags are kept. */
export function attackProductTags(tactic: string, technique: string, existing: readonly string[], attack: AttackCatalogue): string[] {
  const tags: string[] = [];
  if (tactic) {
    const name = attack.tacticName(tactic);
    if (!name) throw new ApiError('invalid_input', `${tactic} is not an ATT&CK tactic of the bundled catalogue.`, 'Use a tactic id such as TA0002 (Execution).');
    tags.push(`tactic:${tactic}-${slug(name)}`);
  }
  if (technique) {
    const parent = technique.split('.')[0] as string;
    const parentName = attack.techniqueName(parent);
    if (!parentName) throw new ApiError('invalid_input', `${parent} is not an ATT&CK technique of the bundled catalogue.`, 'Use a technique id such as T1059, or a sub-technique such as T1059.004.');
    tags.push(`technique:${parent}-${slug(parentName)}`);
    if (technique.includes('.')) {
      const name = attack.techniqueName(technique);
      if (!name) throw new ApiError('invalid_input', `${technique} is not an ATT&CK sub-technique of the bundled catalogue.`, `Use ${parent} alone, or a sub-technique the catalogue has.`);
      tags.push(`subtechnique:${technique}-${slug(name)}`);
    }
    if (tactic && !attack.tacticsOf(technique).includes(tactic)) {
      throw new ApiError('invalid_input', `ATT&CK technique ${technique} does not serve tactic ${tactic} (it serves ${attack.tacticsOf(technique).join(', ')}).`);
    }
  }
  return [...tags, ...existing.filter((tag) => !/^(tactic|technique|subtechnique):/.test(tag))];
}

function flowEvents(tests: unknown): void {
  if (!isMap(tests)) return;
  for (const key of ['match', 'no_match']) {
    const list = tests.get(key, true);
    if (!isSeq(list)) continue;
    list.flow = false;
    for (const item of list.items) if (isMap(item)) item.flow = true;
  }
}

function textNode(document: Document<Node, false>, value: string): Node {
  const node = document.createNode(value) as Scalar;
  if (value.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
  return node;
}

/** The document of a policy text, or an ApiError naming the file and line when it is not one. */
export function policyDocument(text: string, file: string): Document<Node, false> {
  const document = parseDocument(text) as unknown as Document<Node, false>;
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    throw new ApiError('bad_file', `${file} is not valid YAML (line ${error.linePos?.[0]?.line ?? '?'}: ${error.message.split('\n')[0]}); nothing was changed.`, 'Fix the file by hand, or restore an earlier version from the pack\'s history.');
  }
  if (document.contents === null) document.contents = document.createNode({ version: '1.0.0', type: 'policy', rules: [] }) as Node;
  if (!isMap(document.contents)) throw new ApiError('bad_file', `${file} is not a policy (a YAML mapping with rules); nothing was changed.`);
  return document;
}

function rulesOf(document: Document<Node, false>, file: string): { items: unknown[] } & Node {
  const contents = document.contents as YAMLMap;
  let rules = contents.get('rules', true);
  if (rules === null || rules === undefined || (isScalar(rules) && rules.value === null)) {
    contents.set('rules', document.createNode([]));
    rules = contents.get('rules', true);
  }
  if (!isSeq(rules)) throw new ApiError('bad_file', `The rules of ${file} are not a list; nothing was changed.`);
  rules.flow = false;
  return rules;
}

export function findRuleNode(document: Document<Node, false>, id: string, file: string): YAMLMap | null {
  const rules = rulesOf(document, file);
  return (rules.items.find((item) => isMap(item) && item.get('id') === id) as YAMLMap | undefined) ?? null;
}

/**
 * The text of `file` with the rule written in: a change of the rule `originalId` (null: a new rule,
 * appended). Keys the form leaves empty are removed; keys it does not know are kept.
 */
export function writeRule(text: string, file: string, originalId: string | null, fields: RuleFields, attack: AttackCatalogue): string {
  const document = policyDocument(text, file);
  const rules = rulesOf(document, file);
  let node: YAMLMap;
  if (originalId === null) {
    node = document.createNode({ id: fields.id }) as YAMLMap;
    rules.items.push(node);
  } else {
    const found = findRuleNode(document, originalId, file);
    if (!found) throw new ApiError('not_found', `${file} has no rule ${originalId} any more; nothing was changed.`, 'Reload the rule: the file may have been edited meanwhile.');
    node = found;
  }
  const previous = (node.toJSON() ?? {}) as Record<string, unknown>;
  const set = (key: string, value: Node | null): void => {
    if (value === null) node.delete(key);
    else node.set(key, value);
  };
  set('id', document.createNode(fields.id) as Node);
  set('description', textNode(document, fields.description.trim()));
  set('expression', textNode(document, fields.expression.trim()));
  const existingProductTags = Array.isArray(previous['product_tags']) ? previous['product_tags'].filter((tag): tag is string => typeof tag === 'string') : [];
  const productTags = attackProductTags(fields.tactic, fields.technique, existingProductTags, attack);
  set('product_tags', productTags.length > 0 ? (document.createNode(productTags) as Node) : null);
  set('severity', document.createNode(fields.severity) as Node);
  const triage = fields.triage.map((step) => step.trim()).filter(Boolean);
  set('triage', triage.length > 0 ? (document.createNode(triage) as Node) : null);
  set('remediation', fields.remediation.trim() ? textNode(document, fields.remediation.trim()) : null);
  // a Sigma rule's author and license go wherever the rule goes (Detection Rule License)
  const previousTags = previous['tags'] !== null && typeof previous['tags'] === 'object' ? (previous['tags'] as Record<string, unknown>) : {};
  const tags: Record<string, string> = { ...fields.tags };
  if (previousTags['source'] === 'sigma') for (const key of ['source', 'license', 'author']) if (previousTags[key] !== undefined && tags[key] === undefined) tags[key] = String(previousTags[key]);
  set('tags', Object.keys(tags).length > 0 ? (document.createNode(tags) as Node) : null);
  const tests = parseTests(fields.tests);
  if (tests) {
    const testsNode = document.createNode(tests) as Node;
    flowEvents(testsNode);
    set('tests', testsNode);
  } else set('tests', null);
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** The text of `file` without the rule; null when the file has no such rule. */
export function removeRule(text: string, file: string, id: string): string | null {
  const document = policyDocument(text, file);
  const rules = rulesOf(document, file);
  const index = rules.items.findIndex((item) => isMap(item) && item.get('id') === id);
  if (index < 0) return null;
  rules.items.splice(index, 1);
  return document.toString({ lineWidth: 0, flowCollectionPadding: false });
}

export function stringTags(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, String(item)]));
}

export function textList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** What a translated Sigma rule keeps of its source (policy-output.ts writes it under `sigma:`). */
export function sigmaNotes(value: unknown): RuleDetail['origin'] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const sigma = value as Record<string, unknown>;
  const list = (item: unknown): string[] => (typeof item === 'string' ? [item] : textList(item));
  const notes: RuleDetail['origin'] = [
    { label: 'Sigma description', items: list(sigma['description']) },
    { label: 'False positives', items: list(sigma['falsepositives']) },
    { label: 'References', items: list(sigma['references']) },
    { label: 'Sigma rule', items: [[sigma['status'] && `status ${String(sigma['status'])}`, sigma['level'] && `level ${String(sigma['level'])}`, sigma['file'] && `from ${String(sigma['file'])}`, sigma['id'] && `id ${String(sigma['id'])}`].filter(Boolean).join(', ')].filter(Boolean) },
  ];
  return notes.filter((note) => note.items.length > 0);
}
