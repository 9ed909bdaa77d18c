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
  SavedView,
  SignalBulkResult,
  SignalDetail,
  SignalFacets,
  SignalHistogram,
  SignalSummary,
  SshConfigHost,
  StatusEvent,
} from './domain.ts';
import type { ProcessTimeline, ProcessTree } from './domain.ts';
import type { CustomRuleSaved, RuleDraft } from './domain.ts';
import type { InboxList } from '../inbox/model.ts';
import type { ThreatOverview } from '../overview/threats.ts';
import { desktopPrefsInput, webhookTargetInput, type NotificationEvent, type NotificationSettingsView, type WebhookTestResult } from '../notify/settings.ts';
import { rulePackInputs, type RulePackOutputs } from './rule-packs.ts';

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
  /** A SECL expression the events must match, checked on the server too (see EventScan for paging). */
  secl: z.string().max(4000).optional(),
};
const eventCursor = z.object({ tsNs: nanoseconds, id: z.number().int() }).strict();
/** A process on its host: pids are reused, so the start time (ns) goes with it. */
const processRef = z.object({ pid: z.number().int().nonnegative(), startNs: nanoseconds }).strict();

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
const signalId = z.number().int().positive();

/** Which signals: every filter given must hold. Shared by the list, its count, facets, histogram and bulk triage. */
const signalSelection = {
  statuses: z.array(signalStatus).max(3).optional(),
  severities: z.array(severity).max(5).optional(),
  hostIds: z.array(z.number().int().positive()).max(500).optional(),
  ruleId: z.string().max(200).optional(),
  ruleIds: z.array(z.string().min(1).max(200)).max(500).optional(),
  /** ATT&CK technique ids as the rules name them; '' for signals whose rule names none. */
  techniques: z.array(z.string().regex(/^[A-Za-z0-9.]{0,20}$/, 'an ATT&CK technique id such as T1059.004')).max(200).optional(),
  /** Words that must all appear in the rule name, its description or the process (case-insensitive). */
  text: z.string().max(500).optional(),
  /** When the signal first fired, within these bounds (inclusive). */
  fromNs: nanoseconds.optional(),
  toNs: nanoseconds.optional(),
};
const signalSelectionInput = z.object(signalSelection).strict();
const signalSortKey = z.enum(['severity', 'rule', 'host', 'technique', 'status', 'assignee', 'firstSeen', 'lastSeen', 'matches']);
const savedViewPage = z.enum(['signals']);

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
      ...signalSelection,
      /** Newest last seen first unless told otherwise; ties broken by id, the same way. */
      sort: signalSortKey.default('lastSeen'),
      order: z.enum(['desc', 'asc']).default('desc'),
      /** Keyset paging: only the signals past this one's place in the order. */
      after: signalId.optional(),
      /** Rows to pass over after the cursor (a scrollbar jump). */
      skip: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(5000).default(500),
    })
    .strict(),
  'signals.count': signalSelectionInput,
  'signals.facets': signalSelectionInput,
  'signals.histogram': z.object({ ...signalSelection, buckets: z.number().int().min(1).max(500).default(60) }).strict(),
  /** Triage many signals at once, in one transaction: those listed, or every one matching (but the excepted). */
  'signals.bulkUpdate': z
    .object({
      ids: z.array(signalId).min(1).max(10_000).optional(),
      matching: signalSelectionInput.optional(),
      exceptIds: z.array(signalId).max(10_000).default([]),
      status: signalStatus.optional(),
      assignee: z.string().trim().max(100).optional(),
      /** Mute the rules of the selection: on the hosts they fired on, or everywhere. */
      mute: z
        .object({
          reason: z.string().trim().min(1, 'say why the rules are muted').max(1000),
          untilMs: z.number().int().positive().nullable().default(null),
          everywhere: z.boolean().default(false),
        })
        .strict()
        .optional(),
    })
    .strict()
    .refine((input) => (input.ids === undefined) !== (input.matching === undefined), 'name the signals (ids) or a filter (matching), not both')
    .refine((input) => input.status !== undefined || input.assignee !== undefined || input.mute !== undefined, 'say what to change: status, assignee or mute'),
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
  'views.list': z.object({ page: savedViewPage }).strict(),
  /** Saves filters under a name; a view of that name on that page is replaced. */
  'views.save': z.object({ page: savedViewPage, name: z.string().trim().min(1, 'a view needs a name').max(80), query: z.string().max(4000) }).strict(),
  'views.remove': z.object({ id: z.number().int().positive() }).strict(),
  /** Related signals: the other signals of the signal's host within `windowNs` (an hour) of it. */
  'signals.related': z.object({ id: z.number().int().positive(), windowNs: nanoseconds.max(7 * 24 * 3600e9).default(3600e9) }).strict(),
  /** The process tree around one process: by its identity (pid, and start time when known) or by one of its events. */
  'processes.tree': z
    .union([
      z.object({ hostId: z.number().int().positive(), pid: z.number().int().nonnegative(), startNs: nanoseconds.optional(), limit: z.number().int().min(1).max(20_000).default(5000) }).strict(),
      z.object({ eventId: z.number().int().positive(), limit: z.number().int().min(1).max(20_000).default(5000) }).strict(),
    ]),
  /** Events of a set of processes of one host, in time order, keyset-paged. */
  'processes.events': z
    .object({
      hostId: z.number().int().positive(),
      processes: z.array(processRef).min(1).max(20_000),
      types: z.array(eventTypeName).max(64).optional(),
      order: z.enum(['asc', 'desc']).default('asc'),
      after: eventCursor.optional(),
      count: z.boolean().default(true),
      limit: z.number().int().min(1).max(1000).default(200),
    })
    .strict(),
  /** The events of a set of processes as points on a time line (id, time, type, process, summary), oldest first. */
  'processes.timeline': z.object({ hostId: z.number().int().positive(), processes: z.array(processRef).min(1).max(20_000), limit: z.number().int().min(1).max(50_000).default(20_000) }).strict(),
  /** MITRE ATT&CK names of tactic and technique ids ("TA0002" → "Execution"), from the bundled catalogue. */
  'attack.names': z.object({ ids: z.array(z.string().regex(/^T[A]?\d{4}(\.\d{3})?$/, 'an ATT&CK id such as TA0002 or T1059.004')).max(500) }).strict(),
  /** Runs the rules over the case's stored events (in a time range) and records what matches. */
  /** A rule proposed from an event of the case, for the user to edit (see rules.saveCustom). */
  'rules.draft': z.object({ eventId: z.number().int().positive() }).strict(),
  /** Adds a rule to the user's custom rule pack (in the data folder), after checking it with the engine. */
  'rules.saveCustom': z
    .object({
      id: z.string().regex(/^[a-z][a-z0-9_]{2,99}$/, 'a rule id is 3 to 100 lower-case letters, digits and _, starting with a letter'),
      description: z.string().trim().min(1, 'say what the rule detects').max(2000),
      expression: z.string().trim().min(1, 'a rule needs an expression').max(4000),
      severity,
      tags: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a tag name is lower-case letters, digits and _'), z.string().max(200)).default({}),
    })
    .strict(),
  'detect.retroHunt': z.object({ fromNs: z.number().int().nonnegative().optional(), toNs: z.number().int().nonnegative().optional(), hostIds: z.array(z.number().int().positive()).max(500).optional() }).strict(),
  /** The Overview's threats: signals by severity, over time, by rule and host. */
  'overview.threats': none,
  /** The Security Inbox: items of every source, ranked by severity then risk factors. */
  'inbox.list': z.object({ limit: z.number().int().min(1).max(2000).default(500) }).strict(),
  /** Notification settings (app-level): desktop notifications and webhook targets, URLs masked. */
  'notify.settings': none,
  'notify.setDesktop': desktopPrefsInput,
  'notify.saveTarget': webhookTargetInput,
  'notify.removeTarget': z.object({ id: z.string().uuid() }).strict(),
  'notify.test': z.object({ id: z.string().uuid() }).strict(),
  /** Rule packs and the Rules page (rule-packs.ts). */
  ...rulePackInputs,
} as const;

