// `workbench packs …`: the rule packs of the Rules page from a terminal, through the same API. A rule author
// ships a pack by exporting it and a team installs it by importing it; both end with a line scripts read.
import { type Command } from 'commander';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { WorkbenchApi } from '../../src-shared/api/contract.ts';
import type { PackImportReport } from '../../src-shared/api/rule-packs.ts';
import type { CliIo } from './program.ts';
import { table, terminalSafe } from './terminal-text.ts';

const ruleFile = /\.(policy|ya?ml)$/i;

/** The rule files named: files as they are, folders walked for policy and YAML files (Sigma trees). */
export function ruleFilesOf(paths: readonly string[]): { name: string; text: string }[] {
  const files: { name: string; text: string }[] = [];
  const add = (path: string, top: boolean): void => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) throw new Error(`${path}: no such file or folder`);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (!entry.startsWith('.')) add(join(path, entry), false);
    } else if (top || ruleFile.test(path)) {
      files.push({ name: top ? basename(path) : path, text: readFileSync(path, 'utf8') });
    }
  };
  for (const path of paths) add(resolve(path), true);
  return files;
}

function importReport(report: PackImportReport, io: CliIo): void {
  for (const file of report.files) io.out(`${terminalSafe(file.name)}: ${file.format}, ${file.rules} ${file.rules === 1 ? 'rule runs' : 'rules run'}\n`);
  for (const problem of report.problems) {
    const where = `${problem.file}${problem.line ? `:${problem.line}` : ''}${problem.ruleId ? ` ${problem.ruleId}` : ''}`;
    io.out(`${problem.kind.padEnd(14)} ${terminalSafe(where)}: ${terminalSafe(problem.reason)}\n`);
  }
  if (report.authors.length > 0) io.out(`Sigma rules by ${terminalSafe(report.authors.join('; '))} (Detection Rule License 1.1)\n`);
}

export function addPacksCommands(program: Command, io: CliIo, api: () => WorkbenchApi): void {
  const packs = program.command('packs').description('rule packs, as on the Rules page: list, import, export, switch, delete');
  packs
    .command('list')
    .description('every pack with what of it runs')
    .action(async () => {
      const { packs: list } = await api().call('packs.list', {});
      const rows = list.map((pack) => [pack.id, pack.name, pack.kind, pack.enabled ? `${pack.enabledRules} of ${pack.rules}` : `off (${pack.rules})`, String(pack.problems.filter((problem) => problem.kind !== 'filtered').length)]);
      io.out(`${table(['ID', 'NAME', 'KIND', 'RUNNING', 'NOT RUNNING'], rows)}\n`);
      io.out(`${list.length} packs, ${list.reduce((sum, pack) => sum + pack.enabledRules, 0)} rules running\n`);
    });
  packs
    .command('import')
    .argument('<paths...>', 'policy files (Datadog or workbench format), Sigma rules, or folders of them')
    .option('--name <name>', 'the pack name (default: from the files)')
    .option('--dry-run', 'only report what would run and why not, storing nothing')
    .description('make a pack of rule files; every rule that will not run is named with its file, line and reason')
    .action(async (paths: string[], options: { name?: string; dryRun?: boolean }) => {
      const files = ruleFilesOf(paths);
      const report = await api().call('packs.import', { name: options.name ?? '', files, dryRun: options.dryRun === true });
      importReport(report, io);
      const problems = report.problems.filter((problem) => problem.kind !== 'filtered').length;
      io.out(report.pack ? `imported ${report.pack.id}: ${report.loaded} rules run, ${problems} do not\n` : `dry run: ${report.loaded} rules would run, ${problems} would not\n`);
    });
  packs
    .command('export')
    .argument('<id>', 'the pack (see packs list)')
    .option('--out <file>', 'where to write it (default: <id>.policy here)')
    .description('write the pack as one policy file in Datadog’s format (switched-off rules disabled)')
    .action(async (id: string, options: { out?: string }) => {
      const exported = await api().call('packs.export', { id });
      const target = resolve(options.out ?? exported.fileName);
      writeFileSync(target, exported.text);
      io.out(`wrote ${target}: ${exported.rules} rules\n`);
    });
  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    packs
      .command(action)
      .argument('<id>', 'the pack')
      .description(enabled ? 'run the pack’s rules again' : 'stop running the pack’s rules (they stay listed)')
      .action(async (id: string) => {
        const pack = await api().call('packs.setEnabled', { id, enabled });
        io.out(`${terminalSafe(pack.name)}: ${pack.enabled ? `${pack.enabledRules} of ${pack.rules} rules run` : 'off'}\n`);
      });
  }
  packs
    .command('delete')
    .argument('<id>', 'a pack you created or imported')
    .description('delete a pack: its rules stop running; its folder is put aside, not erased')
    .action(async (id: string) => {
      const deleted = await api().call('packs.delete', { id });
      io.out(`deleted ${terminalSafe(deleted.name)} (${deleted.rules} rules); its files are kept in ${deleted.keptAt}\n`);
    });
}
