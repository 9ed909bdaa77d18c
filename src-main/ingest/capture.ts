// Keeps one host's stream flowing into the case: opens the source from after the last committed event,
// feeds the ingest, and when the stream breaks, reconnects with backoff and resumes from the last
// commit. The sensor spools on the host meanwhile, so nothing is lost and nothing is stored twice.
import type { HostIngest } from './host-ingest.ts';

export interface StreamChannel {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  close(): unknown;
  /** What the remote command says on stderr: the reason when the stream ends early. */
  stderr?: { on(event: 'data', listener: (chunk: Buffer) => void): unknown };
}

/** Where a stream resumes: after `seq` of the stream `streamId` (null, 0: from the start). */
export interface StreamPosition {
  streamId: string | null;
  seq: number;
}

export interface StreamSource {
  /** Opens the stream of events after `from`. */
  open(from: StreamPosition): Promise<StreamChannel>;
}

export type CaptureState = 'starting' | 'streaming' | 'reconnecting' | 'stopped';

export interface CaptureOptions {
  ingest: HostIngest;
  source: StreamSource;
  /** Where to resume when the stream has said nothing yet (the last position stored for the host). */
  initialPosition: () => StreamPosition;
  onState?: (state: CaptureState, detail: string) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class HostCapture {
  private readonly options: Required<Pick<CaptureOptions, 'minBackoffMs' | 'maxBackoffMs'>> & CaptureOptions;
  private channel: StreamChannel | null = null;
  private stopped = false;
  private backoffMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  reconnects = 0;

  constructor(options: CaptureOptions) {
    this.options = { minBackoffMs: 200, maxBackoffMs: 10_000, ...options };
    this.backoffMs = this.options.minBackoffMs;
  }

  private position(): StreamPosition {
    const { ingest } = this.options;
    const seq = ingest.committedSeq();
    return seq === null ? this.options.initialPosition() : { streamId: ingest.currentStreamId, seq };
  }

  private setState(state: CaptureState, detail: string): void {
    this.options.onState?.(state, detail);
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const from = this.position();
    const since = from.seq;
    this.setState(this.reconnects === 0 ? 'starting' : 'reconnecting', `resuming after event ${since}`);
    let channel: StreamChannel;
    try {
      channel = await this.options.source.open(from);
    } catch (error) {
      return this.retry((error as Error).message);
    }
    if (this.stopped) {
      channel.close();
      return;
    }
    this.channel = channel;
    this.setState('streaming', `streaming from event ${since + 1}`);
    const { ingest } = this.options;
    // Back-pressure: each chunk is parsed and, every batch, committed before the next is read, so at most
    // one batch waits in memory; meanwhile SSH's window holds the sensor's reader, and the spool holds the rest.
    const sensorLinesBefore = ingest.sensorLines;
    channel.on('data', (chunk: Buffer) => {
      // after stop() the case may be closed: what still arrives is left in the spool for next time
      if (this.stopped) return;
      ingest.push(chunk);
    });
    let stderr = '';
    channel.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    channel.on('close', () => {
      if (this.stopped) return;
      ingest.end();
      if (this.channel === channel) this.channel = null;
      // A stream that worked (a sensor's events or heartbeats: a reader sends one every second) starts the
      // backoff over; one that died at once or sent only garbage keeps doubling it, so a broken or hostile
      // host is not hammered.
      if (ingest.sensorLines > sensorLinesBefore) this.backoffMs = this.options.minBackoffMs;
      this.retry(stderr.trim() ? `the stream closed: ${stderr.trim().split('\n').at(-1)}` : 'the stream closed');
    });
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    this.reconnects += 1;
    this.setState('reconnecting', `${reason}; retrying in ${Math.round(this.backoffMs)} ms`);
    this.retryTimer = setTimeout(() => void this.connect(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.channel?.close();
    this.channel = null;
    this.options.ingest.end();
    this.setState('stopped', 'capture stopped');
  }
}
