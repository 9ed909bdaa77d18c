// One Sigma rule → SECL rules over the sensor's events, or the exact reason it cannot be translated.
// A translation must mean what the Sigma rule means: a field, modifier or value the events cannot
// honour makes the whole rule untranslatable rather than quietly broader or narrower. Every expression
// produced is compiled by the real engine; one that does not compile is a translation bug (an error).
import { compileRule, type SeclError } from '../../../src-shared/secl/index.ts';
import { parseCondition, ConditionError, ConditionUnsupported, type Condition } from './condition.ts';
import type { Place, SigmaRule } from './document.ts';
import { and, cmp, fieldsIn, fold, not, or, render, unavailable, unavailableIn, type Expr } from './expr.ts';
import { mapField, type Category, type FieldTarget, type ImageContext, type Target } from './field-map.ts';
import {
  booleanOf,
  integerOf,
  ipLiterals,
  isRefusal,
  MalformedRule,
  matchesEmpty,
  parseModifiers,
  regexLiteral,
  stringRegexes,
  type Modifiers,
  type Scalar,
} from './modifiers.ts';

/** One SECL rule of a translation. `suffix` tells the rules of a two-direction network rule apart. */
export interface SeclTranslation {
  suffix: '' | '_inbound';
  eventType: Target['eventType'];
  expression: string;
}

export type Translation =
  | { kind: 'translated'; rule: SigmaRule; secl: SeclTranslation[] }
  | { kind: 'untranslatable'; rule: SigmaRule; key: string; reason: string }
  | { kind: 'error'; rule: SigmaRule; place: Place; key: string; reason: string; errors?: readonly SeclError[] };

const categories: Readonly<Record<string, Category>> = {
  process_creation: 'process_creation',
  file_event: 'file_event',
  // Not a Sigma taxonomy name, but used by some rule sets for the same Sysmon event (file created).
  file_create: 'file_event',
  network_connection: 'network_connection',
};

function targetsOf(category: Category): Target[] {
  switch (category) {
    case 'process_creation':
      return [{ category, eventType: 'exec' }];
    case 'file_event':
      return [{ category, eventType: 'open' }];
    case 'network_connection':
      return [
        { category, eventType: 'connect', direction: 'outbound' },
        { category, eventType: 'accept', direction: 'inbound' },
      ];
  }
}

/**
 * What every event of the target must also satisfy. Sysmon reports a file when a successful open with
 * O_CREAT made it; the sensor reports opens, failed ones too, and cannot tell a new file from an
 * existing one reopened with O_CREAT (Datadog's own policy reads file creation the same way).
 */
function baseOf(target: Target): Expr[] {
  return target.eventType === 'open' ? [cmp('open.flags & O_CREAT', '>', '0'), cmp('open.retval', '>=', '0')] : [];
}

