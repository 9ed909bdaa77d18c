// Composes the services into the Workbench API. Every host (Electron, the browser host, the CLI) builds
// one Workbench and exposes its handlers; none of them adds behaviour of its own.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Handlers } from '../src-shared/api/dispatch.ts';
import type { AppInfo, CaseSummary, CustomRuleSaved, HostSummary, ProgressEvent, RetroHuntResult, RuleDraft, SignalDetail, StatusEvent } from '../src-shared/api/domain.ts';
import type { CallArgs } from '../src-shared/api/contract.ts';
import { ApiError } from '../src-shared/api/errors.ts';
import { CaseLibrary, ensureDemoCase } from './cases/index.ts';
import { addCustomRule, customPackDir, Detection, draftRule, parseAttackCatalogue, seclEventCount, seclEventPage, type AttackCatalogue } from './detect/index.ts';
import { factsUpdate, Fleet, PromptBroker, readSshConfig, SshError, type FleetOptions } from './fleet/index.ts';
import { SensorService } from './sensor-service.ts';
import { RulesService } from './rules-service.ts';
import { systemClock, type Clock, type Paths, type SecretStore } from './platform/index.ts';
import { CaseStore, latestSchemaVersion, type HuntRange } from './store/index.ts';
import { buildInbox, inboxProviders } from './inbox/index.ts';
import { Notifier, settingsPath, type DesktopNotifier } from './notify/index.ts';

export const appName = 'Cloud Security Workbench';
export const appVersion = '0.1.0';

export interface WorkbenchOptions {
  host: AppInfo['host'];
  paths: Paths;
  secrets: SecretStore;
  clock?: Clock;
  /** ssh-agent socket (default: SSH_AUTH_SOCK). */
  agentSocket?: string | undefined;
  /** The user's known_hosts, read only (default: ~/.ssh/known_hosts). */
  userKnownHosts?: string;
  sshTiming?: FleetOptions['timing'];
  /** Shows system notifications (Electron); without it the renderer shows them (Web Notifications). */
  desktopNotifier?: DesktopNotifier;
}

function noSuchSignal(id: number): ApiError {
  return new ApiError('not_found', `There is no signal ${id} in this case.`, 'Reload the signals list.');
}

export class Workbench {
  readonly library: CaseLibrary;
  readonly prompts = new PromptBroker();
  readonly fleet: Fleet;
  readonly sensors: SensorService;
  readonly notifier: Notifier;
  /** Rule packs and the Rules page's test panel. */
  readonly rules: RulesService;
  private readonly options: WorkbenchOptions;
  private readonly clock: Clock;
  private readonly bus = new EventEmitter();
  private store: CaseStore | null = null;
  private loadedDetection: Detection | null = null;
  private attackCatalogue: AttackCatalogue | null = null;

  constructor(options: WorkbenchOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.library = new CaseLibrary(options.paths.dataDir);
    this.library.ensureDirs();
    this.bus.setMaxListeners(0);
    this.rules = new RulesService({
      dataDir: options.paths.dataDir,
      bundled: [{ id: 'runtime', name: 'Workbench runtime rules', description: 'The workbench\'s own runtime detection rules (rules/runtime), with ATT&CK mappings, triage steps and tests. Read-only: updates replace them.', dir: join(options.paths.rulesDir, 'runtime') }],
      attack: () => this.attack(),
      openCase: () => this.requireCase(),
      now: () => this.clock.nowMs(),
      // what detection runs changed: the next ingest or retro-hunt loads the packs again
      onChange: () => {
        this.loadedDetection = null;
      },
    });
    this.notifier = new Notifier({ settingsFile: settingsPath(options.paths.dataDir), secrets: options.secrets, desktop: options.desktopNotifier, now: () => this.clock.nowMs() });
    this.fleet = new Fleet({
      dataDir: options.paths.dataDir,
      prompter: this.prompts,
      secrets: options.secrets,
      agentSocket: 'agentSocket' in options ? options.agentSocket : process.env['SSH_AUTH_SOCK'],
      ...(options.userKnownHosts ? { userKnownHosts: options.userKnownHosts } : {}),
      ...(options.sshTiming ? { timing: options.sshTiming } : {}),
    });
    this.sensors = new SensorService({
      fleet: this.fleet,
      prompter: this.prompts,
      secrets: options.secrets,
      sensorDir: options.paths.sensorDir,
      sensorVersion: appVersion,
      store: () => this.requireCase(),
      onChange: () => this.publishStatus(),
      progress: (title) => this.progressReporter(title),
      detect: (hostId) => this.detection().forHost(hostId),
    });
  }

