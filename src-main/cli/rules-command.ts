// `workbench rules check FILE`: what of a Datadog policy file the workbench can evaluate, and why not
// the rest. `workbench rules test [DIR]`: runs the tests every rule of a pack carries (default: the
// bundled runtime pack). In both, the last line is the summary scripts read.
import { CommanderError, type Command } from 'commander';
import { bundledRuntimeRulesDir, loadPolicyFile, loadRulePack, PolicyError, runRuleTests, topReasons } from '../detect/index.ts';
import { join, relative } from 'node:path';
import type { CliIo } from './program.ts';
import { terminalSafe } from './terminal-text.ts';

/**
 * Ends the command with an exit code after its output is written. runCli returns the code of a
 * CommanderError without printing anything more (setting process.exitCode would be overwritten by main.ts).
 */
function exitWith(code: number): never {
  throw new CommanderError(code, 'workbench.rules', `exit ${code}`);
}

/** How to name a pack's file to the user: relative to where they stand when it is inside it. */
function displayPath(dir: string, file: string): string {
  const full = join(dir, file);
  const rel = relative(process.cwd(), full);
  return rel !== '' && !rel.startsWith('..') ? rel : full;
}

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
      if (errors > 0) exitWith(1);
    });
  rules
    .command('test')
    .argument('[dir]', 'a rule pack: a folder of policy files whose rules carry tests (default: the bundled rules/runtime)')
    .option('--verbose', 'list every rule with its number of tests')
    .description("run every rule's tests: its match events must match and its no_match events must not; exits 1 on any failure")
    .action((given: string | undefined, options: { verbose?: boolean }) => {
      const dir = given ?? bundledRuntimeRulesDir;
      const pack = loadRulePack(dir, { strict: true });
      if (pack.files.length === 0) throw new PolicyError(`${dir} holds no policy files (*.policy): nothing to test`);
      const report = runRuleTests(pack);
      const where = (file: string): string => terminalSafe(displayPath(dir, file));
      for (const error of report.errors) io.out(`ERROR ${where(error.file)}${error.id ? ` ${terminalSafe(error.id)}` : ''}: ${terminalSafe(error.reason)}\n`);
      for (const failure of report.failures) {
        io.out(`FAIL ${where(failure.file)} ${terminalSafe(failure.ruleId)} ${failure.kind} #${failure.number} (${terminalSafe(failure.event)}): ${terminalSafe(failure.reason)}\n`);
      }
      if (options.verbose) {
        for (const rule of pack.rules) io.out(`${where(rule.file)} ${rule.id}: ${rule.tests?.match.length ?? 0} match, ${rule.tests?.noMatch.length ?? 0} no_match\n`);
      }
      // A rule that did not load counts as failed: its tests could not run.
      const failed = report.failures.length + report.errors.length;
      io.out(`rules ${report.rules}, tests ${report.tests}, failed ${failed}\n`);
      if (failed > 0) exitWith(1);
    });
}
