// Domain types that cross the Workbench API. Everything here is JSON-safe: timestamps are numbers
// (nanoseconds since the epoch for events, milliseconds for app bookkeeping), never Date objects.

export interface AppInfo {
  name: string;
  version: string;
  /** Which host serves the API: the renderer may show it, but must never branch on it. */
  host: 'electron' | 'browser' | 'cli';
  platform: string;
  dataDir: string;
  schemaVersion: number;
}

export interface CaseSummary {
  path: string;
  name: string;
  createdAtMs: number;
  isDemo: boolean;
  hostCount: number;
  eventCount: number;
}

export type HostConnection = 'local' | 'offline' | 'connecting' | 'connected' | 'error';
export type SensorState = 'not-deployed' | 'deployed' | 'running' | 'stopped' | 'unknown';

/** How the workbench reaches a host over SSH. Secrets are never part of it. */
export interface HostAccess {
  address: string;
  port: number;
  user: string;
  /** Private key file on this machine; empty to rely on the agent or a password. */
  identityFile: string;
  /** Reach the host through this other host of the case (ProxyJump). */
  jumpHostId: number | null;
}

export interface HostSummary extends HostAccess {
  id: number;
  name: string;
  os: string;
  kernel: string;
  arch: string;
  btf: boolean | null;
  connection: HostConnection;
  /** Why the last connection failed, for the user to act on. */
  lastError: string;
  sensor: SensorState;
  /** The machine the workbench runs on, reached without SSH (local mode). */
  local: boolean;
  eventCount: number;
  lastEventNs: number | null;
  /** The live stream into the case, while one runs. */
  capture: CaptureSummary | null;
}

export interface CaptureSummary {
  state: 'starting' | 'streaming' | 'reconnecting' | 'stopped';
  detail: string;
  received: number;
  committed: number;
  duplicates: number;
  badLines: number;
  kernelDrops: number;
  spoolDrops: number;
  lostInGaps: number;
  reconnects: number;
  /** Events stored per second, over the last few seconds. */
  eventsPerSecond: number;
  /** Events the host's spool holds that the case has not stored yet (null until the host says). */
  lagEvents: number | null;
  /** When the host last sent anything, ms since the epoch (null: not yet). */
  lastHeardAtMs: number | null;
  /** The latest problems with what the host sent (bad lines), newest last. */
  problems: string[];
}

/** A host found in an OpenSSH client config, offered for import. */
export interface SshConfigHost extends Omit<HostAccess, 'jumpHostId'> {
  alias: string;
  proxyJump: string;
}

/** A question the services need a person to answer (a host key to trust, a password to type). */
export type Prompt =
  | { id: string; kind: 'host-key'; host: string; address: string; port: number; keyType: string; fingerprint: string }
  | { id: string; kind: 'secret'; host: string; secret: 'password' | 'passphrase' | 'sudo'; prompt: string };

export type PromptEvent = { state: 'open'; prompt: Prompt } | { state: 'closed'; id: string };

export interface EventRow {
  id: number;
  hostId: number;
  hostName: string;
  seq: number;
  tsNs: number;
  type: string;
  pid: number;
  ppid: number;
  uid: number;
  comm: string;
  executable: string;
  /** The event's most telling text: a command line, a path or an address, escaped by the renderer. */
  summary: string;
  /** The event as the sensor wrote it, plus `host` added at ingest. */
  raw: Record<string, unknown>;
}

export interface EventPage {
  rows: EventRow[];
  /**
   * The last row's place, when more rows follow: pass it back as `before` (newest-first order) or
   * `after` (oldest-first) to fetch the next page; null when there is none.
   */
  next: EventCursor | null;
  /** Events in the whole selection; null when the query asked not to count (`count: false`). */
  total: number | null;
}

export interface EventCursor {
  tsNs: number;
  id: number;
}

/** Events are listed by time, then id: newest first (desc) or oldest first (asc). */
export type EventOrder = 'desc' | 'asc';

export interface EventCount {
  total: number;
  /** The count stopped at the cap it was given: there are more than `total`. */
  capped: boolean;
}

/** What the event filters can offer for the open case. */
export interface EventFacets {
  /** The event types present, sorted. */
  types: string[];
  /** Time span of the case's events (ns since the epoch); null when it has none. */
  oldestNs: number | null;
  newestNs: number | null;
}

export interface ProgressEvent {
  taskId: string;
  title: string;
  /** 0..1, or null while the total is unknown. */
  fraction: number | null;
  detail: string;
  state: 'running' | 'done' | 'failed';
}

export interface StatusEvent {
  openCase: CaseSummary | null;
  hosts: { total: number; connected: number; withErrors: number };
}

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type SignalStatus = 'open' | 'under_review' | 'archived';

/** Where a rule comes from: Sigma's license requires showing its author wherever its matches are shown. */
export interface RuleSource {
  kind: 'workbench' | 'datadog' | 'sigma' | 'custom';
  author: string | null;
  license: string | null;
}

/** A rule as a signal remembers it: what it was when it matched, whatever the rule pack became since. */
export interface SignalRule {
  id: string;
  description: string;
  expression: string;
  severity: Severity;
  tactic: string | null;
  technique: string | null;
  triage: string[];
  remediation: string;
  source: RuleSource;
}

export interface SignalSummary {
  id: number;
  rule: SignalRule;
  hostId: number;
  hostName: string;
  /** What groups the matches: the root of the process ancestry, or the rule's group_by values. */
  groupKey: string;
  /** The process the first match happened in, for lists: "bash -i (pid 23030)". */
  processSummary: string;
  firstTsNs: number;
  lastTsNs: number;
  matchCount: number;
  status: SignalStatus;
  assignee: string;
}

export interface SignalNote {
  id: number;
  atMs: number;
  author: string;
  text: string;
}

export interface SignalDetail extends SignalSummary {
  /** The first matching event, enriched as the rule saw it: process context, parent and ancestors then. */
  firstEvent: Record<string, unknown>;
  /** Matched events, oldest first (at most 500). */
  matches: EventRow[];
  notes: SignalNote[];
}

export interface RuleMute {
  id: number;
  ruleId: string;
  /** null: on every host. */
  hostId: number | null;
  reason: string;
  /** null: until removed. */
  untilMs: number | null;
  createdAtMs: number;
  /** Matches the mute kept from becoming signals. */
  suppressed: number;
  /** Not yet expired. */
  active: boolean;
}

export interface RetroHuntResult {
  events: number;
  matches: number;
  newSignals: number;
}
