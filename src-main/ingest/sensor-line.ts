// The sensor's NDJSON protocol, one line at a time. Lines come from hosts that may be compromised, so
// every line is size-checked and shape-checked before anything reads it.
import { z } from 'zod';
import { summarizeEvent } from '../../src-shared/events/summary.ts';
import type { NewEvent } from '../store/index.ts';

export const maxLineBytes = 1024 * 1024;

const processContext = z
  .object({
    pid: z.number().int().nonnegative(),
    ppid: z.number().int().nonnegative().default(0),
    uid: z.number().int().nonnegative().default(0),
    comm: z.string().max(64).default(''),
    file: z.object({ path: z.string().max(4096).default('') }).loose().default({ path: '' }),
  })
  .loose();

const eventLine = z
  .object({
    seq: z.number().int().nonnegative(),
    ts: z.number().nonnegative().transform(Math.round), // ns since the epoch: past 2^53, so exact to about ±128 ns
    type: z.string().regex(/^[a-z_]{2,32}$/),
    process: processContext,
  })
  .loose();

const hexId = z.string().regex(/^[0-9a-f]{32}$/);
const helloLine = z
  .object({ type: z.literal('hello'), boot_id: z.string().min(1).max(64), run_id: hexId.optional(), spool_id: hexId.optional() })
  .loose();

/**
 * The stream a hello opens: the numbering its seqs belong to. A spool keeps numbering across sensor
 * runs and reboots until it is made anew (new spool id); without a spool (a recording of stdout), each
 * run counts from 1; recordings from before run ids have only the boot id.
 */
function streamOf(hello: z.infer<typeof helloLine>): string {
  if (hello.spool_id) return `spool:${hello.spool_id}`;
  if (hello.run_id) return `run:${hello.run_id}`;
  return `boot:${hello.boot_id}`;
}

/** The spool id inside a stream id, for the reader's --spool-id; null for other streams. */
export function spoolIdOf(streamId: string): string | null {
  return /^spool:([0-9a-f]{32})$/.exec(streamId)?.[1] ?? null;
}

const heartbeatLine = z.object({ type: z.literal('heartbeat') }).loose();

/** The spool dropped events A..B (it was full) before this reader got to them. */
const gapLine = z.object({ type: z.literal('gap'), from: z.number().int().nonnegative(), to: z.number().int().nonnegative() }).loose();

export type SensorLine =
  | { kind: 'hello'; streamId: string; raw: Record<string, unknown> }
  | { kind: 'heartbeat'; raw: Record<string, unknown> }
  | { kind: 'gap'; from: number; to: number }
  | { kind: 'event'; event: SensorEvent };

export class LineError extends Error {}

export function parseSensorLine(line: string): SensorLine {
  if (line.length > maxLineBytes) throw new LineError(`line is ${line.length} bytes, over the ${maxLineBytes}-byte limit`);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new LineError('not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new LineError('not a JSON object');
  const type = (value as { type?: unknown }).type;
  if (type === 'hello') {
    const hello = helloLine.safeParse(value);
    if (!hello.success) throw new LineError(`hello line: ${hello.error.issues[0]?.message ?? 'bad shape'}`);
    return { kind: 'hello', streamId: streamOf(hello.data), raw: hello.data };
  }
  if (type === 'heartbeat') return { kind: 'heartbeat', raw: heartbeatLine.parse(value) };
  if (type === 'gap') {
    const gap = gapLine.safeParse(value);
    if (!gap.success) throw new LineError('gap line without from/to');
    return { kind: 'gap', from: gap.data.from, to: gap.data.to };
  }
  const event = eventLine.safeParse(value);
  if (!event.success) {
    const issue = event.error.issues[0];
    throw new LineError(`event: ${issue ? `${issue.path.join('.') || '(line)'}: ${issue.message}` : 'bad shape'}`);
  }
  return { kind: 'event', event: event.data };
}

export type SensorEvent = z.infer<typeof eventLine>;

/** The stored row of an event: the event as the sensor wrote it plus `host`, and its searchable summary. */
export function eventRow(event: SensorEvent, hostId: number, hostName: string, streamId: string): NewEvent {
  const stored = { ...event, host: hostName };
  return {
    hostId,
    streamId,
    seq: event.seq,
    tsNs: event.ts,
    type: event.type,
    pid: event.process.pid,
    ppid: event.process.ppid,
    uid: event.process.uid,
    comm: event.process.comm,
    executable: event.process.file.path,
    summary: summarizeEvent(stored),
    raw: JSON.stringify(stored),
  };
}
