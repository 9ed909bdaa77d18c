// Detection throughput over a real recording (bench/detect/record.sh), with every rule the workbench can
// load: its own pack, Datadog's default policy and the Sigma Linux rules translated to SECL. Measured side
// by side in one run: the rule set indexed by event type (how the workbench evaluates) against evaluating
// every rule on every event. Not a test: it prints ratios.
//
//   node bench/detect/run.ts [events.ndjson] [rounds] [first N events]
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { importSigma, loadPolicy, loadPolicyFile, loadRulePack, sigmaPolicyText, type LoadedRule } from '../../src-main/detect/index.ts';
import { Detector } from '../../src-main/detect/detector.ts';
import { RuleSet } from '../../src-shared/secl/index.ts';
import { parseSensorLine } from '../../src-main/ingest/index.ts';
import { ProcessTable } from '../../src-main/ingest/process-table.ts';

const root = resolve(import.meta.dirname, '../..');
const file = process.argv[2] ?? '/var/tmp/wb-detect-bench/events.ndjson';
const rounds = Number(process.argv[3] ?? 3);
/** Only the first N events (the naive ways take minutes on a million). */
const limit = Number(process.argv[4] ?? Infinity);
/** Which ways to run, comma-separated (default: all); the first is the one the ratios are against. */
const only = process.argv[5]?.split(',');

// --- the rules ---
const own = loadRulePack(resolve(root, 'rules/runtime'), { strict: true }).rules;
const datadog = loadPolicyFile(resolve(root, '../shared/corpora/datadog-cws/default.policy')).loaded;
const sigma = loadPolicy(sigmaPolicyText(importSigma([resolve(root, '../shared/corpora/sigma-linux')]).rules)).loaded;
const seen = new Set<string>();
const rules: LoadedRule[] = [];
for (const rule of [...own, ...datadog, ...sigma]) {
  if (seen.has(rule.id)) continue;
  seen.add(rule.id);
  rules.push(rule);
}
const detector = new Detector(rules);
console.log(`rules: ${own.length} own, ${datadog.length} Datadog, ${sigma.length} Sigma = ${detector.size} evaluated (silent ones left out)`);

// --- the events: the recorded lines, parsed and enriched (host, parent, ancestors from the process table)
// batch by batch in each round, as ingest does, so every way meets events just parsed, not a million
// objects gone cold in memory. Each batch is evaluated the indexed way first: it is the coldest.
const loadStarted = performance.now();
const lines: string[] = [];
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (lines.length >= limit) break;
  if (line.startsWith('{"seq"') && parseSensorLine(line).kind === 'event') lines.push(line);
}
const batchSize = 1000;
function* enrichedBatches(): Generator<Record<string, unknown>[]> {
  const table = new ProcessTable();
  for (let start = 0; start < lines.length; start += batchSize) {
    const batch: Record<string, unknown>[] = [];
    for (const line of lines.slice(start, start + batchSize)) {
      const parsed = parseSensorLine(line);
      if (parsed.kind !== 'event') continue;
      const { event } = parsed;
      table.observe(event);
      batch.push(table.enrich(event, 'bench'));
    }
    yield batch;
  }
}
const types = new Map<string, number>();
for (const line of lines) {
  const type = /"type":"([a-z_]+)"/.exec(line)?.[1] ?? '?';
  types.set(type, (types.get(type) ?? 0) + 1);
}
console.log(`events: ${lines.length} from ${file} (read in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s)`);
console.log(`  by type: ${[...types].sort((a, b) => b[1] - a[1]).map(([type, n]) => `${type} ${n}`).join(', ')}`);

const allRules = rules.filter((rule) => !rule.silent); // what the detector holds, without its index
/** The same rules indexed by event type only: without approvers every rule of the type evaluates. */
const byTypeOnly = new RuleSet(allRules.map((rule) => ({ ...rule, approvers: null, approverOptions: [] })));
const ofType = (rule: LoadedRule, event: Record<string, unknown>) => rule.eventType === '*' || rule.eventType === event['type'];

