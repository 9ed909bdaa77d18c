// Detection throughput over a real recording (bench/detect/record.sh), with every rule the workbench can
// load: its own pack, Datadog's default policy and the Sigma Linux rules translated to SECL. Measured side
// by side in one run: the rule set indexed by event type (how the workbench evaluates) against evaluating
// every rule on every event. Not a test: it prints ratios.
//
//   node bench/detect/run.ts [events.ndjson] [rounds]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importSigma, loadPolicy, loadPolicyFile, loadRulePack, sigmaPolicyText, type LoadedRule } from '../../src-main/detect/index.ts';
import { Detector } from '../../src-main/detect/detector.ts';
import { parseSensorLine } from '../../src-main/ingest/index.ts';
import { ProcessTable } from '../../src-main/ingest/process-table.ts';

const root = resolve(import.meta.dirname, '../..');
const file = process.argv[2] ?? '/var/tmp/wb-detect-bench/events.ndjson';
const rounds = Number(process.argv[3] ?? 3);

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

// --- the events, enriched as ingest enriches them (host, parent, ancestors from the process table) ---
const loadStarted = performance.now();
const events: Record<string, unknown>[] = [];
const table = new ProcessTable();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.startsWith('{"seq"')) continue;
  const parsed = parseSensorLine(line);
  if (parsed.kind !== 'event') continue;
  const { event } = parsed;
  table.observe(event);
  const lineage = table.lineage(event.process.pid, event.process.ppid);
  events.push({ ...event, host: 'bench', process: { ...event.process, parent: lineage.parent, ancestors: lineage.ancestors } });
}
const types = new Map<string, number>();
for (const event of events) types.set(event['type'] as string, (types.get(event['type'] as string) ?? 0) + 1);
console.log(`events: ${events.length} from ${file} (parsed and enriched in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s)`);
console.log(`  by type: ${[...types].sort((a, b) => b[1] - a[1]).map(([type, n]) => `${type} ${n}`).join(', ')}`);

const allRules = rules.filter((rule) => !rule.silent); // what the detector holds, without its index
function indexed(): number {
  let matches = 0;
  for (const event of events) matches += detector.ruleSet.match(event).length;
  return matches;
}
function naive(): number {
  let matches = 0;
  for (const event of events) {
    for (const rule of allRules) {
      try {
        if (rule.matches(event)) matches++;
      } catch {
        // as RuleSet.match: a rule that fails on an event does not match
      }
    }
  }
  return matches;
}

const results: Array<{ indexedMs: number; naiveMs: number }> = [];
let indexedMatches = 0;
let naiveMatches = 0;
for (let round = 1; round <= rounds; round++) {
  let started = performance.now();
  indexedMatches = indexed();
  const indexedMs = performance.now() - started;
  started = performance.now();
  naiveMatches = naive();
  const naiveMs = performance.now() - started;
  results.push({ indexedMs, naiveMs });
  console.log(`round ${round}: indexed ${indexedMs.toFixed(0)} ms (${indexedMatches} matches), every rule on every event ${naiveMs.toFixed(0)} ms (${naiveMatches} matches)`);
}
if (indexedMatches !== naiveMatches) throw new Error(`the two ways disagree: ${indexedMatches} vs ${naiveMatches} matches`);
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const indexedMs = median(results.map((r) => r.indexedMs));
const naiveMs = median(results.map((r) => r.naiveMs));
console.log(`\nmedian over ${rounds} rounds, ${detector.size} rules, ${events.length} events:`);
console.log(`  indexed by event type: ${(indexedMs / 1000).toFixed(2)} s, ${Math.round(events.length / (indexedMs / 1000)).toLocaleString('en-US')} events/s (${((indexedMs / events.length) * 1e6).toFixed(0)} ns per event)`);
console.log(`  every rule on every event: ${(naiveMs / 1000).toFixed(2)} s`);
console.log(`  ratio: ${(naiveMs / indexedMs).toFixed(1)}x faster indexed (target >= 10x); ${events.length >= 1_000_000 ? '' : 'scale to 1 M: '}${((indexedMs / events.length) * 1_000_000 / 1000).toFixed(2)} s per million events (target < 3 s)`);
