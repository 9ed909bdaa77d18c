// The threats tile of the Overview: what the signals of a case add up to.
import type { Severity } from '../api/domain.ts';

export type SeverityCounts = Record<Severity, number>;

export const severitiesWorstFirst: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function emptySeverityCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

export interface SignalTimeline {
  /** The width of a bucket, ns. */
  bucketNs: number;
  /** Every bucket from the first signal's to the last one's, empty ones included, oldest first. */
  buckets: Array<{ startNs: number; counts: SeverityCounts }>;
}

export interface ThreatOverview {
  /** Signals in the case, whatever their status. */
  total: number;
  /** Signals still to deal with (open or under review), by severity. */
  active: SeverityCounts;
  /** Signals raised over time by when they first matched, all statuses; null when there are none. */
  timeline: SignalTimeline | null;
  /** The rules and hosts with the most active signals, most first. */
  topRules: Array<{ ruleId: string; description: string; severity: Severity; count: number }>;
  topHosts: Array<{ hostId: number; hostName: string; count: number; bySeverity: SeverityCounts }>;
}
