// Datadog policy files (YAML: version, macros, rules) → compiled rules, with an exact account of every
// rule that did not load: filtered out (os filter, agent_version, disabled), unsupported by the workbench
// sensor (event type, field, variables set by actions we do not run), or an error (SECL we failed to
// understand, a bug to fix or a broken rule). Actions are ignored: the workbench reports, it does not act.
// The workbench's own keys (severity, triage, remediation, group_by, tests; ATT&CK ids from product_tags)
// are read by rule-metadata.ts; our packs load strict, so a rule without them is an error.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { compileRule, defineMacros, fieldDef, RuleSet, type CompiledRule, type MacroSource, type SeclError, type VariableDef } from '../../src-shared/secl/index.ts';
import { bundledAttackCatalogue, type AttackCatalogue } from './attack.ts';
import { checkFilters, satisfiesAgentVersion, workbenchFacts, type Facts } from './policy-filters.ts';
import { readRuleMetadata, type RuleMetadata } from './rule-metadata.ts';

/** Variants of one rule share an id up to a version suffix: foo, foo_v2, foo_v3. */
function familyOf(id: string): { family: string; version: number } {
  const match = /^(.*)_v(\d+)$/.exec(id);
  return match ? { family: match[1] as string, version: Number(match[2]) } : { family: id, version: 1 };
}

const setAction = z
  .object({
    name: z.string(),
    scope: z.string().optional(),
    value: z.unknown().optional(),
    default_value: z.unknown().optional(),
    field: z.string().optional(),
    append: z.boolean().optional(),
  })
  .loose();

const ruleEntry = z
  .object({
    id: z.string().min(1),
    expression: z.string().optional(),
    description: z.string().optional(),
    tags: z.record(z.string(), z.unknown()).optional(),
    product_tags: z.array(z.string()).optional(),
    filters: z.array(z.string()).optional(),
    disabled: z.boolean().optional(),
    silent: z.boolean().optional(),
    agent_version: z.string().optional(),
    actions: z.array(z.object({ set: setAction.optional() }).loose()).optional(),
  })
  .loose();

const macroEntry = z
  .object({ id: z.string().min(1), expression: z.string().optional(), values: z.array(z.string()).optional(), filters: z.array(z.string()).optional(), agent_version: z.string().optional() })
  .loose();

const policyFile = z
  .object({
    version: z.union([z.string(), z.number()]).optional(),
    macros: z.array(macroEntry).nullish(),
    // Checked one by one below, so one malformed rule does not reject the file.
    rules: z.array(z.unknown()).nullish(),
  })
  .loose();

/** A rule as loaded; the workbench metadata (RuleMetadata) is always there for our packs, optional elsewhere. */
export interface LoadedRule extends CompiledRule, RuleMetadata {
  description: string;
  tags: Readonly<Record<string, string>>;
  productTags: readonly string[];
  /** Silent rules feed other rules in Datadog and raise no signal. */
  silent: boolean;
}

export type SkipKind = 'filtered' | 'unsupported' | 'error';

export interface SkippedRule {
  id: string;
  kind: SkipKind;
  /** Why, in a sentence, with the place in the expression when there is one. */
  reason: string;
  /** A short key to group reasons by: "event type dns", "field process.file.mode", "os filter". */
  key: string;
  errors: readonly SeclError[];
  /** For a rule the workbench cannot evaluate: an older variant of it that did load and detects the same thing. */
  coveredBy?: string;
}

export interface PolicyLoadResult {
  version: string | null;
  loaded: LoadedRule[];
  skipped: SkippedRule[];
  ruleSet: RuleSet<LoadedRule>;
  counts: { loaded: number; filtered: number; unsupported: number; errors: number };
}

export interface LoadPolicyOptions {
  facts?: Facts;
  /**
   * Honour agent_version as a Datadog agent of this version would. Without it, agent_version is ignored
   * and, of the variants of a rule (foo, foo_v2, …), the newest one the workbench can evaluate loads:
   * Datadog's newest variants often rate-limit through variables set by actions, which we do not run,
   * and their older stateless variants then still detect the same thing.
   */
  agentVersion?: string;
  /** Macros of the other files of the same rule pack, visible to this file's rules (its own macros win). */
  sharedMacros?: readonly MacroSource[];
  /** Our own packs: every rule must carry the workbench metadata (rules/README.md), or it is an error. */
  strict?: boolean;
  /** ATT&CK ids are checked against this catalogue in strict mode (default: the bundled one). */
  attack?: AttackCatalogue;
}

export class PolicyError extends Error {}

const unsupportedCodes = new Set(['unsupported-event-type', 'unavailable-field', 'action-variable']);

