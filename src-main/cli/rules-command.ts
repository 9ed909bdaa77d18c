// `workbench rules check FILE`: what of a Datadog policy file the workbench can evaluate, and why not
// the rest. The last line is the summary scripts read.
import type { Command } from 'commander';
import { loadPolicyFile, topReasons } from '../detect/index.ts';
import type { CliIo } from './program.ts';
import { terminalSafe } from './terminal-text.ts';

export function addRulesCommands(program: Command, io: CliIo): void {
  const rules = program.command('rules').description('runtime rule packs (SECL, Datadog policy format)');
  rules
    .command('check')
    .argument('<file>', 'a policy file (YAML)')
    .option('--verbose', 'list every rule left out, with its reason')
    .description('load a policy and say which rules load, which are unsupported and why, and which have errors')
    .action((file: string, options: { verbose?: boolean }) => {
      const result = loadPolicyFile(file);
      const { loaded, filtered, unsupported, errors } = result.counts;
      io.out(`${file}: policy version ${result.version ?? '(none)'}, ${loaded + filtered + unsupported + errors} rules\n`);
      if (filtered > 0) io.out(`  ${filtered} filtered out (their filters exclude this platform, e.g. os == "windows")\n`);
      for (const kind of ['unsupported', 'error'] as const) {
        const reasons = topReasons(result, kind);
        if (reasons.length === 0) continue;
        io.out(`${kind === 'error' ? 'errors' : 'unsupported'}, by reason:\n`);
        for (const { key, rules: count } of reasons) io.out(`  ${String(count).padStart(4)}  ${terminalSafe(key)}\n`);
      }
      if (options.verbose) {
        for (const skipped of result.skipped) io.out(`${skipped.kind.padEnd(11)} ${terminalSafe(skipped.id)}: ${terminalSafe(skipped.reason)}${skipped.coveredBy ? ` (covered by ${skipped.coveredBy})` : ''}\n`);
      }
      io.out(`loaded ${loaded}, unsupported ${unsupported + filtered}, errors ${errors}\n`);
      if (errors > 0) process.exitCode = 1;
    });
}