/** How the workbench evaluates: only the rules of the event's type (RuleSet's index). */
function indexed(events: Record<string, unknown>[]): number {
  let matches = 0;
  for (const event of events) matches += detector.ruleSet.match(event).length;
  return matches;
}
/** Indexed by event type only. */
function typeIndex(events: Record<string, unknown>[]): number {
  let matches = 0;
  for (const event of events) matches += byTypeOnly.match(event).length;
  return matches;
}
/** No index, but each rule's type tested before its expression. */
function typeFirst(events: Record<string, unknown>[]): number {
  let matches = 0;
  for (const event of events) for (const rule of allRules) if (ofType(rule, event) && safeMatch(rule, event)) matches++;
  return matches;
}
/** Every rule's expression on every event; the type, part of the rule's meaning, tested after. */
function everyRule(events: Record<string, unknown>[]): number {
  let matches = 0;
  for (const event of events) for (const rule of allRules) if (safeMatch(rule, event) && ofType(rule, event)) matches++;
  return matches;
}
function safeMatch(rule: LoadedRule, event: Record<string, unknown>): boolean {
  try {
    return rule.matches(event);
  } catch {
    return false; // as RuleSet.match: a rule that fails on an event does not match
  }
}

const ways = (
  [
    ['indexed', indexed],
    ['typeIndex', typeIndex],
    ['typeFirst', typeFirst],
    ['everyRule', everyRule],
  ] as const
).filter(([name]) => only === undefined || name === 'indexed' || only.includes(name));
const timings: Record<string, number[]> = { indexed: [], typeIndex: [], typeFirst: [], everyRule: [] };
const counts: Record<string, number> = {};
for (let round = 1; round <= rounds; round++) {
  const spent: Record<string, number> = { indexed: 0, typeIndex: 0, typeFirst: 0, everyRule: 0 };
  const found: Record<string, number> = { indexed: 0, typeIndex: 0, typeFirst: 0, everyRule: 0 };
  for (const batch of enrichedBatches()) {
    for (const [name, run] of ways) {
      const started = performance.now();
      found[name]! += run(batch);
      spent[name]! += performance.now() - started;
    }
  }
  for (const [name] of ways) {
    timings[name]!.push(spent[name]!);
    counts[name] = found[name]!;
  }
  console.log(`round ${round}: ${ways.map(([name]) => `${name} ${spent[name]!.toFixed(0)} ms (${found[name]} matches)`).join(', ')}`);
}
if (new Set(Object.values(counts)).size > 1) throw new Error(`the ways disagree: ${JSON.stringify(counts)}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const [indexedMs, typeIndexMs, typeFirstMs, everyRuleMs] = ['indexed', 'typeIndex', 'typeFirst', 'everyRule'].map((name) => (timings[name]!.length ? median(timings[name]!) : NaN)) as [number, number, number, number];
const perMillion = (ms: number) => ((ms / lines.length) * 1_000_000) / 1000;
console.log(`\nmedian over ${rounds} rounds, ${detector.size} rules, ${lines.length} events, ${counts['indexed']} matches:`);
console.log(`  indexed by type and approvers:  ${(indexedMs / 1000).toFixed(2)} s = ${perMillion(indexedMs).toFixed(2)} s per million events (target < 3 s), ${Math.round(lines.length / (indexedMs / 1000)).toLocaleString('en-US')} events/s`);
if (!Number.isNaN(typeIndexMs)) console.log(`  indexed by event type only:     ${(typeIndexMs / 1000).toFixed(2)} s (${(typeIndexMs / indexedMs).toFixed(1)}x the indexed time)`);
if (!Number.isNaN(typeFirstMs)) console.log(`  no index, type tested first:    ${(typeFirstMs / 1000).toFixed(2)} s (${(typeFirstMs / indexedMs).toFixed(1)}x the indexed time)`);
if (!Number.isNaN(everyRuleMs)) console.log(`  every rule on every event:      ${(everyRuleMs / 1000).toFixed(2)} s (${(everyRuleMs / indexedMs).toFixed(1)}x the indexed time; target >= 10x)`);
