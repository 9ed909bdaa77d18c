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
  /** A SECL query's page: how far its scan got (see EventScan). */
  scan?: EventScan;
}

/**
 * A SECL query reads the events its other filters select, in order, and keeps those the expression
 * matches. One call reads for a bounded time; when that runs out before the page is full (or, counting,
 * before the end), `resume` says where it stopped: call again with these bounds in place of the old
 * ones, the rest of the skip (skip − skipped) and of the limit, and add the answers up.
 */
export interface EventScan {
  /** Events read by this call. */
  scanned: number;
  /** Matches passed over for `skip` by this call. */
  skipped: number;
  resume: { before: EventCursor } | { after: EventCursor } | null;
  /** Events the filters select, the expression aside (first calls only: a count's, a page's cut short): for progress. */
  candidates?: number;
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
  /** A SECL count: `total` counts the matches among the events read so far (see EventScan). */
  scan?: EventScan;
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

/** What the signals explorer sorts by. */
export type SignalSortKey = 'severity' | 'rule' | 'host' | 'technique' | 'status' | 'assignee' | 'firstSeen' | 'lastSeen' | 'matches';

/** How many signals have one value of a facet. */
export interface FacetCount<V extends string | number = string> {
  value: V;
  count: number;
}

/**
 * The signals explorer's facets: each counted under every filter in force except its own (as Datadog
 * counts them), so a facet shows what choosing more of its values would add.
 */
export interface SignalFacets {
  /** Signals that meet every filter. */
  total: number;
  severities: FacetCount<Severity>[];
  statuses: FacetCount<SignalStatus>[];
  rules: FacetCount[];
  hosts: Array<FacetCount<number> & { name: string }>;
  /** By ATT&CK technique id; '' counts the signals whose rule names none. */
  techniques: FacetCount[];
  /** ATT&CK names of the techniques and tactics of these signals ("T1059.004" → "Unix Shell"). */
  attackNames: Record<string, string>;
}

/** Signals over time by when each first fired, stacked by severity. */
export interface SignalHistogram {
  /** The span plotted (ns since the epoch; `toNs` excluded); null when there is nothing to plot. */
  fromNs: number | null;
  toNs: number | null;
  bucketNs: number;
  buckets: SignalBucket[];
}

export interface SignalBucket {
  startNs: number;
  total: number;
  bySeverity: Record<Severity, number>;
}

export interface SignalBulkResult {
  /** Signals whose status or assignee was set. */
  updated: number;
  /** Mutes added for the rules of the selection. */
  muted: RuleMute[];
  /** Rules (on a host) that an active mute lasting as long already kept quiet. */
  alreadyMuted: number;
}

/** A named set of filters of an explorer, kept in the case file. */
export interface SavedView {
  id: number;
  page: 'signals';
  name: string;
  /** The filters as the page writes them in its address, after the `?`. */
  query: string;
  createdAtMs: number;
  updatedAtMs: number;
}

/** The host a process ran on, as a signal or a process tree shows it. */
export interface HostContext {
  id: number;
  name: string;
  address: string;
  os: string;
  kernel: string;
  arch: string;
}

/** Where a process sits in a tree drawn around one process (the focus). */
export type ProcessRole = 'ancestor' | 'focus' | 'sibling' | 'descendant';

/** One process of a tree, from the stored process table. */
export interface ProcessNode {
  /** "pid@startNs": the process's identity on its host (pids are reused; this is not). */
  key: string;
  pid: number;
  startNs: number;
  ppid: number;
  /** The parent's key when the parent is in the tree; null for the tree's root. */
  parentKey: string | null;
  role: ProcessRole;
  executable: string;
  argv0: string;
  /** Arguments after argv0, as SECL's process.argv. */
  argv: string[];
  comm: string;
  user: string;
  uid: number;
  cwd: string;
  tty: string;
  /** Empty when the process ran outside a container. */
  containerId: string;
  exitNs: number | null;
  exitCode: number | null;
  /** Events of this process the case holds. */
  eventCount: number;
  /** Children of this process the tree leaves out (to stay under its limit, or off the path to the focus). */
  hiddenChildren: number;
}

export interface ProcessTree {
  host: HostContext;
  focusKey: string;
  /** Ancestors (root first), the focus, its siblings, then its descendants breadth first: parents before children. */
  nodes: ProcessNode[];
  /** Children left out across the tree (the sum of each node's hiddenChildren). */
  hidden: number;
  /** The most processes the tree was allowed. */
  limit: number;
}

/** An event as a point on a time line. */
export interface TimelinePoint {
  id: number;
  tsNs: number;
  type: string;
  processKey: string;
  summary: string;
}

export interface ProcessTimeline {
  /** Oldest first, at most the limit asked for. */
  points: TimelinePoint[];
  /** Events of those processes in the case (more than `points` when capped). */
  total: number;
}

/** A runtime rule proposed from an event, for the user to edit and save into the custom rule pack. */
export interface RuleDraft {
  id: string;
  description: string;
  expression: string;
  severity: Severity;
  tags: Record<string, string>;
  /** Why the draft reads what it reads, when that is not obvious (a fork event becomes an exec rule). */
  note: string | null;
}

export interface CustomRuleSaved {
  ruleId: string;
  /** The policy file the rule was written to. */
  file: string;
  /** Rules in that file now. */
  rulesInFile: number;
}
