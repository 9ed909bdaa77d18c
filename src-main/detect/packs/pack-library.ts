// The rule packs as the Rules page works on them: list them with their counts and problems, create and
// import packs, export one as a policy file, switch packs and rules on and off, edit rules (checked by the
// engine in the pack they will live in before anything is written), and keep every change in a bounded
// history with diffs. Bundled packs are never written. Every write replaces a whole file through a
// temporary one, so a refused change or a crash leaves the stored files as they were.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../../../src-shared/api/domain.ts';
import { ApiError } from '../../../src-shared/api/errors.ts';
import type {
  MacroInfo,
  PackContext,
  PackDiff,
  PackExport,
  PackImportReport,
  PackDeleted,
  PackList,
  PackProblem,
  PackSummary,
  PackVersion,
  RuleDetail,
  RuleSaved,
  RuleSummary,
} from '../../../src-shared/api/rule-packs.ts';
import { compileRule, defineMacros, type CompiledRule } from '../../../src-shared/secl/index.ts';
import type { AttackCatalogue } from '../attack.ts';
import { replaceFile } from '../custom-pack.ts';
import { sourceFromTags, type PackSource } from '../detection.ts';
import { readRuleMetadata } from '../rule-metadata.ts';
import { installPackFolder, packIdFor, putPackAside } from './pack-folder.ts';
import { PackCatalog, readTexts, type BundledPack, type LoadedPack, type PackDescriptor, type PackMeta } from './pack-catalog.ts';
import { exportPolicyText } from './pack-export.ts';
import { PackHistory, sameFiles, type PackFiles } from './pack-history.ts';
import { analyzeImport, type ImportFile } from './pack-import.ts';
import { PackState } from './pack-state.ts';
import { ruleLine, yamlErrorLine, type RuleEntrySource } from './policy-source.ts';
import { newPolicyText, removeRule, sigmaNotes, stringTags, testsText, textList, writeRule, type RuleFields } from './rule-entry.ts';

export interface PackLibraryOptions {
  dataDir: string;
  bundled: readonly BundledPack[];
  attack: () => AttackCatalogue;
  now?: () => number;
  /** Called after anything that changes what detection runs. */
  onChange?: () => void;
}

const severities: readonly string[] = ['info', 'low', 'medium', 'high', 'critical'];

function noSuchPack(id: string): ApiError {
  return new ApiError('not_found', `There is no rule pack ${id}.`, 'Reload the Rules page.');
}

function readOnlyPack(pack: PackDescriptor): ApiError {
  return new ApiError('conflict', `${pack.name} is a bundled pack: it is replaced by updates and never edited.`, 'Duplicate the rule to your rules and edit the copy.');
}

export class PackLibrary {
  readonly catalog: PackCatalog;
  private readonly history: PackHistory;
  private readonly dataDir: string;
  private readonly attack: () => AttackCatalogue;
  private readonly now: () => number;
  private readonly onChange: () => void;
  private stateFile: PackState | null = null;

  constructor(options: PackLibraryOptions) {
    this.dataDir = options.dataDir;
    this.attack = options.attack;
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange ?? (() => {});
    this.catalog = new PackCatalog({ dataDir: options.dataDir, bundled: options.bundled, attack: options.attack });
    this.history = new PackHistory(join(options.dataDir, 'rules', 'history'));
  }

  private get state(): PackState {
    this.stateFile ??= new PackState(join(this.dataDir, 'rules', 'state.json'), this.now);
    return this.stateFile;
  }

  private pack(id: string): PackDescriptor {
    const pack = this.catalog.descriptor(id);
    if (!pack) throw noSuchPack(id);
    return pack;
  }

  private writable(id: string): PackDescriptor {
    const pack = this.pack(id);
    if (pack.readOnly) throw readOnlyPack(pack);
    return pack;
  }

  private loadAll(): LoadedPack[] {
    return this.catalog.descriptors().map((descriptor) => this.catalog.load(descriptor));
  }

