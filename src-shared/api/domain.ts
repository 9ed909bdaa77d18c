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
  /** Pass back as `before` to fetch the next (older) page; null when there is none. */
  next: EventCursor | null;
  total: number;
}

export interface EventCursor {
  tsNs: number;
  id: number;
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
