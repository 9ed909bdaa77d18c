// The Security Inbox's one list: items from every source (signals today; failed posture findings,
// vulnerabilities and identity risks as those capabilities land), each with the risk factors that make
// it urgent, ranked so the worst comes first. A source adds items of this shape and nothing else changes.
import type { Severity } from '../api/domain.ts';

export type InboxKind = 'signal' | 'finding' | 'vulnerability' | 'identity_risk';

export type RiskFactorId =
  | 'public_exposure'
  | 'root_privileges'
  | 'active_signals_on_host'
  | 'exploit_available'
  | 'vulnerable_package_in_use'
  | 'privileged_identity';

export interface RiskFactorDef {
  id: RiskFactorId;
  label: string;
  /** What the factor means, for a legend or a tooltip. */
  meaning: string;
  /** How much it raises an item within its severity. */
  weight: number;
  /** The source whose data the factor needs: until it exists, the factor cannot light up. */
  needs: InboxKind | null;
}

export const riskFactors: readonly RiskFactorDef[] = [
  { id: 'public_exposure', label: 'Public exposure', meaning: 'The host or the event talks to, listens on or accepts from a public (not private) address.', weight: 3, needs: null },
  { id: 'exploit_available', label: 'Exploit available', meaning: 'A public exploit exists for a vulnerability involved.', weight: 3, needs: 'vulnerability' },
  { id: 'root_privileges', label: 'Root privileges', meaning: 'The process runs as root, or became root (setuid program, privilege change).', weight: 2, needs: null },
  { id: 'vulnerable_package_in_use', label: 'Vulnerable package in use', meaning: 'A vulnerable package on the host is loaded by a running process.', weight: 2, needs: 'vulnerability' },
  { id: 'privileged_identity', label: 'Privileged identity', meaning: 'A cloud identity involved can act as an administrator or escalate to one.', weight: 2, needs: 'identity_risk' },
  { id: 'active_signals_on_host', label: 'Host with active signals', meaning: 'The host has other signals that are open or under review.', weight: 1, needs: null },
];

const factorById = new Map(riskFactors.map((factor) => [factor.id, factor]));

export function riskFactorDef(id: RiskFactorId): RiskFactorDef {
  return factorById.get(id)!;
}

/** A factor that applies to an item, with the evidence for it ("connected to 203.0.113.45:4444"). */
export interface RiskFactor {
  id: RiskFactorId;
  detail: string;
}

export interface InboxItem {
  /** Unique across sources: "signal:17". */
  key: string;
  kind: InboxKind;
  severity: Severity;
  /** What it is, in a few words (a rule's name, a CVE's title). */
  title: string;
  /** What it means, in a sentence or more (a rule's description, a CVE's summary); may be empty. */
  description: string;
  /** The rule, finding rule or CVE id behind it. */
  reference: string;
  /** What it is about: a host, a resource, an identity. */
  subject: string;
  /** One line of context (the process of a signal); may hold text from a monitored host. */
  context: string;
  status: string;
  /** When it was first and last seen, ns since the epoch (null when the source has no time). */
  firstSeenNs: number | null;
  lastSeenNs: number | null;
  factors: RiskFactor[];
  /** Where the item is worked on, as an in-app link ("#/signals/17"). */
  link: string;
}

export interface InboxSource {
  kind: InboxKind;
  label: string;
  /** The capability that feeds it exists in this build. */
  available: boolean;
  /** Its items in the inbox (all of them, before any limit). */
  count: number;
}

export interface InboxList {
  /** Ranked, worst first, at most the limit asked for. */
  items: InboxItem[];
  /** Items before the limit. */
  total: number;
  sources: InboxSource[];
  /** Factors that can light up with the sources available now. */
  availableFactors: RiskFactorId[];
}

export const inboxSourceLabels: Record<InboxKind, string> = {
  signal: 'Signals',
  finding: 'Failed posture findings',
  vulnerability: 'Vulnerabilities',
  identity_risk: 'Identity risks',
};

/** "root_process_from_unprivileged_parent" → "Root process from unprivileged parent". */
export function ruleTitle(ruleId: string): string {
  const words = ruleId.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : ruleId;
}

const severityRank: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function severityOrder(severity: Severity): number {
  return severityRank[severity];
}

/** The sum of the weights of an item's factors (each factor counts once). */
export function riskScore(factors: readonly RiskFactor[]): number {
  return [...new Set(factors.map((factor) => factor.id))].reduce((sum, id) => sum + (factorById.get(id)?.weight ?? 0), 0);
}

/**
 * Worst first: severity, then risk factors (their weights added up), then the most recently seen, then
 * the key so the order never wobbles between two loads.
 */
export function compareInboxItems(a: InboxItem, b: InboxItem): number {
  return (
    severityRank[b.severity] - severityRank[a.severity] ||
    riskScore(b.factors) - riskScore(a.factors) ||
    (b.lastSeenNs ?? -1) - (a.lastSeenNs ?? -1) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

export function rankInbox(items: readonly InboxItem[]): InboxItem[] {
  return [...items].sort(compareInboxItems);
}

/** Factors in a stable order for display: heaviest first, as the legend lists them. */
export function orderFactors(factors: readonly RiskFactor[]): RiskFactor[] {
  const order = new Map(riskFactors.map((factor, index) => [factor.id, index]));
  return [...factors].sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99));
}
