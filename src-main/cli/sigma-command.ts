// `workbench rules import-sigma DIR... [--out FILE.policy]`: Sigma rules → a SECL policy. Prints every
// rule it could not translate (file, title, reason) and every error, then the summary as the last line.
// Exit code 1 only for errors (unreadable or malformed input, a translation the engine refuses).
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { groupByKey, importSigma, loadPolicy, sigmaPolicyText, type ImportEntry } from '../detect/index.ts';
import type { CliIo } from './program.ts';
import { terminalSafe } from './terminal-text.ts';

/** An error points at its line; an untranslatable rule is about the whole rule. */
function line(entry: ImportEntry): string {
  const where = entry.kind === 'error' && entry.place ? `${entry.file}:${entry.place.line}:${entry.place.column}` : entry.file;
  const title = entry.title ? ` "${entry.title}"` : '';
  return terminalSafe(`${entry.kind === 'error' ? 'error' : 'untranslatable'} ${where}${title}: ${entry.reason}`);
}

export function addSigmaCommands(program: Command, io: CliIo): void {
  const rules = program.commands.find((command) => command.name() === 'rules') ?? program.command('rules').description('runtime rule packs');
  rules
    .command('import-sigma')
    .argument('<paths...>', 'Sigma rule files or folders (searched for *.yml and *.yaml)')
    .option('--out <file>', 'write the translated rules to this policy file')
    .description('translate Sigma rules (Linux process_creation, file_event, network_connection) into a SECL policy')
    .action((paths: string[], options: { out?: string }) => {
      const result = importSigma(paths);
      for (const entry of result.entries) if (entry.kind !== 'translated') io.out(`${line(entry)}\n`);
      let errors = result.counts.errors;
      for (const kind of ['untranslatable', 'error'] as const) {
        const groups = groupByKey(result, kind);
        if (groups.length === 0) continue;
        io.out(`${kind === 'error' ? 'errors' : 'untranslatable'}, by reason:\n`);
        for (const { key, count } of groups) io.out(`  ${String(count).padStart(4)}  ${terminalSafe(key)}\n`);
      }
      if (options.out !== undefined) {
        const text = sigmaPolicyText(result.rules);
        // The file must load as it will be used: a rule the policy loader refuses is an import error.
        const check = loadPolicy(text);
        for (const skipped of check.skipped) {
          errors++;
          io.out(`${terminalSafe(`error ${options.out}: rule ${skipped.id} does not load: ${skipped.reason}`)}\n`);
        }
        mkdirSync(dirname(options.out), { recursive: true });
        writeFileSync(options.out, text);
        io.out(`${terminalSafe(`wrote ${result.rules.length} SECL rule${result.rules.length === 1 ? '' : 's'} to ${options.out}`)}\n`);
      } else if (result.rules.length > 0) {
        io.out('(nothing written: add --out FILE.policy to save the translated rules)\n');
      }
      io.out(`translated ${result.counts.translated}, untranslatable ${result.counts.untranslatable}, errors ${errors}\n`);
      if (errors > 0) throw new Error(`import-sigma: ${errors} error${errors === 1 ? '' : 's'} (listed above)`);
    });
}
