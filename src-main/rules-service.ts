// The Rules page's service: the rule packs (detect/packs) and the test panel, which runs the rule being
// edited over the open case's events or over a recording the user picked. A run is a series of short
// calls (each reads for a bounded time and says where it stopped), so a big case neither freezes the app
// nor outlives the user's interest: the renderer stops asking to cancel. A recording goes through the same
// ingest as a live host (process table, lineage) into a throwaway case, kept while it is being tested.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallArgs } from '../src-shared/api/contract.ts';
import type { CallHandlers } from '../src-shared/api/dispatch.ts';
import { ApiError } from '../src-shared/api/errors.ts';
import type { RuleTestRow, RuleTestRun, RuleTestsResult } from '../src-shared/api/rule-packs.ts';
import { summarizeEvent } from '../src-shared/events/summary.ts';
import type { CompiledRule } from '../src-shared/secl/index.ts';
import { lineageFor, PackLibrary, processSummary, queryCallBudgetMs, runTestsOf, type AttackCatalogue, type BundledPack } from './detect/index.ts';
import { importSensorStream, recordingHostName } from './ingest/index.ts';
import { CaseStore } from './store/index.ts';

export interface RulesServiceOptions {
  dataDir: string;
  bundled: readonly BundledPack[];
  attack: () => AttackCatalogue;
  /** The open case (throws when none is). */
  openCase: () => CaseStore;
  now: () => number;
  /** Called after anything that changes what detection runs. */
  onChange: () => void;
  /** How long one step of a run may read (default: the Events explorer's budget, queryCallBudgetMs). */
  stepBudgetMs?: number;
}

type RulePackCall =
  | 'packs.list'
  | 'packs.create'
  | 'packs.import'
  | 'packs.export'
  | 'packs.setEnabled'
  | 'packs.versions'
  | 'packs.diff'
  | 'packs.restore'
  | 'packs.context'
  | 'packs.delete'
  | 'rules.list'
  | 'rules.get'
  | 'rules.save'
  | 'rules.delete'
  | 'rules.setEnabled'
  | 'rules.test'
  | 'rules.runTests';

interface Recording {
  id: string;
  name: string;
  dir: string;
  store: CaseStore;
  events: number;
}