  /** The bundled rule packs, compiled the first time something needs them (most CLI commands do not). */
  detection(): Detection {
    this.loadedDetection ??= new Detection({
      // the bundled packs, the user's own rules (rules.saveCustom) and imported packs, with the user's switches
      packs: this.rules.packs.detectionSources(),
      attackFile: join(this.options.paths.resourcesDir, 'attack', 'enterprise-attack.json'),
    });
    return this.loadedDetection;
  }

  /** A rule proposed from an event of the open case, with an id no pack uses yet. */
  draftRule(eventId: number): RuleDraft {
    const found = this.requireCase().eventWithLineage(eventId);
    if (!found) throw new ApiError('not_found', `There is no event ${eventId} in this case.`, 'Reload the events list.');
    const detection = this.detection();
    return draftRule(found.event, { hostName: found.row.hostName, taken: (id) => detection.rule(id) !== undefined });
  }

  /** Adds a rule to the user's custom pack; the next ingest or retro-hunt runs it. */
  saveCustomRule(rule: CallArgs<'rules.saveCustom'>): CustomRuleSaved {
    const detection = this.detection();
    const taken = (id: string) => {
      const other = detection.rule(id);
      return other ? (other.source.kind === 'workbench' ? 'a bundled rule' : 'a rule of another pack') : null;
    };
    const saved = this.rules.packs.recordChange('custom', `added rule ${rule.id} from an event`, () => addCustomRule(customPackDir(this.options.paths.dataDir), rule, taken));
    this.loadedDetection = null;
    return saved;
  }

  /** ATT&CK names of tactic and technique ids, from the bundled catalogue (read the first time it is needed). */
  private attack(): AttackCatalogue {
    this.attackCatalogue ??= parseAttackCatalogue(JSON.parse(readFileSync(join(this.options.paths.resourcesDir, 'attack', 'enterprise-attack.json'), 'utf8')));
    return this.attackCatalogue;
  }

  private attackNames(ids: readonly string[]): Record<string, string> {
    const catalogue = this.attack();
    return Object.fromEntries(ids.flatMap((id) => {
      const name = id.startsWith('TA') ? catalogue.tacticName(id) : catalogue.techniqueName(id);
      return name === undefined ? [] : [[id, name]];
    }));
  }

  private signal(id: number): SignalDetail {
    const signal = this.requireCase().getSignal(id);
    if (!signal) throw noSuchSignal(id);
    return signal;
  }

  async retroHunt(range: HuntRange): Promise<RetroHuntResult> {
    const store = this.requireCase();
    const detection = this.detection();
    const report = this.progressReporter('Running the rules over the stored events');
    report(0, `${detection.ruleCount} rules`);
    try {
      const result = await detection.retroHunt(store, range, {
        nowMs: () => this.clock.nowMs(),
        progress: (done, total) => report(total > 0 ? done / total : 1, `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events`),
        stillOpen: () => this.store === store,
      });
      report(1, `${result.events} events, ${result.matches} matches, ${result.newSignals} new signals`, 'done');
      this.publishStatus();
      return result;
    } catch (error) {
      report(null, (error as Error).message, 'failed');
      throw error;
    }
  }

