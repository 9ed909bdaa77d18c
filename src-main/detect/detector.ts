// Events in, rule matches out: each enriched event (process context, parent and ancestors as they were)
// meets only the rules of its type, and every match carries the key that groups it into a signal: the
// rule's group_by fields when it has them, else the host and the root of the process's ancestry (the
// process just below init), so one intrusion's matches land in one signal per rule.
import { fieldDef, makeReader, RuleSet, type Json } from '../../src-shared/secl/index.ts';
import type { LoadedRule } from './policy.ts';

export interface RuleMatch {
  rule: LoadedRule;
  groupKey: string;
  /** The event, enriched, exactly as the rule saw it. */
  event: Json;
  tsNs: number;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The ancestor just below init (or the process itself): the service or session the activity belongs to. */
export function rootOfAncestry(event: Json): { pid: number; createdAt: number | null; path: string } {
  const process = (event['process'] ?? {}) as Json;
  const chain = [process, ...((Array.isArray(process['ancestors']) ? process['ancestors'] : []) as Json[])];
  let root = process;
  for (const candidate of chain) {
    const pid = num(candidate['pid']);
    // init and kthreadd are everyone's ancestors: stop below them
    if (pid === null || pid <= 2) break;
    root = candidate;
  }
  const file = (root['file'] ?? {}) as Json;
  return { pid: num(root['pid']) ?? 0, createdAt: num(root['created_at']), path: typeof file['path'] === 'string' ? file['path'] : '' };
}

function groupKeyReader(fields: readonly string[]): ((event: Json) => string) | null {
  const readers = fields.map((field) => {
    const def = fieldDef(field);
    return def ? makeReader(def) : null;
  });
  if (readers.some((reader) => reader === null)) return null;
  return (event) => JSON.stringify(fields.map((field, i) => [field, readers[i]!(event, {})]));
}

export class Detector {
  readonly ruleSet: RuleSet<LoadedRule>;
  private readonly keyReaders = new Map<string, ((event: Json) => string) | null>();

  constructor(rules: Iterable<LoadedRule>) {
    // silent rules only feed other rules in Datadog; they raise nothing here
    this.ruleSet = new RuleSet([...rules].filter((rule) => !rule.silent));
  }

  get size(): number {
    return this.ruleSet.size;
  }

  groupKey(rule: LoadedRule, event: Json): string {
    if (rule.groupBy && rule.groupBy.length > 0) {
      let reader = this.keyReaders.get(rule.id);
      if (reader === undefined) {
        reader = groupKeyReader(rule.groupBy);
        this.keyReaders.set(rule.id, reader);
      }
      if (reader) return `fields:${reader(event)}`;
    }
    const root = rootOfAncestry(event);
    return `root:${root.pid}@${root.createdAt ?? 0}`;
  }

  detect(event: Json): RuleMatch[] {
    const matched = this.ruleSet.match(event);
    if (matched.length === 0) return [];
    const tsNs = num(event['ts']) ?? 0;
    return matched.map((rule) => ({ rule, groupKey: this.groupKey(rule, event), event, tsNs }));
  }
}
