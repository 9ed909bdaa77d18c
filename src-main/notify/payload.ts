// What a webhook target receives: one JSON object per signal. `text` makes it readable as is by chat
// webhooks (Slack, Mattermost) and holds only what the workbench itself wrote (severity, rule, host name,
// case); text from a monitored host (the process) is in its own field, never in `text`.
import type { Severity } from '../../src-shared/api/domain.ts';
import type { CreatedSignal } from '../store/index.ts';

export interface WebhookPayload {
  source: 'cloud-security-workbench';
  version: 1;
  event: 'signal.created' | 'test';
  text: string;
  sentAt: string;
  case: { name: string } | null;
  signal: {
    id: number;
    severity: Severity;
    ruleId: string;
    description: string;
    host: string;
    process: string;
    firstSeen: string;
    tactic: string | null;
    technique: string | null;
    /** The signal in the workbench (an in-app route). */
    link: string;
  } | null;
}

function isoFromNs(ns: number): string {
  return new Date(Math.floor(ns / 1e6)).toISOString();
}

export function signalPayload(signal: CreatedSignal, caseName: string | null, nowMs: number): WebhookPayload {
  const { rule } = signal;
  return {
    source: 'cloud-security-workbench',
    version: 1,
    event: 'signal.created',
    text: `[${rule.severity.toUpperCase()}] ${rule.id} on ${signal.hostName}${caseName ? ` (case: ${caseName})` : ''}`,
    sentAt: new Date(nowMs).toISOString(),
    case: caseName === null ? null : { name: caseName },
    signal: {
      id: signal.id,
      severity: rule.severity,
      ruleId: rule.id,
      description: rule.description,
      host: signal.hostName,
      process: signal.processSummary,
      firstSeen: isoFromNs(signal.firstTsNs),
      tactic: rule.tactic,
      technique: rule.technique,
      link: `#/signals/${signal.id}`,
    },
  };
}

export function testPayload(targetName: string, nowMs: number): WebhookPayload {
  return {
    source: 'cloud-security-workbench',
    version: 1,
    event: 'test',
    text: `Test notification from the Cloud Security Workbench to "${targetName}": this target will receive new signals as JSON.`,
    sentAt: new Date(nowMs).toISOString(),
    case: null,
    signal: null,
  };
}