function numberOr(value: unknown, fallback: number | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export class RulesService {
  readonly packs: PackLibrary;
  private readonly options: RulesServiceOptions;
  private recording: Recording | null = null;

  constructor(options: RulesServiceOptions) {
    this.options = options;
    this.packs = new PackLibrary({ dataDir: options.dataDir, bundled: options.bundled, attack: options.attack, now: options.now, onChange: options.onChange });
  }

  /** A recording picked in the UI, ingested into a throwaway case; the same text is ingested once. */
  private recordingCase(name: string, text: string): Recording {
    const id = createHash('sha256').update(text).digest('hex').slice(0, 32);
    if (this.recording?.id === id) return this.recording;
    const dir = mkdtempSync(join(tmpdir(), 'wb-rule-test-'));
    const store = CaseStore.create(join(dir, 'recording.wbcase'), name, this.options.now());
    try {
      const host = recordingHostName(text, name);
      const hostId = store.addHost({ name: host }, this.options.now());
      const imported = importSensorStream(store, hostId, host, name, text);
      if (imported.events === 0) throw new ApiError('bad_file', `${name} holds no sensor events.`, 'Pick a recording of the sensor\'s output (NDJSON, a hello line then events).');
      this.closeRecording();
      this.recording = { id, name, dir, store, events: imported.events };
      return this.recording;
    } catch (error) {
      store.close();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  private closeRecording(): void {
    if (!this.recording) return;
    this.recording.store.close();
    rmSync(this.recording.dir, { recursive: true, force: true });
    this.recording = null;
  }

  /** One bounded step of running an expression, as a rule of its pack, over a case or a recording. */
  testRule(input: CallArgs<'rules.test'>): RuleTestRun {
    const rule = this.packs.compile(input.packId, input.expression);
    let store: CaseStore;
    let recording: Recording | null = null;
    if (input.source.kind === 'case') store = this.options.openCase();
    else if (input.source.kind === 'recording') recording = this.recordingCase(input.source.name, input.source.text);
    else {
      if (this.recording?.id !== input.source.recordingId) throw new ApiError('not_found', 'That recording is no longer loaded (another one was picked since).', 'Pick the recording again.');
      recording = this.recording;
    }
    if (recording) store = recording.store;
    return this.scan(store!, rule, input, recording);
  }

  private scan(store: CaseStore, rule: CompiledRule, input: CallArgs<'rules.test'>, recording: Recording | null): RuleTestRun {
    const types = rule.eventType === '*' ? undefined : [rule.eventType];
    const hostIds = input.source.kind === 'case' ? input.source.hostIds : undefined;
    const hosts = new Map(store.listHosts().map((host) => [host.name, host.id]));
    const counts = new Map<string, number>();
    const rows: RuleTestRow[] = [];
    const outcome = store.scanEvents(
      {
        types,
        hostIds,
        after: input.after,
        order: 'asc',
        limit: Number.MAX_SAFE_INTEGER,
        mode: 'count',
        lineage: lineageFor(rule, store),
        match: (event) => {
          if (!rule.matches(event)) return false;
          const hostName = typeof event['host'] === 'string' ? event['host'] : '?';
          counts.set(hostName, (counts.get(hostName) ?? 0) + 1);
          if (rows.length < input.rows) rows.push(this.row(event, hostName, hosts));
          return true;
        },
      },
      { maxMs: this.options.stepBudgetMs ?? queryCallBudgetMs },
    );
    const first = input.after === undefined;
    const candidates = first ? store.countEvents({ types, hostIds }).total : null;
    const label = recording ? `${recording.name} (${recording.events.toLocaleString('en-US')} events)` : 'this case';
    return {
      rows,
      byHost: [...counts].map(([hostName, matches]) => ({ hostId: hosts.get(hostName) ?? 0, hostName, matches })),
      matched: outcome.matched,
      scanned: outcome.scanned,
      candidates,
      resume: outcome.stoppedAt ? { after: outcome.stoppedAt } : null,
      eventType: rule.eventType,
      recordingId: recording?.id ?? null,
      sourceLabel: label,
    };
  }

  private row(event: Record<string, unknown>, hostName: string, hosts: Map<string, number>): RuleTestRow {
    const process = (event['process'] ?? {}) as Record<string, unknown>;
    return {
      hostId: hosts.get(hostName) ?? 0,
      hostName,
      tsNs: numberOr(event['ts'], 0)!,
      seq: numberOr(event['seq'], 0)!,
      type: String(event['type'] ?? ''),
      pid: numberOr(process['pid'], 0)!,
      startNs: numberOr(process['created_at'], null),
      summary: summarizeEvent(event).slice(0, 500),
      process: processSummary(event),
    };
  }

  runTests(input: CallArgs<'rules.runTests'>): RuleTestsResult {
    if (input.expression.trim() === '') return { tests: [], passed: 0, failed: 0, problem: 'Write an expression first: the tests run it.' };
    return runTestsOf(() => this.packs.compile(input.packId, input.expression), input.tests);
  }

  handlers(): Pick<CallHandlers, RulePackCall> {
    const packs = this.packs;
    return {
      'packs.list': () => packs.list(),
      'packs.create': ({ name, description }) => packs.create(name, description),
      'packs.import': ({ name, files, dryRun }) => packs.importFiles(files, name, dryRun),
      'packs.export': ({ id }) => packs.exportPack(id),
      'packs.delete': ({ id }) => packs.deletePack(id),
      'packs.setEnabled': ({ id, enabled }) => packs.setPackEnabled(id, enabled),
      'packs.versions': ({ id }) => packs.versions(id),
      'packs.diff': ({ id, version }) => packs.diff(id, version),
      'packs.restore': ({ id, version, side }) => packs.restore(id, version, side),
      'packs.context': ({ id }) => packs.context(id),
      'rules.list': ({ packId }) => packs.rules(packId),
      'rules.get': ({ packId, ruleId }) => packs.rule(packId, ruleId),
      'rules.save': ({ packId, originalId, rule }) => packs.saveRule(packId, originalId, rule),
      'rules.delete': ({ packId, ruleId }) => packs.deleteRule(packId, ruleId),
      'rules.setEnabled': ({ packId, ruleId, enabled }) => packs.setRuleEnabled(packId, ruleId, enabled),
      'rules.test': (input) => this.testRule(input),
      'rules.runTests': (input) => this.runTests(input),
    };
  }

  close(): void {
    this.closeRecording();
  }
}