  /** For each rule id, the first pack (in load order) whose rules load it: that one runs. */
  private owners(all: readonly LoadedPack[]): Map<string, PackDescriptor> {
    const owners = new Map<string, PackDescriptor>();
    for (const loaded of all) for (const rule of loaded.pack.rules) if (!owners.has(rule.id)) owners.set(rule.id, loaded.descriptor);
    return owners;
  }

  // ---- packs ----

  list(): PackList {
    const all = this.loadAll();
    const owners = this.owners(all);
    return { packs: all.map((loaded) => this.summarize(loaded, owners)), stateProblem: this.state.problem };
  }

  summary(id: string): PackSummary {
    const all = this.loadAll();
    const loaded = all.find((candidate) => candidate.descriptor.id === id);
    if (!loaded) throw noSuchPack(id);
    return this.summarize(loaded, this.owners(all));
  }

  private summarize(loaded: LoadedPack, owners: Map<string, PackDescriptor>): PackSummary {
    const { descriptor, pack } = loaded;
    const switches = this.state.of(descriptor.id);
    const problems = this.problemsOf(loaded, owners);
    const shadowed = new Set(problems.filter((problem) => problem.kind === 'conflict').map((problem) => problem.ruleId));
    const running = pack.rules.filter((rule) => !shadowed.has(rule.id));
    const authors = new Set<string>();
    for (const rule of pack.rules) if (rule.tags['source'] === 'sigma' && rule.tags['author']) authors.add(rule.tags['author']);
    return {
      id: descriptor.id,
      name: descriptor.name,
      description: descriptor.description,
      kind: descriptor.kind,
      readOnly: descriptor.readOnly,
      enabled: switches.enabled,
      format: descriptor.format,
      dir: descriptor.dir,
      files: Object.keys(loaded.texts).sort(),
      rules: pack.rules.length,
      enabledRules: switches.enabled ? running.filter((rule) => !switches.disabledRules.has(rule.id)).length : 0,
      problems,
      versions: descriptor.readOnly ? 0 : this.history.count(descriptor.id),
      createdAtMs: descriptor.createdAtMs,
      updatedAtMs: loaded.updatedAtMs,
      importedFrom: descriptor.importedFrom,
      authors: [...authors].sort(),
    };
  }

  private problemsOf(loaded: LoadedPack, owners: Map<string, PackDescriptor>): PackProblem[] {
    const { pack, sources, descriptor } = loaded;
    const lineOf = (file: string, id: string | undefined, reason = ''): number | null => ruleLine(sources.get(file), id, reason);
    const problems: PackProblem[] = pack.errors.map((error) => ({
      file: error.file,
      line: error.id === undefined ? (sources.get(error.file)?.yamlError?.line ?? yamlErrorLine(error.reason)) : lineOf(error.file, error.id, error.reason),
      ruleId: error.id ?? null,
      kind: 'error',
      reason: error.reason,
    }));
    for (const { file, result } of pack.files) {
      for (const skipped of result?.skipped ?? []) {
        if (skipped.kind === 'error' || (descriptor.strict && skipped.kind === 'unsupported')) continue; // in pack.errors
        problems.push({ file, line: lineOf(file, skipped.id, skipped.reason), ruleId: skipped.id, kind: skipped.kind, reason: skipped.reason });
      }
    }
    for (const rule of pack.rules) {
      const owner = owners.get(rule.id);
      if (owner && owner.id !== descriptor.id) problems.push({ file: rule.file, line: lineOf(rule.file, rule.id), ruleId: rule.id, kind: 'conflict', reason: `the pack "${owner.name}" has a rule with the same id and loads first, so this one does not run: rename it` });
    }
    return problems;
  }

  create(name: string, description: string): PackSummary {
    const id = this.newPackId(name);
    const meta: PackMeta = { name: name.trim(), description: description.trim(), kind: 'created', format: 'workbench', createdAtMs: this.now(), importedFrom: [] };
    const files = { 'rules.policy': newPolicyText(meta.name) };
    installPackFolder(this.catalog.packsDir, id, meta, files, this.now());
    this.history.record(id, 'created the pack', {}, files, this.now());
    this.onChange();
    return this.summary(id);
  }