/** A condition that holds for every event of the type: SECL needs one field of the event type. */
const anchors: Readonly<Record<Target['eventType'], Expr>> = {
  exec: cmp('exec.file.path', '!=', '""'),
  open: cmp('open.file.path', '!=', '""'),
  connect: cmp('connect.addr.family', 'in', '[AF_INET, AF_INET6]'),
  accept: cmp('accept.addr.family', 'in', '[AF_INET, AF_INET6]'),
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function refused(refusal: { key: string; reason: string }): Expr {
  return unavailable(refusal.key, refusal.reason);
}

/** Image: the interpreter of a script, the executable otherwise. */
function imageExpr(context: ImageContext, compare: (field: string) => Expr, canMatchEmpty: boolean): Expr {
  const interpreter = `${context}.interpreter.file.path`;
  const viaInterpreter = compare(interpreter);
  return or([
    canMatchEmpty ? and([cmp(interpreter, '!=', '""'), viaInterpreter]) : viaInterpreter,
    and([cmp(interpreter, '==', '""'), compare(`${context}.file.path`)]),
  ]);
}

/** Any (or, with |all, every) of the values, compared with `op` one by one or as one list. */
function anyOrAll(field: string, literals: readonly string[], all: boolean, op: '=~' | '=='): Expr {
  if (all) return and(literals.map((literal) => cmp(field, op, literal)));
  return literals.length === 1 ? cmp(field, op, literals[0] as string) : cmp(field, 'in', `[${literals.join(', ')}]`);
}

function stringItem(target: FieldTarget & { kind: 'string' | 'image' }, values: readonly Scalar[], modifiers: Modifiers, key: string, path: readonly (string | number)[]): Expr {
  if (modifiers.match === 'exists') {
    const wanted = values.length === 1 ? booleanOf(values[0] as Scalar) : null;
    if (wanted === null) throw new MalformedRule(`${key}: exists takes true or false`, path);
    const field = target.kind === 'image' ? `${target.context}.file.path` : target.field;
    return cmp(field, wanted ? '!=' : '==', '""');
  }
  const regexes = stringRegexes(values, modifiers, key);
  if (isRefusal(regexes)) return refused(regexes);
  const literals = regexes.map(regexLiteral);
  const compare = (field: string): Expr => anyOrAll(field, literals, modifiers.all, '=~');
  if (target.kind === 'string') return compare(target.field);
  return imageExpr(target.context, compare, modifiers.all ? regexes.every(matchesEmpty) : regexes.some(matchesEmpty));
}

function intItem(field: string, values: readonly Scalar[], modifiers: Modifiers, key: string): Expr {
  const numbers: number[] = [];
  for (const value of values) {
    const number = integerOf(value);
    if (number === null) return unavailable(`${key.split('|')[0]} value`, `${key}: '${String(value)}' is not a whole number, and ${field} is one`);
    numbers.push(number);
  }
  const ordering = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
  if (modifiers.match in ordering) {
    const op = ordering[modifiers.match as keyof typeof ordering];
    const comparisons = numbers.map((number) => cmp(field, op, String(number)));
    return modifiers.all ? and(comparisons) : or(comparisons);
  }
  if (modifiers.match !== 'equals') return unavailable(`modifier ${modifiers.match}`, `${key}: ${modifiers.match} does not apply to a number`);
  return anyOrAll(field, numbers.map(String), modifiers.all, '==');
}

function enumItem(field: string, values: readonly Scalar[], modifiers: Modifiers, key: string, constant: (value: Scalar) => string | null, what: string): Expr {
  if (modifiers.match !== 'equals') return unavailable(`modifier ${modifiers.match}`, `${key}: ${modifiers.match} does not apply to ${what}`);
  const constants: string[] = [];
  for (const value of values) {
    const name = constant(value);
    if (name === null) return unavailable(`${key.split('|')[0]} value`, `${key}: '${String(value)}' is not ${what} the sensor reports`);
    constants.push(name);
  }
  return anyOrAll(field, constants, modifiers.all, '==');
}

const protocols: Readonly<Record<string, string>> = { tcp: 'IPPROTO_TCP', udp: 'IPPROTO_UDP', icmp: 'IPPROTO_ICMP', icmpv6: 'IPPROTO_ICMPV6', sctp: 'IPPROTO_SCTP' };

/** One `Field|modifiers: values` entry of a search identifier. */
function fieldItem(key: string, value: unknown, target: Target, path: readonly (string | number)[]): Expr {
  const [field = '', ...modifierNames] = key.split('|');
  if (field === '') return unavailable('keywords without a field', `${key}: a search without a field (keywords) looks at the whole raw event, which SECL has no equivalent of`);
  let values: Scalar[];
  if (isScalar(value)) values = [value];
  else if (Array.isArray(value) && value.length > 0 && value.every(isScalar)) values = value;
  else throw new MalformedRule(`${key}: expected a value or a non-empty list of values`, path);
  const mapped = mapField(field, target);
  if (mapped.kind === 'unavailable') return unavailable(`field ${field}`, `field ${field}: ${mapped.reason}`);
  const modifiers = parseModifiers(modifierNames, key, path);
  if (isRefusal(modifiers)) return refused(modifiers);
  switch (mapped.kind) {
    case 'string':
    case 'image':
      return stringItem(mapped, values, modifiers, key, path);
    case 'int':
      return intItem(mapped.field, values, modifiers, key);
    case 'ip': {
      if (modifiers.all) return unavailable('modifier all', `${key}: one connection has one address, so |all of several addresses never holds`);
      const literals = ipLiterals(values, modifiers, key, path);
      if (isRefusal(literals)) return refused(literals);
      return literals.length === 1 && !literals[0]?.includes('/') ? cmp(mapped.field, '==', literals[0] as string) : cmp(mapped.field, 'in', `[${literals.join(', ')}]`);
    }
    case 'ipv6':
      return enumItem(mapped.field, values, modifiers, key, (v) => (booleanOf(v) === null ? null : booleanOf(v) ? 'AF_INET6' : 'AF_INET'), 'true or false');
    case 'protocol':
      return enumItem(mapped.field, values, modifiers, key, (v) => protocols[String(v).toLowerCase()] ?? null, 'a protocol name');
    case 'initiated': {
      if (modifiers.match !== 'equals') return unavailable(`modifier ${modifiers.match}`, `${key}: ${modifiers.match} does not apply to Initiated`);
      const outbound = target.direction === 'outbound';
      const holds = values.map((v) => {
        const initiated = booleanOf(v);
        if (initiated === null) throw new MalformedRule(`${key}: Initiated is 'true' or 'false', not '${String(v)}'`, path);
        return { k: 'const', value: initiated === outbound } as Expr;
      });
      return modifiers.all ? and(holds) : or(holds);
    }
  }
}

/** A search identifier: a map (all entries hold), a list of maps (any map holds), or keywords. */
function searchExpr(name: string, value: unknown, target: Target): Expr {
  const mapExpr = (map: Record<string, unknown>, path: (string | number)[]): Expr => {
    const entries = Object.entries(map);
    if (entries.length === 0) throw new MalformedRule(`search identifier ${name} is an empty map`, path);
    return and(entries.map(([key, item]) => fieldItem(key, item, target, [...path, key])));
  };
  if (isPlainObject(value)) return mapExpr(value, [name]);
  if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) return or(value.map((map, index) => mapExpr(map, [name, index])));
  if ((isScalar(value) && value !== null) || (Array.isArray(value) && value.length > 0 && value.every(isScalar))) {
    return unavailable('keywords without a field', `search identifier ${name}: keywords without a field look at the whole raw event, which SECL has no equivalent of`);
  }
  throw new MalformedRule(`search identifier ${name} must be a map of fields, a list of maps, or a list of keywords`, [name]);
}

