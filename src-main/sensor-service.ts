// The sensor on each host of the open case, as the user drives it: deploy, start, stop, uninstall, and
// capture (stream into the case, reconnecting as needed). Composes fleet (SSH) and ingest (the store).
import type { CaptureSummary, HostSummary } from '../src-shared/api/domain.ts';
import { ApiError } from '../src-shared/api/errors.ts';
import {
  factsUpdate,
  installSensor,
  readerCommand,
  sensorBinaryFor,
  spawnAsRoot,
  SshError,
  startSensor,
  stopSensor,
  uninstallSensor,
  type Fleet,
  type HostFacts,
  type Prompter,
  type RootContext,
  type SensorBinary,
} from './fleet/index.ts';
import { HostCapture, HostIngest, RateMeter, spoolIdOf, type CaptureState, type IngestCounters, type IngestProblem } from './ingest/index.ts';
import type { SecretStore } from './platform/index.ts';
import type { BatchMatch, CaseStore } from './store/index.ts';

export interface CaptureStatus {
  state: CaptureState;
  detail: string;
  counters: IngestCounters;
  problems: IngestProblem[];
}

export interface SensorServiceOptions {
  fleet: Fleet;
  prompter: Prompter;
  secrets: SecretStore;
  sensorDir: string;
  sensorVersion: string;
  store: () => CaseStore;
  onChange: () => void;
  progress: (title: string) => (fraction: number | null, detail: string, state?: 'running' | 'done' | 'failed') => void;
  /** The rules' verdict on a host's events as they are ingested. */
  detect?: (hostId: number) => ((event: Record<string, unknown>, seq: number) => readonly BatchMatch[]) | undefined;
}

function asApiError(error: unknown): unknown {
  return error instanceof SshError ? new ApiError('host_error', error.message, error.hint) : error;
}

export class SensorService {
  private readonly options: SensorServiceOptions;
  private readonly captures = new Map<number, { capture: HostCapture; ingest: HostIngest; status: CaptureStatus; rate: RateMeter }>();
  /** The binary installed on each host by this app run: the stream keeps using it even if a rebuilt one appears locally. */
  private readonly installed = new Map<number, SensorBinary>();

  constructor(options: SensorServiceOptions) {
    this.options = options;
  }

  private host(id: number): HostSummary {
    const host = this.options.store().getHost(id);
    if (!host) throw new ApiError('not_found', `There is no host ${id} in this case.`);
    return host;
  }

  private async root(host: HostSummary): Promise<{ context: RootContext; binary: SensorBinary; facts: HostFacts }> {
    const store = this.options.store();
    const { session, facts } = await this.options.fleet.connect(host, store.listHosts(), () => this.options.onChange());
    store.updateHost(host.id, factsUpdate(facts, host.local));
    const binary = this.installed.get(host.id) ?? sensorBinaryFor(this.options.sensorDir, facts.arch, this.options.sensorVersion);
    return { context: { session, uid: facts.uid, prompter: this.options.prompter, secrets: this.options.secrets }, binary, facts };
  }

  private async step<T>(hostId: number, title: string, action: (host: HostSummary, report: (fraction: number, detail: string) => void) => Promise<T>): Promise<T> {
    const host = this.host(hostId);
    const report = this.options.progress(`${title} on ${host.name}`);
    report(0, 'Connecting');
    try {
      const result = await action(host, (fraction, detail) => report(fraction, detail));
      report(1, 'Done', 'done');
      return result;
    } catch (error) {
      const problem = asApiError(error);
      report(null, (problem as Error).message, 'failed');
      throw problem;
    } finally {
      this.options.onChange();
    }
  }

  deploy(hostId: number): Promise<HostSummary> {
    return this.step(hostId, 'Deploying the sensor', async (host, report) => {
      this.installed.delete(hostId); // deploy what is built now
      const { context, binary, facts } = await this.root(host);
      await installSensor(context, facts, binary, report);
      this.installed.set(hostId, binary);
      this.options.store().updateHost(hostId, { sensor: 'deployed' });
      return this.host(hostId);
    });
  }

