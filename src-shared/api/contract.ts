// The Workbench API: every call the UI can make and every stream it can subscribe to. Inputs are
// zod schemas because they are checked at each host's boundary; outputs are types because they come
// from our own services.
import { z } from 'zod';
import type {
  AppInfo,
  CaseSummary,
  EventCount,
  EventFacets,
  EventPage,
  EventRow,
  HostSummary,
  ProgressEvent,
  PromptEvent,
  RetroHuntResult,
  RuleMute,
  SignalDetail,
  SignalSummary,
  SshConfigHost,
  StatusEvent,
} from './domain.ts';

const none = z.object({}).strict();

/** Event types the sensor emits; a query naming anything else is refused rather than silently empty. */
export const eventTypeName = z.string().regex(/^[a-z_]{2,32}$/, 'an event type is lower-case letters and _');

/**
 * Nanoseconds since the epoch are past 2^53, where zod's int() refuses every number: any whole number
 * will do (a double that large is always whole; it is exact to about ±128 ns).
 */
const nanoseconds = z.number().nonnegative().refine(Number.isInteger, 'a time in whole nanoseconds');

const eventSelection = {
  hostIds: z.array(z.number().int().nonnegative()).max(500).optional(),
  types: z.array(eventTypeName).max(64).optional(),
  fromNs: nanoseconds.optional(),
  toNs: nanoseconds.optional(),
  /** Full-text search over command lines and paths (FTS5 syntax is not exposed: words are quoted). */
  text: z.string().max(500).optional(),
};
const eventCursor = z.object({ tsNs: nanoseconds, id: z.number().int() }).strict();