export interface CallOutputs extends RulePackOutputs {
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
  'signals.count': { total: number };
  'signals.facets': SignalFacets;
  'signals.histogram': SignalHistogram;
  'signals.bulkUpdate': SignalBulkResult;
  'signals.get': SignalDetail;
  'signals.update': SignalSummary;
  'signals.addNote': SignalDetail;
  'mutes.list': RuleMute[];
  'mutes.add': RuleMute;
  'mutes.remove': null;
  'views.list': SavedView[];
  'views.save': SavedView;
  'views.remove': null;
  'signals.related': SignalSummary[];
  'processes.tree': ProcessTree;
  'processes.events': EventPage;
  'processes.timeline': ProcessTimeline;
  'attack.names': Record<string, string>;
  'rules.draft': RuleDraft;
  'rules.saveCustom': CustomRuleSaved;
  'detect.retroHunt': RetroHuntResult;
  'overview.threats': ThreatOverview;
  'inbox.list': InboxList;
  'notify.settings': NotificationSettingsView;
  'notify.setDesktop': NotificationSettingsView;
  'notify.saveTarget': NotificationSettingsView;
  'notify.removeTarget': NotificationSettingsView;
  'notify.test': WebhookTestResult;
}

export const streamInputs = {
  progress: none,
  status: none,
  prompts: none,
  /** Desktop notifications of new signals, and the webhook targets' delivery state as it changes. */
  notifications: none,
} as const;

export interface StreamEvents {
  progress: ProgressEvent;
  status: StatusEvent;
  prompts: PromptEvent;
  notifications: NotificationEvent;
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