  start(hostId: number, profile: 'default' | 'light' = 'default'): Promise<HostSummary> {
    return this.step(hostId, 'Starting the sensor', async (host, report) => {
      const { context, binary } = await this.root(host);
      report(0.5, `Starting the sensor daemon (${profile} profile)`);
      await startSensor(context, binary, ['--profile', profile]);
      this.options.store().updateHost(hostId, { sensor: 'running' });
      this.capture(hostId);
      return this.host(hostId);
    });
  }

  stop(hostId: number): Promise<HostSummary> {
    return this.step(hostId, 'Stopping the sensor', async (host) => {
      this.stopCapture(hostId);
      const { context } = await this.root(host);
      await stopSensor(context);
      this.options.store().updateHost(hostId, { sensor: 'stopped' });
      return this.host(hostId);
    });
  }

  uninstall(hostId: number): Promise<HostSummary> {
    return this.step(hostId, 'Uninstalling the sensor', async (host) => {
      this.stopCapture(hostId);
      const { context } = await this.root(host);
      await uninstallSensor(context);
      this.installed.delete(hostId);
      this.options.store().updateHost(hostId, { sensor: 'not-deployed' });
      return this.host(hostId);
    });
  }

  /** Streams the host's spool into the case until stopped, resuming after the last committed event. */
  capture(hostId: number): CaptureStatus {
    const existing = this.captures.get(hostId);
    if (existing) return existing.status;
    const store = this.options.store();
    const host = this.host(hostId);
    const status: CaptureStatus = { state: 'starting', detail: '', counters: { received: 0, committed: 0, duplicates: 0, badLines: 0, batches: 0, kernelDrops: 0, spoolDrops: 0, lostInGaps: 0, matches: 0, newSignals: 0 }, problems: [] };
    // tell the UI about new events at most once a second, not once a batch, and always about the last ones
    let noticeTimer: NodeJS.Timeout | null = null;
    const rate = new RateMeter();
    const notice = () => {
      noticeTimer ??= setTimeout(() => {
        noticeTimer = null;
        if (this.captures.has(hostId)) this.options.onChange();
      }, 1000);
    };
    const detect = this.options.detect?.(hostId);
    const ingest = new HostIngest({
      store,
      hostId,
      hostName: host.name,
      ...(detect ? { detect } : {}),
      onCommit: () => {
        rate.record(Date.now(), ingest.counters.committed);
        notice();
      },
      // the rate, the lag and the drops change even when no event comes
      onHeartbeat: notice,
      onProblem: (problem) => {
        status.problems = [...status.problems.slice(-19), problem];
        this.options.onChange();
      },
    });
    status.counters = ingest.counters;
    const capture = new HostCapture({
      ingest,
      initialPosition: () => {
        const stored = store.latestStreamPosition(hostId);
        return stored ? { streamId: stored.streamId, seq: stored.lastSeq } : { streamId: null, seq: 0 };
      },
      source: {
        open: async (from) => {
          const { context, binary } = await this.root(this.host(hostId));
          return spawnAsRoot(context, readerCommand(binary, from.seq, from.streamId === null ? null : spoolIdOf(from.streamId)));
        },
      },
      onState: (state, detail) => {
        status.state = state;
        status.detail = detail;
        if (!host.local) store.updateHost(hostId, { connection: state === 'streaming' ? 'connected' : state === 'reconnecting' ? 'connecting' : undefined });
        this.options.onChange();
      },
    });
    this.captures.set(hostId, { capture, ingest, status, rate });
    capture.start();
    return status;
  }

  captureSummary(hostId: number): CaptureSummary | null {
    const entry = this.captures.get(hostId);
    if (!entry) return null;
    const { status, capture, ingest, rate } = entry;
    const { spoolHead, lastHeardAtMs } = ingest.health;
    return {
      state: status.state,
      detail: status.detail,
      ...status.counters,
      reconnects: capture.reconnects,
      problems: status.problems.map((p) => p.message),
      eventsPerSecond: rate.perSecond(Date.now(), status.counters.committed),
      lagEvents: spoolHead === null ? null : Math.max(0, spoolHead - (ingest.committedSeq() ?? 0)),
      lastHeardAtMs,
    };
  }

  stopCapture(hostId: number): void {
    this.captures.get(hostId)?.capture.stop();
    this.captures.delete(hostId);
  }

  close(): void {
    for (const hostId of [...this.captures.keys()]) this.stopCapture(hostId);
  }
}