function conditionExpr(condition: Condition, searches: ReadonlyMap<string, unknown>, target: Target): Expr {
  switch (condition.k) {
    case 'ref':
      return searchExpr(condition.name, searches.get(condition.name), target);
    case 'not':
      return not(conditionExpr(condition.item, searches, target));
    case 'and':
      return and(condition.items.map((item) => conditionExpr(item, searches, target)));
    case 'or':
      return or(condition.items.map((item) => conditionExpr(item, searches, target)));
  }
}

function logsourceProblem(rule: SigmaRule): { key: string; reason: string } | null {
  const { product, service, category } = rule.logsource;
  const name = [product, category, service].filter(Boolean).join('/') || '(none)';
  if (product !== 'linux') return { key: `log source product ${product ?? '(none)'}`, reason: `log source ${name}: not a Linux rule` };
  if (service !== undefined) return { key: `log source service ${service}`, reason: `log source ${name}: reads ${service} logs, not process, file or network events` };
  if (category === undefined) return { key: 'log source without category', reason: `log source ${name}: no category, so a search over any Linux log; only process_creation, file_event and network_connection rules translate` };
  if (category === 'file_change') return { key: 'log source category file_change', reason: `log source ${name}: a change of a file's creation time, which Linux has no equivalent of` };
  if (!(category in categories)) return { key: `log source category ${category}`, reason: `log source ${name}: only process_creation, file_event and network_connection rules translate to the sensor's events` };
  return null;
}

/** Translates one rule. Never throws for a rule's content: problems come back as untranslatable or error. */
export function translateRule(rule: SigmaRule): Translation {
  const source = logsourceProblem(rule);
  if (source) return { kind: 'untranslatable', rule, ...source };
  if (rule.timeframe !== undefined) return { kind: 'untranslatable', rule, key: 'timeframe', reason: `timeframe ${rule.timeframe}: the rule relates events over time; a SECL rule sees one event` };
  const category = categories[rule.logsource.category as string] as Category;
  const identifiers = [...rule.searches.keys()];
  let conditions: Condition[];
  try {
    conditions = rule.conditions.map((text) => parseCondition(text, identifiers));
  } catch (error) {
    if (error instanceof ConditionUnsupported) return { kind: 'untranslatable', rule, key: error.key, reason: error.message };
    if (error instanceof ConditionError) return { kind: 'error', rule, place: rule.locate(['condition']), key: 'malformed condition', reason: error.message };
    throw error;
  }
  const condition: Condition = conditions.length === 1 ? (conditions[0] as Condition) : { k: 'or', items: conditions };
  const secl: SeclTranslation[] = [];
  for (const target of targetsOf(category)) {
    let expr: Expr;
    try {
      expr = fold(conditionExpr(condition, rule.searches, target));
    } catch (error) {
      if (error instanceof MalformedRule) return { kind: 'error', rule, place: rule.locate(error.path), key: 'malformed detection', reason: error.message };
      throw error;
    }
    if (expr.k === 'const' && !expr.value) continue; // this direction cannot match (Initiated says the other)
    const missing = unavailableIn(expr);
    if (missing.length > 0) {
      const first = missing[0] as { key: string; reason: string };
      return { kind: 'untranslatable', rule, key: first.key, reason: missing.map((item) => item.reason).join('; ') };
    }
    const parts = [...baseOf(target), expr];
    if (!fieldsIn(fold(and(parts))).some((field) => field.startsWith(`${target.eventType}.`))) parts.unshift(anchors[target.eventType]);
    const expression = render(fold(and(parts)));
    const compiled = compileRule({ id: 'sigma', expression });
    if (compiled.ok && compiled.rule.eventType !== target.eventType) {
      return { kind: 'error', rule, place: rule.place, key: 'translation does not compile', reason: `the translation applies to ${compiled.rule.eventType} events, not ${target.eventType} (a bug in the importer): ${expression}` };
    }
    if (!compiled.ok) {
      return {
        kind: 'error',
        rule,
        place: rule.place,
        key: 'translation does not compile',
        reason: `the translation does not compile (a bug in the importer): ${compiled.errors.map((e) => e.message).join('; ')} — ${expression}`,
        errors: compiled.errors,
      };
    }
    secl.push({ suffix: target.direction === 'inbound' ? '_inbound' : '', eventType: target.eventType, expression });
  }
  if (secl.length === 0) return { kind: 'untranslatable', rule, key: 'never matches', reason: 'the condition can never hold (it requires contradictory values)' };
  return { kind: 'translated', rule, secl };
}

