// Files and folders of Sigma rules → SECL rules ready for a policy, and an account of every document:
// translated, untranslatable (with the reason), or an error (unreadable, malformed, or a translation the
// engine refuses, which is a bug here). One bad file never stops the others.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { parseSigmaText, type Place, type SigmaRule } from './document.ts';
import { translateRule } from './translate.ts';

export type EntryKind = 'translated' | 'untranslatable' | 'error';

/** One Sigma document (or one unreadable input) and what became of it. */
export interface ImportEntry {
  kind: EntryKind;
  file: string;
  place?: Place;
  title?: string;
  sigmaId?: string;
  /** The rule's log source: its category, else its service (auditd, sshd), else '' (none or not a rule). */
  logsource: string;
  /** Groups entries by cause: "field DestinationHostname", "log source service auditd". */
  key: string;
  /** Why, in a sentence; empty for translated rules. */
  reason: string;
  /** The policy rule ids a translated rule became (two for a network rule covering both directions). */
  ruleIds: string[];
}

/** One SECL rule for the policy, with the Sigma rule it comes from. */
export interface ImportedRule {
  id: string;
  eventType: string;
  expression: string;
  sigma: SigmaRule;
  /** The rule's file relative to the folder it was imported from (its name, for a file given alone). */
  origin: string;
}

export interface SigmaImport {
  entries: ImportEntry[];
  rules: ImportedRule[];
  counts: { translated: number; untranslatable: number; errors: number };
}

function isRuleFile(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** Every rule file under a path, in a stable order; a path that is a file is taken whatever its name. */
function ruleFiles(path: string, problems: ImportEntry[]): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    problems.push({ kind: 'error', file: path, logsource: '', key: 'unreadable input', reason: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`, ruleIds: [] });
    return [];
  }
  if (!stat.isDirectory()) return [path];
  let names: string[];
  try {
    names = readdirSync(path).sort();
  } catch (error) {
    problems.push({ kind: 'error', file: path, logsource: '', key: 'unreadable input', reason: `cannot list ${path}: ${(error as Error).message}`, ruleIds: [] });
    return [];
  }
  const files: string[] = [];
  for (const name of names) {
    const child = join(path, name);
    let isDirectory = false;
    try {
      isDirectory = statSync(child).isDirectory();
    } catch {
      // A dangling link or a file gone meanwhile: reported when read, if it looks like a rule.
    }
    if (isDirectory) files.push(...ruleFiles(child, problems));
    else if (isRuleFile(name)) files.push(child);
  }
  return files;
}

/** A Datadog rule id: letters, digits and underscores. Ids ending in _vN would read as variants of one rule. */
function policyId(rule: SigmaRule): string {
  const base = (rule.id ?? basename(rule.file, extname(rule.file))).toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  const id = `sigma_${base}`;
  return /_v\d+$/.test(id) ? `${id}_rule` : id;
}

class Importer {
  readonly entries: ImportEntry[] = [];
  readonly rules: ImportedRule[] = [];
  private readonly seenSigmaIds = new Map<string, string>();
  private readonly usedIds = new Set<string>();

  addText(text: string, file: string, origin = file): void {
    const parsed = parseSigmaText(text, file);
    for (const problem of parsed.problems) {
      this.entries.push({ kind: 'error', file, place: problem.place, title: problem.title, logsource: '', key: problem.reason.startsWith('not valid YAML') ? 'invalid YAML' : 'malformed rule', reason: problem.reason, ruleIds: [] });
    }
    for (const other of parsed.others) {
      this.entries.push({ kind: 'untranslatable', file, place: other.place, title: other.title, logsource: '', key: other.what.replace(/ \(.*$/, ''), reason: `${other.what}: not a single-event detection rule`, ruleIds: [] });
    }
    for (const rule of parsed.rules) this.addRule(rule, origin);
  }

  addFile(file: string, origin: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      this.entries.push({ kind: 'error', file, logsource: '', key: 'unreadable input', reason: `cannot read ${file}: ${(error as Error).message}`, ruleIds: [] });
      return;
    }
    this.addText(text, file, origin);
  }

  private addRule(rule: SigmaRule, origin: string): void {
    const entry = { file: rule.file, place: rule.place, title: rule.title, sigmaId: rule.id, logsource: rule.logsource.category ?? rule.logsource.service ?? '' };
    if (rule.id !== undefined) {
      const first = this.seenSigmaIds.get(rule.id);
      if (first !== undefined) {
        this.entries.push({ ...entry, kind: 'error', key: 'duplicate Sigma id', reason: `Sigma id ${rule.id} is already used by ${first}`, ruleIds: [] });
        return;
      }
      this.seenSigmaIds.set(rule.id, rule.file);
    }
    const translation = translateRule(rule);
    if (translation.kind === 'untranslatable') {
      this.entries.push({ ...entry, kind: 'untranslatable', key: translation.key, reason: translation.reason, ruleIds: [] });
      return;
    }
    if (translation.kind === 'error') {
      this.entries.push({ ...entry, place: translation.place, kind: 'error', key: translation.key, reason: translation.reason, ruleIds: [] });
      return;
    }
    let base = policyId(rule);
    for (let n = 2; translation.secl.some((secl) => this.usedIds.has(base + secl.suffix)); n++) base = `${policyId(rule)}_${n}`;
    const ruleIds: string[] = [];
    for (const secl of translation.secl) {
      const id = base + secl.suffix;
      this.usedIds.add(id);
      ruleIds.push(id);
      this.rules.push({ id, eventType: secl.eventType, expression: secl.expression, sigma: rule, origin });
    }
    this.entries.push({ ...entry, kind: 'translated', key: entry.logsource, reason: '', ruleIds });
  }

  result(): SigmaImport {
    const count = (kind: EntryKind): number => this.entries.filter((entry) => entry.kind === kind).length;
    return { entries: this.entries, rules: this.rules, counts: { translated: count('translated'), untranslatable: count('untranslatable'), errors: count('error') } };
  }
}

/** Imports every Sigma rule file under the given files and folders. */
export function importSigma(paths: readonly string[]): SigmaImport {
  const importer = new Importer();
  const problems: ImportEntry[] = [];
  for (const path of paths) {
    for (const file of ruleFiles(path, problems)) importer.addFile(file, file === path ? basename(file) : relative(path, file));
  }
  importer.entries.push(...problems);
  return importer.result();
}

/** Imports rule files given as text (name → YAML), as if read from disk. */
export function importSigmaTexts(files: Readonly<Record<string, string>>): SigmaImport {
  const importer = new Importer();
  for (const [file, text] of Object.entries(files)) importer.addText(text, file);
  return importer.result();
}

/** Entries of a kind grouped by key, largest group first. */
export function groupByKey(result: SigmaImport, kind: EntryKind): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const entry of result.entries) if (entry.kind === kind) counts.set(entry.key, (counts.get(entry.key) ?? 0) + 1);
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
