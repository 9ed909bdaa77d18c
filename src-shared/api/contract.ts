// The Workbench API: every call the UI can make and every stream it can subscribe to. Inputs are
// zod schemas because they are checked at each host's boundary; outputs are types because they come
// from our own services.
import { z } from 'zod';
import type {
  AppInfo,
  CaseSummary,
  EventPage,
  HostSummary,
  ProgressEvent,
  StatusEvent,
} from './domain.ts';

const none = z.object({}).strict();

/** Event types the sensor emits; a query naming anything else is refused rather than silently empty. */
export const eventTypeName = z.string().regex(/^[a-z_]{2,32}$/, 'an event type is lower-case letters and _');

export const eventQuery = z
  .object({
    hostIds: z.array(z.number().int().nonnegative()).max(500).optional(),
    types: z.array(eventTypeName).max(64).optional(),
    fromNs: z.number().int().nonnegative().optional(),
    toNs: z.number().int().nonnegative().optional(),
    /** Full-text search over command lines and paths (FTS5 syntax is not exposed: words are quoted). */
    text: z.string().max(500).optional(),
    before: z.object({ tsNs: z.number().int(), id: z.number().int() }).strict().optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();

export const callInputs = {
  'app.info': none,
  'cases.list': none,
  'cases.current': none,
  'cases.create': z.object({ name: z.string().trim().min(1, 'a case needs a name').max(120) }).strict(),
  'cases.open': z.object({ path: z.string().min(1).max(4096) }).strict(),
  'cases.openDemo': none,
  'hosts.list': none,
  'events.query': eventQuery,
} as const;

export interface CallOutputs {
  'app.info': AppInfo;
  'cases.list': CaseSummary[];
  'cases.current': CaseSummary | null;
  'cases.create': CaseSummary;
  'cases.open': CaseSummary;
  'cases.openDemo': CaseSummary;
  'hosts.list': HostSummary[];
  'events.query': EventPage;
}

export const streamInputs = {
  progress: none,
  status: none,
} as const;

export interface StreamEvents {
  progress: ProgressEvent;
  status: StatusEvent;
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
