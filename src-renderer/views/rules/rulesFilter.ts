// The rules list's filters: words (in the id, description and ATT&CK ids), severity, tactic, event type,
// whether the rule runs, and the pack. Pure, so the list and its counts agree.
import type { RuleSummary } from '../../../src-shared/api/rule-packs.ts';

export interface RulesFilter {
  text: string;
  severity: string;
  tactic: string;
  eventType: string;
  /** on: detection runs it; off: switched off (by itself or its pack); broken: does not load. */
  state: '' | 'on' | 'off' | 'broken';
}

export const noFilter: RulesFilter = { text: '', severity: '', tactic: '', eventType: '', state: '' };

const severityRank: Readonly<Record<string, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export function filterRules(rules: readonly RuleSummary[], filter: RulesFilter): RuleSummary[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return rules.filter((rule) => {
    if (filter.severity && rule.severity !== filter.severity) return false;
    if (filter.tactic && rule.tactic !== filter.tactic) return false;
    if (filter.eventType && rule.eventType !== filter.eventType) return false;
    if (filter.state === 'on' && !rule.active) return false;
    if (filter.state === 'off' && (rule.active || (rule.status !== 'loaded' && rule.status !== 'shadowed'))) return false;
    if (filter.state === 'broken' && (rule.status === 'loaded' || rule.status === 'shadowed')) return false;
    if (words.length === 0) return true;
    const haystack = `${rule.id} ${rule.description} ${rule.tactic ?? ''} ${rule.technique ?? ''} ${rule.source.author ?? ''}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** Most severe first, then by id: what a rule author scans first. */
export function sortRules(rules: readonly RuleSummary[]): RuleSummary[] {
  return [...rules].sort((a, b) => (severityRank[a.severity ?? ''] ?? 5) - (severityRank[b.severity ?? ''] ?? 5) || a.id.localeCompare(b.id));
}

/** The values each filter can take, from the rules at hand, sorted. */
export function filterOptions(rules: readonly RuleSummary[]): { tactics: string[]; eventTypes: string[] } {
  const tactics = new Set<string>();
  const eventTypes = new Set<string>();
  for (const rule of rules) {
    if (rule.tactic) tactics.add(rule.tactic);
    if (rule.eventType) eventTypes.add(rule.eventType);
  }
  return { tactics: [...tactics].sort(), eventTypes: [...eventTypes].sort() };
}