function keyOf(error: SeclError): string {
  const subject = /^(?:in macro \S+ \(at [^)]*\): )?(\S+)/.exec(error.reason)?.[1] ?? '';
  switch (error.code) {
    case 'unsupported-event-type':
      return `event type ${subject.split('.')[0] ?? subject}`;
    case 'unavailable-field':
      return `field ${subject}`;
    case 'action-variable':
      return 'variables set by rule actions';
    default:
      return error.code;
  }
}

function classify(id: string, errors: readonly SeclError[]): SkippedRule {
  const unsupported = errors.filter((error) => unsupportedCodes.has(error.code));
  const syntax = errors.some((error) => error.code === 'syntax');
  // Event types first: a rule about DNS is about DNS, whatever else it reads.
  const ranked = [...unsupported].sort((a, b) => Number(b.code === 'unsupported-event-type') - Number(a.code === 'unsupported-event-type'));
  const main = !syntax && ranked[0] ? ranked[0] : (errors[0] as SeclError);
  const kind: SkipKind = !syntax && unsupported.length > 0 ? 'unsupported' : 'error';
  return { id, kind, reason: main.message, key: keyOf(main), errors };
}

function typeOfValue(value: unknown): VariableDef | null {
  if (Array.isArray(value)) {
    const inner = typeOfValue(value[0] ?? '');
    return inner && { ...inner, array: true };
  }
  if (typeof value === 'string') return { type: 'string', array: false };
  if (typeof value === 'number') return { type: 'int', array: false };
  if (typeof value === 'boolean') return { type: 'bool', array: false };
  return null;
}

/** Variables the policy's rules set through actions: known to the checker, flagged as never set here. */
function actionVariables(rules: readonly z.infer<typeof ruleEntry>[]): Record<string, VariableDef> {
  const variables: Record<string, VariableDef> = {};
  for (const rule of rules) {
    for (const action of rule.actions ?? []) {
      const set = action.set;
      if (!set) continue;
      const name = set.scope ? `${set.scope}.${set.name}` : set.name;
      const field = set.field ? fieldDef(set.field) : undefined;
      const base = typeOfValue(set.value) ?? typeOfValue(set.default_value) ?? (field ? { type: field.type === 'time' ? 'int' : field.type, array: false } : { type: 'string', array: false });
      variables[name] = { type: base.type, array: base.array || set.append === true, fromActions: true } as VariableDef;
    }
  }
  return variables;
}

function stringTags(tags: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).map(([key, value]) => [key, String(value)]));
}

function parsePolicy(text: string): z.infer<typeof policyFile> {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new PolicyError(`the policy is not valid YAML: ${(error as Error).message}`);
  }
  const shape = policyFile.safeParse(document ?? {});
  if (!shape.success) {
    const issue = shape.error.issues[0];
    throw new PolicyError(`the policy does not have Datadog's shape: ${issue ? `${issue.path.join('.') || '(file)'}: ${issue.message}` : 'bad shape'}`);
  }
  return shape.data;
}

/** The policy's macros that apply here (their filters and agent_version pass), as the engine takes them. */
function macroSources(policy: z.infer<typeof policyFile>, facts: Facts, agentVersion: string | undefined): MacroSource[] {
  return (policy.macros ?? [])
    .filter((macro) => checkFilters(macro.filters ?? [], facts).pass && (macro.agent_version === undefined || agentVersion === undefined || satisfiesAgentVersion(macro.agent_version, agentVersion) !== false))
    .map((macro) => ({ id: macro.id, expression: macro.expression ?? `[${(macro.values ?? []).map((value) => JSON.stringify(value)).join(', ')}]` }));
}

/** The macros a policy file defines, for the other files of its rule pack. */
export function readPolicyMacros(text: string, options: Pick<LoadPolicyOptions, 'facts' | 'agentVersion'> = {}): MacroSource[] {
  return macroSources(parsePolicy(text), options.facts ?? workbenchFacts, options.agentVersion);
}

