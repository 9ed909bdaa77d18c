// Composes the services into the Workbench API. Every host (Electron, the browser host, the CLI) builds
// one Workbench and exposes its handlers; none of them adds behaviour of its own.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Handlers } from '../src-shared/api/dispatch.ts';
import type { AppInfo, CaseSummary, ProgressEvent, StatusEvent } from '../src-shared/api/domain.ts';
import { ApiError } from '../src-shared/api/errors.ts';
import { CaseLibrary, ensureDemoCase } from './cases/index.ts';
import { systemClock, type Clock, type Paths, type SecretStore } from './platform/index.ts';
import { CaseStore, latestSchemaVersion } from './store/index.ts';

export const appName = 'Cloud Security Workbench';
export const appVersion = '0.1.0';

export interface WorkbenchOptions {
  host: AppInfo['host'];
  paths: Paths;
  secrets: SecretStore;
  clock?: Clock;
}

export class Workbench {
  readonly library: CaseLibrary;
  private readonly options: WorkbenchOptions;
  private readonly clock: Clock;
  private readonly bus = new EventEmitter();
  private store: CaseStore | null = null;

  constructor(options: WorkbenchOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.library = new CaseLibrary(options.paths.dataDir);
    this.library.ensureDirs();
    this.bus.setMaxListeners(0);
  }

  get secrets(): SecretStore {
    return this.options.secrets;
  }

  info(): AppInfo {
    return {
      name: appName,
      version: appVersion,
      host: this.options.host,
      platform: `${process.platform}-${process.arch}`,
      dataDir: this.options.paths.dataDir,
      schemaVersion: latestSchemaVersion,
    };
  }

  currentCase(): CaseSummary | null {
    return this.store?.summary() ?? null;
  }

  requireCase(): CaseStore {
    if (this.store === null) {
      throw new ApiError('no_case_open', 'No case is open.', 'Open the demo case or create a case first.');
    }
    return this.store;
  }

  openCase(path: string): CaseSummary {
    const next = CaseStore.open(path); // throws before the current case is touched
    this.store?.close();
    this.store = next;
    this.library.remember(path);
    this.publishStatus();
    return next.summary();
  }

  createCase(name: string): CaseSummary {
    const path = this.library.pathForNewCase(name, this.clock.nowMs());
    CaseStore.create(path, name, this.clock.nowMs()).close();
    return this.openCase(path);
  }

  openDemoCase(): CaseSummary {
    const taskId = randomUUID();
    const title = 'Preparing the demo case';
    const report = (fraction: number | null, detail: string, state: ProgressEvent['state'] = 'running') =>
      this.bus.emit('progress', { taskId, title, fraction, detail, state } satisfies ProgressEvent);
    report(0, 'Checking the bundled recording');
    try {
      const path = ensureDemoCase(this.options.paths.resourcesDir, this.library.casesDir, this.clock.nowMs(), report);
      const summary = this.openCase(path);
      report(1, `${summary.eventCount} events on ${summary.hostCount} hosts`, 'done');
      return summary;
    } catch (error) {
      report(null, (error as Error).message, 'failed');
      throw error;
    }
  }

  status(): StatusEvent {
    const hosts = this.store?.listHosts() ?? [];
    return {
      openCase: this.currentCase(),
      hosts: {
        total: hosts.length,
        connected: hosts.filter((h) => h.connection === 'connected' || h.connection === 'local').length,
        withErrors: hosts.filter((h) => h.connection === 'error').length,
      },
    };
  }

  private publishStatus(): void {
    this.bus.emit('status', this.status());
  }

  private listen<T>(name: string, emit: (event: T) => void): () => void {
    this.bus.on(name, emit);
    return () => this.bus.off(name, emit);
  }

  handlers(): Handlers {
    return {
      calls: {
        'app.info': () => this.info(),
        'cases.list': () => this.library.list(),
        'cases.current': () => this.currentCase(),
        'cases.create': ({ name }) => this.createCase(name),
        'cases.open': ({ path }) => this.openCase(path),
        'cases.openDemo': () => this.openDemoCase(),
        'hosts.list': () => this.requireCase().listHosts(),
        'events.query': (query) => this.requireCase().queryEvents(query),
      },
      streams: {
        progress: (_input, emit) => this.listen('progress', emit),
        status: (_input, emit) => {
          emit(this.status());
          return this.listen('status', emit);
        },
      },
    };
  }

  close(): void {
    this.store?.close();
    this.store = null;
  }
}
