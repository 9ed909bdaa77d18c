// `workbench detect --rules DIR --events FILE.ndjson [--json]`: the signals a recording produces. The
// recording goes through the same ingest and detection as a live host (process table, lineage, grouping
// into signals), in a throwaway case, so what this prints is what the app would show.
import { CommanderError, type Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignalDetail } from '../../src-shared/api/domain.ts';
import { Detection } from '../detect/index.ts';
import { importSensorStream, recordingHostName } from '../ingest/index.ts';
import { nodePaths } from '../platform/index.ts';
import { CaseStore } from '../store/index.ts';
import type { CliIo } from './program.ts';
import { table, terminalSafe } from './terminal-text.ts';

/** A signal for --json: its rule (with severity and ATT&CK), and every matched event in full. */
function jsonSignal(signal: SignalDetail): object {
  return {
    rule: signal.rule,
    severity: signal.rule.severity,
    attack: { tactic: signal.rule.tactic, technique: signal.rule.technique },
    host: signal.hostName,
    group: signal.groupKey,
    first_ts: signal.firstTsNs,
    last_ts: signal.lastTsNs,
    match_count: signal.matchCount,
    // the first match as the rule saw it: process context with cwd, argv and ancestry
    first_event: signal.firstEvent,
    events: signal.matches.map((match) => match.raw),
  };
}

export function addDetectCommand(program: Command, io: CliIo): void {
  program
    .command('detect')
    .description('run a rule pack over a recorded sensor stream and print the signals it raises')
    .requiredOption('--rules <dir>', 'a folder of policy files (e.g. rules/runtime)')
    .requiredOption('--events <file>', 'a recording of the sensor\'s NDJSON output')
    .option('--json', 'one JSON object per signal, with its rule and its events in full')
    .action((options: { rules: string; events: string; json?: boolean }) => {
      const detection = new Detection({
        packs: [{ dir: options.rules, kind: 'custom', strict: false }],
        attackFile: join(nodePaths(io.env).resourcesDir, 'attack', 'enterprise-attack.json'),
      });
      for (const error of detection.errors) io.err(`${terminalSafe(error.file)}${error.id ? ` ${terminalSafe(error.id)}` : ''}: ${terminalSafe(error.reason)} (rule left out)\n`);
      let text: string;
      try {
        text = readFileSync(options.events, 'utf8');
      } catch (error) {
        io.err(`cannot read ${options.events}: ${(error as Error).message}\n`);
        throw new CommanderError(2, 'workbench.detect', 'unreadable events file');
      }
      const dir = mkdtempSync(join(tmpdir(), 'wb-detect-'));
      const store = CaseStore.create(join(dir, 'detect.wbcase'), 'detect', Date.now());
      try {
        const host = recordingHostName(text, options.events);
        const hostId = store.addHost({ name: host }, Date.now());
        const imported = importSensorStream(store, hostId, host, options.events, text, { detect: detection.forHost(hostId) });
        const signals = store.listSignals({ limit: 100_000 }).reverse(); // oldest first
        if (options.json) {
          for (const summary of signals) io.out(`${JSON.stringify(jsonSignal(store.getSignal(summary.id)!))}\n`);
          return;
        }
        if (signals.length > 0) {
          io.out(`${table(['SEVERITY', 'RULE', 'ATT&CK', 'MATCHES', 'PROCESS'], signals.map((s) => [s.rule.severity, s.rule.id, s.rule.technique ?? '', String(s.matchCount), s.processSummary]))}\n`);
          const authors = [...new Set(signals.filter((s) => s.rule.source.kind === 'sigma').map((s) => s.rule.source.author ?? 'unknown'))];
          if (authors.length > 0) io.out(`Sigma rules by ${authors.map(terminalSafe).join('; ')} (Detection Rule License 1.1)\n`);
        }
        io.out(`events ${imported.events}, rules ${detection.ruleCount}, signals ${signals.length}\n`);
      } finally {
        store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
}