  private newPackId(name: string): string {
    const taken = new Set(this.catalog.descriptors().map((pack) => pack.id));
    return packIdFor(name, (id) => taken.has(id) || id === 'custom' || id === 'runtime');
  }

  importFiles(files: readonly ImportFile[], name: string, dryRun: boolean): PackImportReport {
    const all = this.loadAll();
    const owners = this.owners(all);
    const analysis = analyzeImport(files, name, { takenBy: (id) => owners.get(id)?.name ?? null, extraMacros: this.catalog.bundledMacros(), attack: this.attack() });
    if (dryRun) return { ...analysis.report, pack: null };
    if (analysis.report.loaded === 0) {
      const shown = analysis.report.problems.slice(0, 4).map((problem) => `${problem.file}${problem.line ? `:${problem.line}` : ''}${problem.ruleId ? ` ${problem.ruleId}` : ''}: ${problem.reason}`);
      const more = analysis.report.problems.length > 4 ? `\n… and ${analysis.report.problems.length - 4} more` : '';
      throw new ApiError('invalid_input', `No rule of ${files.length === 1 ? files[0]!.name : `these ${files.length} files`} can run, so nothing was imported.${shown.length > 0 ? `\n${shown.join('\n')}${more}` : ''}`, 'Fix the files (or pick others) and import again.');
    }
    const id = this.newPackId(analysis.report.name);
    const meta: PackMeta = { name: analysis.report.name, description: `Imported from ${files.map((file) => file.name).slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more` : ''}.`, kind: 'imported', format: analysis.report.format, createdAtMs: this.now(), importedFrom: files.map((file) => file.name).slice(0, 200) };
    installPackFolder(this.catalog.packsDir, id, meta, analysis.files, this.now());
    this.history.record(id, `imported ${meta.importedFrom.slice(0, 3).join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`, {}, analysis.files, this.now());
    this.onChange();
    return { ...analysis.report, pack: this.summary(id) };
  }

  /**
   * Deletes a created or imported pack: detection stops running its rules at once. Its folder is renamed
   * aside in the packs folder (never listed again, nothing overwritten), so a pack deleted by mistake can
   * still be copied back from there; its switches and history go.
   */
  deletePack(id: string): PackDeleted {
    const pack = this.writable(id);
    if (pack.kind === 'custom') throw new ApiError('conflict', `${pack.name} holds the rules you write and create from events: it cannot be deleted.`, 'Delete its rules one by one, or switch the pack off.');
    const rules = this.catalog.load(pack).pack.rules.length;
    const keptAt = putPackAside(this.catalog.packsDir, pack.dir, id, this.now());
    this.catalog.forget(id);
    this.state.forget(id);
    this.history.remove(id);
    this.onChange();
    return { id, name: pack.name, rules, keptAt };
  }

  exportPack(id: string): PackExport {
    const loaded = this.catalog.load(this.pack(id));
    const switches = this.state.of(id);
    const text = exportPolicyText(loaded.descriptor.name, loaded.texts, switches.disabledRules);
    return { fileName: `${id}.policy`, text, rules: loaded.pack.rules.length };
  }

  setPackEnabled(id: string, enabled: boolean): PackSummary {
    this.pack(id);
    this.state.setPack(id, enabled);
    this.onChange();
    return this.summary(id);
  }

  setRuleEnabled(packId: string, ruleId: string, enabled: boolean): RuleSummary {
    this.findRule(packId, ruleId);
    this.state.setRule(packId, ruleId, enabled);
    this.onChange();
    return this.findRule(packId, ruleId).summary;
  }

  versions(id: string): PackVersion[] {
    this.pack(id);
    return this.history.list(id);
  }

  diff(id: string, version: number): PackDiff {
    this.pack(id);
    const diff = this.history.diff(id, version);
    if (!diff) throw new ApiError('not_found', `The history of ${id} has no change ${version} (only the last ones are kept).`, 'Reload the versions.');
    return diff;
  }

  restore(id: string, version: number, side: 'before' | 'after'): PackSummary {
    const pack = this.writable(id);
    const files = this.history.files(id, version, side);
    if (!files) throw new ApiError('not_found', `The history of ${id} has no change ${version} (only the last ones are kept).`, 'Reload the versions.');
    this.replaceFiles(pack, files, `restored the pack as it was ${side} change ${version}`);
    return this.summary(id);
  }

  /** Replaces the pack's policy files by `files` (the others are removed) and records the change. */
  private replaceFiles(pack: PackDescriptor, files: PackFiles, note: string): number | null {
    const before = readTexts(pack.dir);
    if (sameFiles(before, files)) return null;
    mkdirSync(pack.dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) if (before[file] !== text) replaceFile(join(pack.dir, file), text);
    for (const file of Object.keys(before)) if (!Object.hasOwn(files, file)) rmSync(join(pack.dir, file), { force: true });
    this.catalog.forget(pack.id);
    const version = this.history.record(pack.id, note, before, files, this.now());
    this.onChange();
    return version;
  }

  /**
   * Runs a change of the pack's files made by someone else (the Events page's "Create a rule") and
   * records it in the pack's history.
   */
  recordChange<T>(id: string, note: string, change: () => T): T {
    const pack = this.pack(id);
    const before = readTexts(pack.dir);
    const result = change();
    this.catalog.forget(id);
    this.history.record(id, note, before, readTexts(pack.dir), this.now());
    this.onChange();
    return result;
  }

  /** The macros and lists a rule of the pack may use (its own, and the bundled ones). */
  context(id: string): PackContext {
    const pack = this.pack(id);
    const macros = new Map<string, MacroInfo>();
    const descriptors = pack.kind === 'bundled' ? [pack] : [...this.catalog.descriptors().filter((other) => other.kind === 'bundled'), pack];
    for (const descriptor of descriptors) {
      for (const [file, source] of this.catalog.sources(descriptor)) {
        for (const macro of source.macros) macros.set(macro.id, { id: macro.id, expression: macro.expression ?? `[${(macro.values ?? []).map((value) => JSON.stringify(value)).join(', ')}]`, values: macro.values, packId: descriptor.id, file });
      }
    }
    return { macros: [...macros.values()].sort((a, b) => a.id.localeCompare(b.id)) };
  }

  /** The expression compiled as a rule of the pack (with its macros), or an ApiError with the engine's first error. */
  compile(packId: string, expression: string): CompiledRule {
    const pack = this.pack(packId);
    const own = this.context(packId).macros.filter((macro) => macro.packId === packId);
    const macros = defineMacros([...this.catalog.extraMacrosOf(pack), ...own.map((macro) => ({ id: macro.id, expression: macro.expression }))]);
    const outcome = compileRule({ id: 'rule_under_test', expression }, { macros });
    if (outcome.ok) return outcome.rule;
    const [first, ...others] = outcome.errors;
    throw new ApiError('invalid_input', `The expression does not check: ${first?.message ?? 'invalid expression'}${others.length > 0 ? ` (and ${others.length} more)` : ''}.`, 'Fix the expression; the position is line:column in the expression.');
  }

  // ---- rules ----

  rules(packId?: string): RuleSummary[] {
    const all = this.loadAll();
    const owners = this.owners(all);
    return all.filter((loaded) => packId === undefined || loaded.descriptor.id === packId).flatMap((loaded) => this.rulesOf(loaded, owners).map((rule) => rule.summary));
  }

  private rulesOf(loaded: LoadedPack, owners: Map<string, PackDescriptor>): { summary: RuleSummary; source: RuleEntrySource }[] {
    const { descriptor, pack } = loaded;
    const switches = this.state.of(descriptor.id);
    const problems = this.problemsOf(loaded, owners);
    const out: { summary: RuleSummary; source: RuleEntrySource }[] = [];
    for (const [file, source] of [...loaded.sources].sort(([a], [b]) => a.localeCompare(b))) {
      const seen = new Set<string>();
      for (const entry of source.rules) {
        const duplicateInFile = seen.has(entry.id);
        seen.add(entry.id);
        const rule = duplicateInFile ? undefined : pack.rules.find((candidate) => candidate.id === entry.id && candidate.file === file);
        const problem = problems.find((candidate) => candidate.file === file && candidate.ruleId === entry.id && (candidate.line === null || candidate.line === entry.line));
        const status: RuleSummary['status'] = rule ? (problem?.kind === 'conflict' ? 'shadowed' : 'loaded') : problem?.kind === 'unsupported' ? 'unsupported' : problem?.kind === 'filtered' ? 'filtered' : 'error';
        const metadata = rule ?? readRuleMetadata(entry.entry, { strict: false }).metadata;
        const tags = entry.entry['tags'];
        const ruleEnabled = !switches.disabledRules.has(entry.id);
        out.push({
          source: entry,
          summary: {
            packId: descriptor.id,
            id: entry.id,
            file,
            line: entry.line,
            description: typeof entry.entry['description'] === 'string' ? entry.entry['description'].trim() : '',
            severity: metadata.severity ?? (severities.includes(String(stringTags(tags)['severity'])) ? (stringTags(tags)['severity'] as Severity) : null),
            tactic: metadata.tactic ?? null,
            technique: metadata.technique ?? null,
            eventType: rule?.eventType ?? null,
            ruleEnabled,
            active: status === 'loaded' && switches.enabled && ruleEnabled,
            status,
            problem: status === 'loaded' ? null : (problem?.reason ?? (duplicateInFile ? `a rule with id ${entry.id} is already defined in the policy` : 'the rule does not load')),
            source: sourceFromTags((tags ?? {}) as Record<string, unknown>, descriptor.kind === 'bundled' ? 'workbench' : 'custom'),
            tests: (metadata.tests?.match.length ?? 0) + (metadata.tests?.noMatch.length ?? 0),
          },
        });
      }
    }
    return out;
  }

  private findRule(packId: string, ruleId: string): { summary: RuleSummary; source: RuleEntrySource; loaded: LoadedPack } {
    const pack = this.pack(packId);
    const all = this.loadAll();
    const loaded = all.find((candidate) => candidate.descriptor.id === pack.id)!;
    const found = this.rulesOf(loaded, this.owners(all)).find((rule) => rule.summary.id === ruleId);
    if (!found) throw new ApiError('not_found', `The pack ${pack.name} has no rule ${ruleId}.`, 'Reload the rules list.');
    return { ...found, loaded };
  }

  rule(packId: string, ruleId: string): RuleDetail {
    const { summary, source, loaded } = this.findRule(packId, ruleId);
    const entry = source.entry;
    const metadata = loaded.pack.rules.find((rule) => rule.id === ruleId && rule.file === summary.file) ?? readRuleMetadata(entry, { strict: false }).metadata;
    const attack = this.attack();
    const attackNames: Record<string, string> = {};
    for (const id of [summary.tactic, summary.technique, summary.technique?.split('.')[0]]) {
      if (!id) continue;
      const name = id.startsWith('TA') ? attack.tacticName(id) : attack.techniqueName(id);
      if (name) attackNames[id] = name;
    }
    const tests = metadata.tests;
    return {
      ...summary,
      readOnly: loaded.descriptor.readOnly,
      expression: typeof entry['expression'] === 'string' ? entry['expression'] : '',
      triage: textList(entry['triage']),
      remediation: typeof entry['remediation'] === 'string' ? entry['remediation'].trim() : '',
      tags: stringTags(entry['tags']),
      productTags: textList(entry['product_tags']),
      groupBy: textList(entry['group_by']),
      // as the author wrote them, when the rule has them in its file
      testsYaml: source.testsText ?? testsText(tests),
      yaml: source.text,
      attackNames,
      origin: sigmaNotes(entry['sigma']),
    };
  }

  saveRule(packId: string, originalId: string | null, fields: RuleFields): RuleSaved {
    const pack = this.writable(packId);
    const all = this.loadAll();
    const loaded = all.find((candidate) => candidate.descriptor.id === packId)!;
    let file = pack.defaultFile;
    if (originalId !== null) {
      const existing = [...loaded.sources].find(([, source]) => source.rules.some((rule) => rule.id === originalId));
      const unreadable = [...loaded.sources].find(([, source]) => source.yamlError !== null);
      if (!existing && unreadable) {
        throw new ApiError('bad_file', `${unreadable[0]} is not valid YAML (line ${unreadable[1].yamlError!.line}: ${unreadable[1].yamlError!.message}); nothing was changed.`, 'Fix the file by hand, or restore an earlier version from the pack\'s history.');
      }
      if (!existing) throw new ApiError('not_found', `The pack ${pack.name} has no rule ${originalId} any more.`, 'Reload the rule: its file may have been edited meanwhile.');
      file = existing[0];
    }
    if (fields.id !== originalId) {
      const inPack = [...loaded.sources].find(([, source]) => source.rules.some((rule) => rule.id === fields.id));
      if (inPack) throw new ApiError('conflict', `${pack.name} already has a rule with the id ${fields.id} (in ${inPack[0]}).`, 'Choose another id.');
      const owner = this.owners(all).get(fields.id);
      if (owner && owner.id !== packId) throw new ApiError('conflict', `The pack "${owner.name}" already has a rule with the id ${fields.id}.`, 'Choose another id: ids are unique across all rule packs, or the first pack\'s rule is the one that runs.');
    }
    const before = loaded.texts;
    const text = writeRule(before[file] ?? newPolicyText(pack.name), file, originalId, fields, this.attack());
    const after = { ...before, [file]: text };
    const checked = this.catalog.loadTexts(pack, after);
    const rule = checked.pack.rules.find((candidate) => candidate.id === fields.id && candidate.file === file);
    if (!rule) {
      const why =
        checked.pack.errors.find((error) => error.id === fields.id)?.reason ??
        checked.pack.files.find((entry) => entry.file === file)?.result?.skipped.find((skipped) => skipped.id === fields.id)?.reason ??
        checked.pack.errors.find((error) => error.file === file)?.reason ??
        'the engine refused it';
      throw new ApiError('invalid_input', `The rule was not saved: ${why}.`, 'Fix it; nothing was written.');
    }
    const version = this.replaceFiles(pack, after, originalId === null ? `added rule ${fields.id}` : originalId === fields.id ? `edited rule ${fields.id}` : `renamed rule ${originalId} to ${fields.id} and edited it`);
    if (originalId !== null && originalId !== fields.id) this.state.renameRule(packId, originalId, fields.id);
    return { rule: this.rule(packId, fields.id), version: version ?? this.history.list(packId)[0]?.version ?? 0 };
  }

  deleteRule(packId: string, ruleId: string): PackSummary {
    const pack = this.writable(packId);
    const loaded = this.catalog.load(pack);
    const entry = [...loaded.sources].find(([, source]) => source.rules.some((rule) => rule.id === ruleId));
    if (!entry) throw new ApiError('not_found', `The pack ${pack.name} has no rule ${ruleId}.`, 'Reload the rules list.');
    const [file] = entry;
    const text = removeRule(loaded.texts[file]!, file, ruleId);
    if (text === null) throw new ApiError('not_found', `The pack ${pack.name} has no rule ${ruleId}.`);
    this.replaceFiles(pack, { ...loaded.texts, [file]: text }, `deleted rule ${ruleId}`);
    return this.summary(packId);
  }

  // ---- detection ----

  /** The packs as detection loads them, with the user's switches. */
  detectionSources(): PackSource[] {
    return this.catalog
      .descriptors()
      .filter((pack) => existsSync(pack.dir))
      .map((pack) => {
        const switches = this.state.of(pack.id);
        return {
          dir: pack.dir,
          kind: pack.kind === 'bundled' ? ('workbench' as const) : ('custom' as const),
          strict: pack.strict,
          enabled: switches.enabled,
          disabledRules: switches.disabledRules,
          ...(pack.kind === 'bundled' ? {} : { extraMacros: this.catalog.bundledMacros() }),
        };
      });
  }

  /** Whether a rule id is used by any pack, and which. */
  ruleOwner(id: string): string | null {
    return this.owners(this.loadAll()).get(id)?.name ?? null;
  }
}
