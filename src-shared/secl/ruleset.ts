// Compiled rules indexed by event type, and within a type by their approvers: an event meets only the
// rules of its own type (and any-event rules) that could match its values, so the cost of a rule pack
// grows with the rules that can match, not with the whole pack.
import type { Json } from './accessors.ts';
import { ApproverIndex } from './approver-index.ts';
import type { CompiledRule } from './rule.ts';

export class RuleSet<R extends CompiledRule = CompiledRule> {
  private readonly byType = new Map<string, R[]>();
  private readonly anyType: R[] = [];
  /** Per type, its rules followed by the any-event rules: built once, not per event. */
  private readonly merged = new Map<string, readonly R[]>();
  private readonly indexes = new Map<string, ApproverIndex<R>>();
  private count = 0;

  constructor(rules: Iterable<R> = []) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: R): void {
    this.count++;
    this.merged.clear();
    this.indexes.clear();
    if (rule.eventType === '*') {
      this.anyType.push(rule);
      return;
    }
    const list = this.byType.get(rule.eventType);
    if (list) list.push(rule);
    else this.byType.set(rule.eventType, [rule]);
  }

  get size(): number {
    return this.count;
  }

  /** The event types some rule applies to ('*' when a rule applies to all): what the sensor must report. */
  eventTypes(): string[] {
    return [...this.byType.keys(), ...(this.anyType.length > 0 ? ['*'] : [])];
  }

  /** The rules an event of this type meets. */
  rulesFor(type: string): readonly R[] {
    let rules = this.merged.get(type);
    if (!rules) {
      const typed = this.byType.get(type) ?? [];
      rules = this.anyType.length === 0 ? typed : [...typed, ...this.anyType];
      this.merged.set(type, rules);
    }
    return rules;
  }

  /**
   * The rules that match the event. A malformed event (events come from hosts that may be compromised)
   * can make no rule throw: a rule that fails on it simply does not match.
   */
  match(event: Json): R[] {
    const given = typeof event['type'] === 'string' ? event['type'] : '';
    const known = this.indexes.get(given);
    if (known !== undefined) return known.match(event);
    // Types no rule names share one index: a hostile host inventing types does not grow the map.
    const type = this.byType.has(given) ? given : '';
    let index = this.indexes.get(type);
    if (index === undefined) {
      index = new ApproverIndex(this.rulesFor(type));
      this.indexes.set(type, index);
    }
    return index.match(event);
  }
}