  /** A reporter for one long task, published on the progress stream. */
  progressReporter(title: string): (fraction: number | null, detail: string, state?: ProgressEvent['state']) => void {
    const taskId = randomUUID();
    return (fraction, detail, state = 'running') => this.bus.emit('progress', { taskId, title, fraction, detail, state } satisfies ProgressEvent);
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
    this.sensors.close();
    this.fleet.close();
    this.store?.close();
    this.store = next;
    const caseName = next.getMeta('name');
    next.onSignalsCreated((signals) => this.notifier.signalsCreated(signals, caseName));
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
    const report = this.progressReporter('Preparing the demo case');
    report(0, 'Checking the bundled recording');
    try {
      const path = ensureDemoCase(this.options.paths.resourcesDir, this.library.casesDir, this.clock.nowMs(), report, (hostId) => this.detection().forHost(hostId));
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

  private host(id: number): HostSummary {
    const host = this.requireCase().getHost(id);
    if (!host) throw new ApiError('not_found', `There is no host ${id} in this case.`, 'Reload the host list.');
    return { ...host, capture: this.sensors.captureSummary(id) };
  }

  listHosts(): HostSummary[] {
    return this.requireCase().listHosts().map((host) => ({ ...host, capture: this.sensors.captureSummary(host.id) }));
  }

  private checkJump(hostId: number | null, jumpHostId: number | null | undefined): void {
    if (jumpHostId === null || jumpHostId === undefined) return;
    if (jumpHostId === hostId) throw new ApiError('invalid_input', 'A host cannot be its own jump host.');
    this.host(jumpHostId);
  }

  addHost(input: CallArgs<'hosts.add'>): HostSummary {
    const store = this.requireCase();
    this.checkJump(null, input.jumpHostId);
    if (store.listHosts().some((h) => h.name === input.name)) {
      throw new ApiError('conflict', `This case already has a host named ${input.name}.`, 'Pick another name.');
    }
    const id = store.addHost({ ...input, connection: 'offline' }, this.clock.nowMs());
    this.publishStatus();
    return this.host(id);
  }

  /** Local mode: this machine as a host of the case, reached without SSH. */
  addLocalHost({ name }: CallArgs<'hosts.addLocal'>): HostSummary {
    const store = this.requireCase();
    const existing = store.listHosts().find((h) => h.local);
    if (existing) throw new ApiError('conflict', `This machine is already in the case, as ${existing.name}.`, 'Use that host.');
    const hostName = name ?? (hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100) || 'this-machine');
    if (store.listHosts().some((h) => h.name === hostName)) {
      throw new ApiError('conflict', `This case already has a host named ${hostName}.`, 'Give this machine another name.');
    }
    const id = store.addHost({ name: hostName, address: 'localhost', port: 22, user: userInfo().username, local: true, connection: 'local' }, this.clock.nowMs());
    this.publishStatus();
    return this.host(id);
  }

  updateHost({ id, ...changes }: CallArgs<'hosts.update'>): HostSummary {
    const store = this.requireCase();
    this.host(id);
    this.checkJump(id, changes.jumpHostId);
    if (changes.name !== undefined && store.listHosts().some((h) => h.name === changes.name && h.id !== id)) {
      throw new ApiError('conflict', `This case already has a host named ${changes.name}.`, 'Pick another name.');
    }
    this.fleet.disconnect(id); // new settings apply from the next connection
    store.updateHost(id, changes);
    this.publishStatus();
    return this.host(id);
  }

  removeHost(id: number): null {
    this.host(id);
    this.sensors.stopCapture(id);
    this.fleet.disconnect(id);
    this.requireCase().removeHost(id);
    this.publishStatus();
    return null;
  }

  async connectHost(id: number): Promise<HostSummary> {
    const store = this.requireCase();
    const host = this.host(id);
    store.updateHost(id, { connection: host.local ? 'local' : 'connecting', lastError: '' });
    this.publishStatus();
    try {
      const { facts } = await this.fleet.connect(host, store.listHosts(), () => {
        if (this.store === store && store.getHost(id)?.connection === 'connected') {
          store.updateHost(id, { connection: 'offline' });
          this.publishStatus();
        }
      });
      store.updateHost(id, factsUpdate(facts, host.local));
      return this.host(id);
    } catch (error) {
      const problem = error instanceof SshError ? new ApiError('host_error', error.message, error.hint) : error;
      if (this.store === store) store.updateHost(id, { connection: host.local ? 'local' : 'error', lastError: (problem as Error).message });
      throw problem;
    } finally {
      this.publishStatus();
    }
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
        'hosts.list': () => this.listHosts(),
        'hosts.add': (input) => this.addHost(input),
        'hosts.addLocal': (input) => this.addLocalHost(input),
        'hosts.update': (input) => this.updateHost(input),
        'hosts.remove': ({ id }) => this.removeHost(id),
        'hosts.connect': ({ id }) => this.connectHost(id),
        'hosts.sshConfig': ({ path }) => readSshConfig(path),
        'sensor.deploy': ({ hostId }) => this.sensors.deploy(hostId),
        'sensor.start': ({ hostId, profile }) => this.sensors.start(hostId, profile),
        'sensor.stop': ({ hostId }) => this.sensors.stop(hostId),
        'sensor.uninstall': ({ hostId }) => this.sensors.uninstall(hostId),
        'capture.start': ({ hostId }) => {
          this.host(hostId);
          this.sensors.capture(hostId);
          return this.host(hostId);
        },
        'capture.stop': ({ hostId }) => {
          this.sensors.stopCapture(hostId);
          return this.host(hostId);
        },
        'prompts.answer': ({ id, answer }) => {
          this.prompts.answer(id, answer);
          return null;
        },
        'events.query': ({ secl, ...query }) => (secl?.trim() ? seclEventPage(this.requireCase(), { ...query, secl }) : this.requireCase().queryEvents(query)),
        'events.count': ({ cap, secl, ...selection }) => (secl?.trim() ? seclEventCount(this.requireCase(), { ...selection, secl, cap }) : this.requireCase().countEvents(selection, cap)),
        'events.facets': () => this.requireCase().eventFacets(),
        'events.get': ({ id }) => this.requireCase().getEvent(id),
        'signals.list': (filter) => this.requireCase().listSignals(filter),
        'signals.count': (selection) => ({ total: this.requireCase().countSignals(selection) }),
        'signals.facets': (selection) => {
          const { tactics, ...facets } = this.requireCase().signalFacets(selection);
          return { ...facets, attackNames: this.attackNames([...facets.techniques.map((t) => t.value).filter(Boolean), ...tactics]) };
        },
        'signals.histogram': ({ buckets, ...selection }) => this.requireCase().signalHistogram(selection, buckets),
        'signals.bulkUpdate': (change) => {
          const result = this.requireCase().bulkUpdateSignals(change, this.clock.nowMs());
          this.publishStatus();
          return result;
        },
        'views.list': ({ page }) => this.requireCase().listViews(page),
        'views.save': (view) => this.requireCase().saveView(view, this.clock.nowMs()),
        'views.remove': ({ id }) => {
          this.requireCase().removeView(id);
          return null;
        },
        'signals.get': ({ id }) => this.signal(id),
        'signals.update': ({ id, status, assignee }) => {
          if (!this.requireCase().updateSignal(id, { status, assignee }, this.clock.nowMs())) throw noSuchSignal(id);
          const { firstEvent: _event, matches: _matches, notes: _notes, ...summary } = this.signal(id);
          this.publishStatus();
          return summary;
        },
        'signals.addNote': ({ id, author, text }) => {
          if (!this.requireCase().addSignalNote(id, author, text, this.clock.nowMs())) throw noSuchSignal(id);
          return this.signal(id);
        },
        'mutes.list': () => this.requireCase().listMutes(this.clock.nowMs()),
        'mutes.add': (mute) => this.requireCase().addMute(mute, this.clock.nowMs()),
        'mutes.remove': ({ id }) => {
          this.requireCase().removeMute(id);
          return null;
        },
        'signals.related': ({ id, windowNs }) => {
          const related = this.requireCase().relatedSignals(id, windowNs);
          if (!related) throw noSuchSignal(id);
          return related;
        },
        'processes.tree': ({ limit, ...target }) => {
          const tree = this.requireCase().processTree(target, limit);
          if (!tree) throw new ApiError('not_found', 'This case holds no such process.', 'It may come from another case, or from events recorded before its process was seen.');
          return tree;
        },
        'processes.events': (query) => this.requireCase().processEvents(query),
        'processes.timeline': (query) => this.requireCase().processTimeline(query),
        'attack.names': ({ ids }) => this.attackNames(ids),
        'detect.retroHunt': (range) => this.retroHunt(range),
        'rules.draft': ({ eventId }) => this.draftRule(eventId),
        'rules.saveCustom': (rule) => this.saveCustomRule(rule),
        'overview.threats': () => this.requireCase().threatOverview({ maxBuckets: 48, top: 5 }),
        'inbox.list': ({ limit }) => buildInbox(this.requireCase(), inboxProviders, limit),
        'notify.settings': () => this.notifier.view(),
        'notify.setDesktop': (prefs) => this.notifier.setDesktop(prefs),
        'notify.saveTarget': (target) => this.notifier.saveTarget(target),
        'notify.removeTarget': ({ id }) => this.notifier.removeTarget(id),
        'notify.test': ({ id }) => this.notifier.test(id),
        ...this.rules.handlers(),
      },
      streams: {
        progress: (_input, emit) => this.listen('progress', emit),
        status: (_input, emit) => {
          emit(this.status());
          return this.listen('status', emit);
        },
        prompts: (_input, emit) => this.prompts.subscribe(emit),
        notifications: (_input, emit) => this.notifier.subscribe(emit),
      },
    };
  }

  close(): void {
    this.rules.close();
    this.notifier.close();
    this.sensors.close();
    this.fleet.close();
    this.store?.close();
    this.store = null;
  }
}
