// Detection as the workbench runs it: the active rule packs compiled once, a verdict on every event as it
// is ingested (recorded as signals with the events), and retro-hunts over what a case already holds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RetroHuntResult, RuleSource, Severity, SignalRule } from '../../src-shared/api/domain.ts';
import type { BatchMatch, CaseStore, HuntRange, NewMatch } from '../store/index.ts';
import { parseAttackCatalogue } from './attack.ts';
import { Detector, type RuleMatch } from './detector.ts';
import type { MacroSource } from '../../src-shared/secl/index.ts';
import type { LoadedRule } from './policy.ts';
import { loadRulePack, type PackError } from './rule-pack.ts';

/** Where a rule comes from, from its tags: Sigma's license requires showing its author with its matches. */
export function ruleSource(rule: LoadedRule, pack: 'workbench' | 'custom'): RuleSource {
  return sourceFromTags(rule.tags, pack);
}

/** Where a rule comes from, read from its tags (Sigma's license needs the author wherever matches show). */
export function sourceFromTags(tags: Readonly<Record<string, unknown>>, pack: 'workbench' | 'custom'): RuleSource {
  const text = (key: string) => (typeof tags[key] === 'string' ? (tags[key] as string) : null);
  if (tags['source'] === 'sigma') return { kind: 'sigma', author: text('author'), license: text('license') };
  if (tags['source'] === 'datadog') return { kind: 'datadog', author: 'Datadog', license: 'Apache-2.0' };
  return { kind: pack, author: text('author'), license: null };
}

/** A rule as a signal remembers it. Rules without a severity (foreign packs) count as medium. */
export function signalRule(rule: LoadedRule, source: RuleSource): SignalRule {
  return {
    id: rule.id,
    description: rule.description,
    expression: rule.expression,
    severity: (rule.severity ?? 'medium') as Severity,
    tactic: rule.tactic ?? null,
    technique: rule.technique ?? null,
    triage: [...(rule.triage ?? [])],
    remediation: rule.remediation ?? '',
    source,
  };
}

/** "bash -i (pid 23030)": the process of a match, in one line for lists. */
export function processSummary(event: Record<string, unknown>): string {
  const process = (event['process'] ?? {}) as Record<string, unknown>;
  const file = (process['file'] ?? {}) as Record<string, unknown>;
  const argv0 = typeof process['argv0'] === 'string' && process['argv0'] ? process['argv0'] : String(file['name'] ?? process['comm'] ?? '?');
  const args = typeof process['args'] === 'string' ? process['args'] : '';
  const line = `${argv0}${args ? ` ${args}` : ''}`;
  return `${line.length > 200 ? `${line.slice(0, 199)}…` : line} (pid ${String(process['pid'] ?? '?')})`;
}

/** Events evaluated between two yields to the event loop during a retro-hunt. */
const huntChunk = 2000;

export interface PackSource {
  dir: string;
  /** workbench: a bundled pack; custom: the user's (or any other folder of policy files). */
  kind: 'workbench' | 'custom';
  /** Refuse rules without the workbench metadata (our own packs). */
  strict: boolean;
  /** false: the pack is switched off; its rules are known (their ids are taken) but never run. */
  enabled?: boolean;
  /** Rules of the pack the user switched off: known, never run. */
  disabledRules?: ReadonlySet<string>;
  /** Macros from outside the pack its rules may use (the bundled lists, for the user's packs). */
  extraMacros?: readonly MacroSource[];
}

export interface DetectionOptions {
  packs: readonly PackSource[];
  /** The bundled ATT&CK catalogue (resources/attack/enterprise-attack.json). */
  attackFile: string;
}

export class Detection {
  readonly detector: Detector;
  /** Problems of the bundled pack (there should be none: CI runs its tests). */
  readonly errors: readonly PackError[];
  private readonly rules = new Map<string, SignalRule>();

  constructor(options: DetectionOptions) {
    const attack = parseAttackCatalogue(JSON.parse(readFileSync(options.attackFile, 'utf8')));
    const errors: PackError[] = [];
    const rules: LoadedRule[] = [];
    for (const source of options.packs) {
      const pack = loadRulePack(source.dir, { strict: source.strict, attack, ...(source.extraMacros ? { extraMacros: source.extraMacros } : {}) });
      const enabled = source.enabled ?? true;
      if (enabled) errors.push(...pack.errors.map((error) => ({ ...error, file: join(source.dir, error.file) })));
      for (const rule of pack.rules) {
        if (this.rules.has(rule.id)) {
          if (enabled) errors.push({ file: join(source.dir, rule.file), id: rule.id, reason: `rule ${rule.id} is also in an earlier pack; the first one is used` });
          continue;
        }
        this.rules.set(rule.id, signalRule(rule, ruleSource(rule, source.kind)));
        // switched-off rules keep their id (no other rule may take it) but are never evaluated
        if (enabled && !source.disabledRules?.has(rule.id)) rules.push(rule);
      }
    }
    this.errors = errors;
    this.detector = new Detector(rules);
  }

  get ruleCount(): number {
    return this.detector.size;
  }

  /** The rule with this id, as its signals show it (silent rules included); undefined when no pack has it. */
  rule(id: string): SignalRule | undefined {
    return this.rules.get(id);
  }

  private toMatch(match: RuleMatch, hostId: number): Omit<NewMatch, 'eventId'> {
    return {
      rule: this.rules.get(match.rule.id) ?? signalRule(match.rule, ruleSource(match.rule, 'custom')),
      hostId,
      groupKey: match.groupKey,
      tsNs: match.tsNs,
      event: match.event,
      processSummary: processSummary(match.event),
    };
  }

  /** The verdict on one ingested event of a host, as the store records it. */
  forHost(hostId: number): (event: Record<string, unknown>, seq: number) => BatchMatch[] {
    return (event, seq) => this.detector.detect(event).map((match) => ({ ...this.toMatch(match, hostId), seq }));
  }

  /**
   * Evaluates the rules over stored events (in a time range) and records what matches as signals. Works in
   * chunks and yields between them, so the app keeps answering (and ingesting) during a long hunt;
   * `stillOpen` says whether the case is still the open one.
   */
  async retroHunt(store: CaseStore, range: HuntRange, options: { nowMs: () => number; progress: (done: number, total: number) => void; stillOpen: () => boolean }): Promise<RetroHuntResult> {
    const hunt = store.hunt(range);
    const total = hunt.total();
    const matches: NewMatch[] = [];
    let events = 0;
    for (let chunk = hunt.next(huntChunk); chunk.length > 0; chunk = hunt.next(huntChunk)) {
      for (const hunted of chunk) {
        for (const match of this.detector.detect(hunted.event)) matches.push({ ...this.toMatch(match, hunted.hostId), eventId: hunted.eventId });
      }
      events += chunk.length;
      options.progress(events, total);
      await new Promise((resolve) => setImmediate(resolve));
      if (!options.stillOpen()) throw new Error('the case was closed during the hunt; nothing was recorded');
    }
    const outcome = store.recordMatches(matches, options.nowMs());
    return { events, matches: outcome.matched, newSignals: outcome.newSignals };
  }
}
