// Compiled rules indexed by event type: an event meets only the rules of its own type (and any-event
// rules), so the cost of a rule pack grows with the rules that can match, not with the whole pack.
import type { Json } from './accessors.ts';
import type { CompiledRule } from './rule.ts';

export class RuleSet {
  private readonly byType = new Map<string, CompiledRule[]>();
  private readonly anyType: CompiledRule[] = [];
  private count = 0;

  constructor(rules: Iterable<CompiledRule> = []) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: CompiledRule): void {
    this.count++;
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

  /** The rules an event of this type meets. */
  rulesFor(type: string): readonly CompiledRule[] {
    const typed = this.byType.get(type) ?? [];
    return this.anyType.length === 0 ? typed : [...typed, ...this.anyType];
  }

  /**
   * The rules that match the event. A malformed event (events come from hosts that may be compromised)
   * can make no rule throw: a rule that fails on it simply does not match.
   */
  match(event: Json): CompiledRule[] {
    const type = typeof event['type'] === 'string' ? event['type'] : '';
    const matched: CompiledRule[] = [];
    for (const rule of this.rulesFor(type)) {
      try {
        if (rule.matches(event)) matched.push(rule);
      } catch {
        // Unreachable with well-formed accessors; kept so one bad event never stops ingest.
      }
    }
    return matched;
  }
}
