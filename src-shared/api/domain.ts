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

export interface HostSummary {
  id: number;
  name: string;
  address: string;
  os: string;
  kernel: string;
  arch: string;
  connection: HostConnection;
  sensor: SensorState;
  eventCount: number;
  lastEventNs: number | null;
}

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