export const eventQuery = z
  .object({
    ...eventSelection,
    /** By time: newest first (desc, the default) or oldest first (asc). */
    order: z.enum(['desc', 'asc']).default('desc'),
    /** Keyset paging: only events before (older than) or after (newer than) a row's place. */
    before: eventCursor.optional(),
    after: eventCursor.optional(),
    /** Rows to pass over after the cursor: lets a scrollbar jump land without paging through the API. */
    skip: z.number().int().min(0).max(100_000_000).default(0),
    /** Count the whole selection into `total`; a table that counts separately (events.count) says false. */
    count: z.boolean().default(true),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();

export const eventCount = z
  .object({
    ...eventSelection,
    /** Count only the events past a row's place: how far down the list that row is. */
    before: eventCursor.optional(),
    after: eventCursor.optional(),
    /** Stop counting past this many (the answer then says `capped`). */
    cap: z.number().int().min(1).optional(),
  })
  .strict();

const hostName = z.string().trim().min(1, 'a host needs a name').max(100).regex(/^[^\s/\\]+$/, 'a host name has no spaces or slashes');
const hostAccess = z
  .object({
    address: z.string().trim().min(1, 'a host needs an address').max(255).regex(/^[A-Za-z0-9.:_%[\]-]+$/, 'an address is a hostname or an IP address'),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().trim().min(1).max(64).regex(/^[a-z_][a-z0-9_.-]*\$?$/i, 'not a valid user name').default('root'),
    identityFile: z.string().max(4096).default(''),
    jumpHostId: z.number().int().positive().nullable().default(null),
  })
  .strict();

const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
const signalStatus = z.enum(['open', 'under_review', 'archived']);

export const callInputs = {
  'app.info': none,
  'cases.list': none,
  'cases.current': none,
  'cases.create': z.object({ name: z.string().trim().min(1, 'a case needs a name').max(120) }).strict(),
  'cases.open': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'cases.openDemo': none,
  'hosts.list': none,
  'hosts.add': hostAccess.extend({ name: hostName }).strict(),
  /** Local mode: this machine, reached without SSH (name: its hostname by default). */
  'hosts.addLocal': z.object({ name: hostName.optional() }).strict(),
  'hosts.update': hostAccess.partial().extend({ id: z.number().int().positive(), name: hostName.optional() }).strict(),
  'hosts.remove': z.object({ id: z.number().int().positive() }).strict(),
  'hosts.connect': z.object({ id: z.number().int().positive() }).strict(),
  'hosts.sshConfig': z.object({ path: z.string().max(4096).optional() }).strict(),
  'sensor.deploy': z.object({ hostId: z.number().int().positive() }).strict(),
  /** light: process events only, no syscall hooks (next to no overhead on the host). */
  'sensor.start': z.object({ hostId: z.number().int().positive(), profile: z.enum(['default', 'light']).default('default') }).strict(),
  'sensor.stop': z.object({ hostId: z.number().int().positive() }).strict(),
  'sensor.uninstall': z.object({ hostId: z.number().int().positive() }).strict(),
  'capture.start': z.object({ hostId: z.number().int().positive() }).strict(),
  'capture.stop': z.object({ hostId: z.number().int().positive() }).strict(),
  'prompts.answer': z.object({ id: z.string().max(64), answer: z.union([z.boolean(), z.string().max(4096), z.null()]) }).strict(),
  'events.query': eventQuery,
  'events.count': eventCount,
  'events.facets': none,
  'events.get': z.object({ id: z.number().int().positive() }).strict(),
  'signals.list': z
    .object({
      statuses: z.array(signalStatus).max(3).optional(),
      severities: z.array(severity).max(5).optional(),
      hostIds: z.array(z.number().int().positive()).max(500).optional(),
      ruleId: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    })
    .strict(),
  'signals.get': z.object({ id: z.number().int().positive() }).strict(),
  'signals.update': z
    .object({ id: z.number().int().positive(), status: signalStatus.optional(), assignee: z.string().trim().max(100).optional() })
    .strict(),
  'signals.addNote': z.object({ id: z.number().int().positive(), author: z.string().trim().max(100).default(''), text: z.string().trim().min(1, 'a note needs text').max(10_000) }).strict(),
  'mutes.list': none,
  'mutes.add': z
    .object({
      ruleId: z.string().min(1).max(200),
      hostId: z.number().int().positive().nullable().default(null),
      reason: z.string().trim().min(1, 'say why the rule is muted').max(1000),
      untilMs: z.number().int().positive().nullable().default(null),
    })
    .strict(),
  'mutes.remove': z.object({ id: z.number().int().positive() }).strict(),
  /** Runs the rules over the case's stored events (in a time range) and records what matches. */
  'detect.retroHunt': z.object({ fromNs: z.number().int().nonnegative().optional(), toNs: z.number().int().nonnegative().optional(), hostIds: z.array(z.number().int().positive()).max(500).optional() }).strict(),
} as const;

export interface CallOutputs {
  'app.info': AppInfo;
  'cases.list': CaseSummary[];
  'cases.current': CaseSummary | null;
  'cases.create': CaseSummary;
  'cases.open': CaseSummary;
  'cases.openDemo': CaseSummary;
  'hosts.list': HostSummary[];
  'hosts.add': HostSummary;
  'hosts.addLocal': HostSummary;
  'hosts.update': HostSummary;
  'hosts.remove': null;
  'hosts.connect': HostSummary;
  'hosts.sshConfig': SshConfigHost[];
  'sensor.deploy': HostSummary;
  'sensor.start': HostSummary;
  'sensor.stop': HostSummary;
  'sensor.uninstall': HostSummary;
  'capture.start': HostSummary;
  'capture.stop': HostSummary;
  'prompts.answer': null;
  'events.query': EventPage;
  'events.count': EventCount;
  'events.facets': EventFacets;
  'events.get': EventRow | null;
  'signals.list': SignalSummary[];
  'signals.get': SignalDetail;
  'signals.update': SignalSummary;
  'signals.addNote': SignalDetail;
  'mutes.list': RuleMute[];
  'mutes.add': RuleMute;
  'mutes.remove': null;
  'detect.retroHunt': RetroHuntResult;
}

export const streamInputs = {
  progress: none,
  status: none,
  prompts: none,
} as const;

export interface StreamEvents {
  progress: ProgressEvent;
  status: StatusEvent;
  prompts: PromptEvent;
}

export type CallName = keyof typeof callInputs & keyof CallOutputs;
export type StreamName = keyof typeof streamInputs & keyof StreamEvents;
/** What a caller passes: defaults may be omitted. */
export type CallInput<M extends CallName> = z.input<(typeof callInputs)[M]>;
/** What a handler receives: validated, defaults filled in. */
export type CallArgs<M extends CallName> = z.output<(typeof callInputs)[M]>;
export type CallOutput<M extends CallName> = CallOutputs[M];
export type StreamInput<S extends StreamName> = z.input<(typeof streamInputs)[S]>;
export type StreamEvent<S extends StreamName> = StreamEvents[S];
export type Unsubscribe = () => void;

/** The object every host exposes to the renderer as `window.workbench`. */
export interface WorkbenchApi {
  call<M extends CallName>(method: M, input: CallInput<M>): Promise<CallOutput<M>>;
  subscribe<S extends StreamName>(
    stream: S,
    input: StreamInput<S>,
    listener: (event: StreamEvent<S>) => void,
  ): Unsubscribe;
}

export const callNames = Object.keys(callInputs) as CallName[];
export const streamNames = Object.keys(streamInputs) as StreamName[];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(callInputs, name);
}

export function isStreamName(name: string): name is StreamName {
  return Object.hasOwn(streamInputs, name);
}
