// The two gates of Datadog's policy format, decided once at load: `filters` (SECL over facts about the
// agent's host: os, kernel version, origin) and `agent_version` (a version constraint). We know our own
// facts (Linux, eBPF) but not the kernel of every host a rule will meet, so a filter that depends on an
// unknown fact does not exclude the rule.
import type { Node } from '../../src-shared/secl/ast.ts';
import { parseSecl } from '../../src-shared/secl/parser.ts';

export type Facts = Readonly<Record<string, string | number | boolean>>;

/** What the workbench is, in the terms of Datadog's filters. */
export const workbenchFacts: Facts = { os: 'linux', origin: 'ebpf' };

/** Three-valued: a filter over an unknown fact is 'unknown'. */
type Truth = boolean | 'unknown';

function scalar(node: Node, facts: Facts): string | number | boolean | undefined {
  switch (node.kind) {
    case 'string':
    case 'pattern':
      return node.value;
    case 'int':
      return node.value;
    case 'bool':
      return node.value;
    case 'ident':
      return Object.hasOwn(facts, node.name) ? facts[node.name] : undefined;
    default:
      return undefined;
  }
}

function evaluate(node: Node, facts: Facts): Truth {
  switch (node.kind) {
    case 'logic': {
      const left = evaluate(node.left, facts);
      const right = evaluate(node.right, facts);
      if (node.op === '&&') return left === false || right === false ? false : left === 'unknown' || right === 'unknown' ? 'unknown' : true;
      return left === true || right === true ? true : left === 'unknown' || right === 'unknown' ? 'unknown' : false;
    }
    case 'not': {
      const inner = evaluate(node.operand, facts);
      return inner === 'unknown' ? 'unknown' : !inner;
    }
    case 'bool':
      return node.value;
    case 'compare': {
      const a = scalar(node.left, facts);
      const b = scalar(node.right, facts);
      if (a === undefined || b === undefined) return 'unknown';
      switch (node.op) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
        default:
          return 'unknown';
      }
    }
    case 'member': {
      const a = scalar(node.left, facts);
      if (a === undefined || node.right.kind !== 'array') return 'unknown';
      const found = node.right.items.some((item) => scalar(item, facts) === a);
      return node.op === 'not in' ? !found : found;
    }
    case 'ident': {
      const value = scalar(node, facts);
      return typeof value === 'boolean' ? value : 'unknown';
    }
    default:
      return 'unknown';
  }
}

export type FilterVerdict = { pass: true } | { pass: false; reason: string };

/** All filters must pass, as in Datadog; one that does not parse excludes the rule and says why. */
export function checkFilters(filters: readonly string[], facts: Facts = workbenchFacts): FilterVerdict {
  for (const filter of filters) {
    const parsed = parseSecl(filter);
    if (!parsed.ok) return { pass: false, reason: `filter "${filter}" does not parse: ${parsed.error.message}` };
    if (evaluate(parsed.ast, facts) === false) return { pass: false, reason: `filtered out by "${filter}"` };
  }
  return { pass: true };
}

function parseVersion(text: string): number[] | null {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : null;
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** Whether `version` satisfies a constraint like ">= 7.71", "<7.71" or ">=7.65 <7.70" (all parts must hold). */
export function satisfiesAgentVersion(constraint: string, version: string): boolean | null {
  const have = parseVersion(version);
  const parts = [...constraint.matchAll(/(>=|<=|>|<|=|==|!=)?\s*v?(\d+(?:\.\d+){0,2})/g)];
  if (!have || parts.length === 0) return null;
  return parts.every(([, op, wanted]) => {
    const need = parseVersion(wanted as string) as number[];
    const order = compareVersions(have, need);
    switch (op ?? '=') {
      case '>=':
        return order >= 0;
      case '>':
        return order > 0;
      case '<=':
        return order <= 0;
      case '<':
        return order < 0;
      case '!=':
        return order !== 0;
      default:
        return order === 0;
    }
  });
}