export function loadPolicy(text: string, options: LoadPolicyOptions = {}): PolicyLoadResult {
  const facts = options.facts ?? workbenchFacts;
  const agentVersion = options.agentVersion;
  const policy = parsePolicy(text);
  const rules: z.infer<typeof ruleEntry>[] = [];
  const skipped: SkippedRule[] = [];
  (policy.rules ?? []).forEach((entry, index) => {
    const rule = ruleEntry.safeParse(entry);
    if (rule.success) {
      rules.push(rule.data);
      return;
    }
    const id = typeof (entry as { id?: unknown } | null)?.id === 'string' ? (entry as { id: string }).id : `rules[${index}]`;
    const issue = rule.error.issues[0];
    skipped.push({ id, kind: 'error', reason: `malformed rule: ${issue ? `${issue.path.join('.') || '(rule)'}: ${issue.message}` : 'bad shape'}`, key: 'malformed rule', errors: [] });
  });
  const macros = defineMacros([...(options.sharedMacros ?? []), ...macroSources(policy, facts, agentVersion)]);
  const strict = options.strict ?? false;
  // Only strict loading checks ATT&CK ids, so only it needs the catalogue.
  const attack = strict ? (options.attack ?? bundledAttackCatalogue()) : undefined;
  const variables = actionVariables(rules);
  const loaded: LoadedRule[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const filtered = (reason: string, key: string): void => {
      skipped.push({ id: rule.id, kind: 'filtered', reason, key, errors: [] });
    };
    if (seen.has(rule.id)) {
      skipped.push({ id: rule.id, kind: 'error', reason: `a rule with id ${rule.id} is already defined in the policy`, key: 'duplicate id', errors: [] });
      continue;
    }
    seen.add(rule.id);
    if (rule.disabled) {
      filtered('disabled in the policy', 'disabled');
      continue;
    }
    const verdict = checkFilters(rule.filters ?? [], facts);
    if (!verdict.pass) {
      filtered(verdict.reason, (rule.filters ?? []).some((filter) => /\bos\b/.test(filter)) ? 'os filter' : 'filter');
      continue;
    }
    if (rule.agent_version !== undefined && agentVersion !== undefined && satisfiesAgentVersion(rule.agent_version, agentVersion) === false) {
      filtered(`agent_version ${rule.agent_version} excludes agent ${agentVersion}`, 'agent_version');
      continue;
    }
    if (rule.expression === undefined) {
      skipped.push({ id: rule.id, kind: 'error', reason: 'the rule has no expression', key: 'no expression', errors: [] });
      continue;
    }
    const outcome = compileRule({ id: rule.id, expression: rule.expression }, { macros, variables });
    if (!outcome.ok) {
      skipped.push(classify(rule.id, outcome.errors));
      continue;
    }
    const { metadata, problems } = readRuleMetadata(rule, attack ? { strict: true, attack } : { strict: false });
    if (problems.length > 0) {
      skipped.push({ id: rule.id, kind: 'error', reason: `workbench metadata: ${problems.join('; ')}`, key: 'workbench metadata', errors: [] });
      continue;
    }
    loaded.push({
      ...outcome.rule,
      ...metadata,
      description: rule.description ?? '',
      tags: stringTags(rule.tags),
      productTags: rule.product_tags ?? [],
      silent: rule.silent ?? false,
    });
  }
  if (agentVersion === undefined) keepNewestVariants(loaded, skipped);
  const count = (kind: SkipKind): number => skipped.filter((entry) => entry.kind === kind).length;
  return {
    version: policy.version === undefined ? null : String(policy.version),
    loaded,
    skipped,
    ruleSet: new RuleSet<LoadedRule>(loaded),
    counts: { loaded: loaded.length, filtered: count('filtered'), unsupported: count('unsupported'), errors: count('error') },
  };
}

/** Of the loaded variants of each rule, keeps the newest; the others become 'filtered', superseded. */
function keepNewestVariants(loaded: LoadedRule[], skipped: SkippedRule[]): void {
  const newest = new Map<string, { id: string; version: number }>();
  for (const rule of loaded) {
    const { family, version } = familyOf(rule.id);
    const best = newest.get(family);
    if (!best || version > best.version) newest.set(family, { id: rule.id, version });
  }
  const kept = loaded.filter((rule) => newest.get(familyOf(rule.id).family)?.id === rule.id);
  for (const entry of skipped) {
    const variant = newest.get(familyOf(entry.id).family);
    if (entry.kind === 'unsupported' && variant && variant.version < familyOf(entry.id).version) entry.coveredBy = variant.id;
  }
  for (const rule of loaded) {
    if (kept.includes(rule)) continue;
    const by = newest.get(familyOf(rule.id).family)?.id ?? '';
    skipped.push({ id: rule.id, kind: 'filtered', reason: `superseded by ${by}, a newer variant of the same rule`, key: 'superseded by a newer variant', errors: [] });
  }
  loaded.splice(0, loaded.length, ...kept);
}

export function loadPolicyFile(path: string, options: LoadPolicyOptions = {}): PolicyLoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PolicyError(`cannot read the policy ${path}: ${(error as Error).message}`);
  }
  try {
    return loadPolicy(text, options);
  } catch (error) {
    if (error instanceof PolicyError) throw new PolicyError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Reasons by how many rules they keep out, most first: the report a user reads before adopting a policy. */
export function topReasons(result: PolicyLoadResult, kind: SkipKind): { key: string; rules: number }[] {
  const counts = new Map<string, number>();
  for (const entry of result.skipped) if (entry.kind === kind) counts.set(entry.key, (counts.get(entry.key) ?? 0) + 1);
  return [...counts].map(([key, rules]) => ({ key, rules })).sort((a, b) => b.rules - a.rules || a.key.localeCompare(b.key));
}
