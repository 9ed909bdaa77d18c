// Files → a new rule pack, checked by the engine before anything is stored. A file is read as a Datadog
// policy (rules:, macros:; the workbench's own format is the same with its extra keys) or as Sigma rules
// (detection:, logsource:), which are translated to SECL with their authors kept. Every rule that will not
// run is reported with its file, line and id and the reason: broken, reading what the sensor does not
// report, filtered out for Linux, untranslatable, or an id another pack already has.
import { parseAllDocuments } from 'yaml';
import { maxRuleFileChars, type PackFormat, type PackImportReport, type PackProblem } from '../../../src-shared/api/rule-packs.ts';
import type { MacroSource } from '../../../src-shared/secl/index.ts';
import type { AttackCatalogue } from '../attack.ts';
import { loadRulePackTexts } from '../rule-pack.ts';
import { importSigmaTexts, sigmaPolicyText } from '../sigma/index.ts';
import { readPolicySource, ruleLine, yamlErrorLine } from './policy-source.ts';

export interface ImportFile {
  name: string;
  text: string;
}

export interface ImportAnalysis {
  report: Omit<PackImportReport, 'pack'>;
  /** The pack's policy files as they will be stored. */
  files: Record<string, string>;
}

export interface ImportContext {
  /** Rule ids other packs have, with the pack's name, for conflicts. */
  takenBy(id: string): string | null;
  /** Macros the pack's rules may use besides their own (the bundled lists). */
  extraMacros: readonly MacroSource[];
  attack: AttackCatalogue;
}

type FileKind = 'policy' | 'sigma' | { error: string; line: number | null };

function baseName(name: string): string {
  return name.split(/[\\/]/).at(-1) ?? name;
}

/** What a file is, from its first YAML document's keys. */
function kindOf(text: string): FileKind {
  let documents;
  try {
    documents = parseAllDocuments(text);
  } catch (error) {
    return { error: `not valid YAML: ${(error as Error).message.split('\n')[0]}`, line: null };
  }
  const list = Array.isArray(documents) ? documents : [];
  const broken = list.find((document) => document.errors.length > 0);
  if (broken) {
    const error = broken.errors[0]!;
    return { error: `not valid YAML: ${error.message.split('\n')[0]}`, line: error.linePos?.[0]?.line ?? null };
  }
  const first = list.map((document) => document.toJSON() as unknown).find((value) => value !== null && value !== undefined);
  if (first === undefined) return { error: 'the file is empty', line: null };
  if (typeof first !== 'object' || Array.isArray(first)) return { error: 'neither a Datadog policy (a mapping with rules:) nor a Sigma rule (a mapping with detection:)', line: 1 };
  const keys = Object.keys(first as object);
  if (keys.includes('detection') || keys.includes('logsource')) return 'sigma';
  if (keys.includes('rules') || keys.includes('macros')) return 'policy';
  return { error: `neither a Datadog policy (rules:, macros:) nor a Sigma rule (detection:, logsource:); its keys are ${keys.slice(0, 6).join(', ')}`, line: 1 };
}

/** A policy file's name in the pack: its base name, safe on disk, ending in .policy; unique. */
function storedName(name: string, taken: Set<string>): string {
  const base = baseName(name)
    .replace(/\.(policy|ya?ml)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 80) || 'rules';
  let candidate = `${base}.policy`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}.policy`;
  taken.add(candidate);
  return candidate;
}

function usesWorkbenchKeys(text: string): boolean {
  const rules = readPolicySource(text).rules;
  return rules.length > 0 && rules.every((rule) => rule.entry['severity'] !== undefined && rule.entry['tests'] !== undefined && rule.entry['triage'] !== undefined);
}

export function analyzeImport(input: readonly ImportFile[], name: string, context: ImportContext): ImportAnalysis {
  const problems: PackProblem[] = [];
  const files: Record<string, string> = {};
  const fileReports: PackImportReport['files'] = [];
  const storedNames = new Set<string>(['sigma.policy']);
  const sigmaTexts: Record<string, string> = {};
  const formats = new Set<PackFormat>();
  const origin = new Map<string, string>(); // stored name → the name the user gave

  for (const file of input) {
    if (file.text.length > maxRuleFileChars) {
      problems.push({ file: file.name, line: null, ruleId: null, kind: 'error', reason: `the file is ${Math.round(file.text.length / 1000)} KB; a rule file can be at most ${maxRuleFileChars / 1000} KB, so it was not read` });
      fileReports.push({ name: file.name, format: 'unreadable', rules: 0 });
      continue;
    }
    if (file.text.includes('\u0000')) {
      problems.push({ file: file.name, line: null, ruleId: null, kind: 'error', reason: 'the file is binary, not YAML' });
      fileReports.push({ name: file.name, format: 'unreadable', rules: 0 });
      continue;
    }
    const kind = kindOf(file.text);
    if (typeof kind === 'object') {
      problems.push({ file: file.name, line: kind.line, ruleId: null, kind: 'error', reason: kind.error });
      fileReports.push({ name: file.name, format: 'unreadable', rules: 0 });
      continue;
    }
    if (kind === 'sigma') {
      sigmaTexts[file.name] = file.text;
      continue;
    }
    const stored = storedName(file.name, storedNames);
    files[stored] = file.text;
    origin.set(stored, file.name);
    formats.add(usesWorkbenchKeys(file.text) ? 'workbench' : 'datadog');
  }

  const authors = new Set<string>();
  const sigmaNames = Object.keys(sigmaTexts);
  if (sigmaNames.length > 0) {
    formats.add('sigma');
    const sigma = importSigmaTexts(sigmaTexts);
    for (const entry of sigma.entries) {
      if (entry.kind === 'translated') continue;
      problems.push({ file: entry.file, line: entry.place?.line ?? null, ruleId: entry.title ?? entry.sigmaId ?? null, kind: entry.kind === 'untranslatable' ? 'untranslatable' : 'error', reason: entry.reason });
    }
    for (const rule of sigma.rules) if (rule.sigma.author) authors.add(rule.sigma.author);
    if (sigma.rules.length > 0) {
      files['sigma.policy'] = sigmaPolicyText(sigma.rules);
      origin.set('sigma.policy', sigmaNames.length === 1 ? sigmaNames[0]! : `${sigmaNames.length} Sigma files`);
    }
    for (const sigmaName of sigmaNames) {
      fileReports.push({ name: sigmaName, format: 'sigma', rules: sigma.rules.filter((rule) => rule.sigma.file === sigmaName).length });
    }
  }

  // the pack as it will load, beside the bundled lists
  const names = Object.keys(files).sort();
  const pack = loadRulePackTexts('(import)', names.map((file) => ({ file, text: files[file]! })), { strict: false, attack: context.attack, extraMacros: context.extraMacros });
  const sources = new Map(names.map((file) => [file, readPolicySource(files[file]!)]));
  const lineOf = (file: string, id: string | undefined, reason = ''): number | null => ruleLine(sources.get(file), id, reason);
  const shownName = (file: string): string => origin.get(file) ?? file;

  for (const error of pack.errors) {
    problems.push({ file: shownName(error.file), line: error.id === undefined ? yamlErrorLine(error.reason) : lineOf(error.file, error.id, error.reason), ruleId: error.id ?? null, kind: 'error', reason: error.reason });
  }
  for (const { file, result } of pack.files) {
    for (const skipped of result?.skipped ?? []) {
      if (skipped.kind === 'error') continue; // in pack.errors
      problems.push({ file: shownName(file), line: lineOf(file, skipped.id), ruleId: skipped.id, kind: skipped.kind, reason: skipped.coveredBy ? `${skipped.reason} (its variant ${skipped.coveredBy} loads)` : skipped.reason });
    }
  }
  let conflicts = 0;
  for (const rule of pack.rules) {
    const other = context.takenBy(rule.id);
    if (other === null) continue;
    conflicts++;
    problems.push({ file: shownName(rule.file), line: lineOf(rule.file, rule.id), ruleId: rule.id, kind: 'conflict', reason: `the pack "${other}" has a rule with this id and loads first, so this one would not run: rename it` });
  }
  for (const file of names) {
    if (file === 'sigma.policy') continue;
    fileReports.push({ name: shownName(file), format: usesWorkbenchKeys(files[file]!) ? 'workbench' : 'datadog', rules: pack.rules.filter((rule) => rule.file === file && context.takenBy(rule.id) === null).length });
  }

  const count = (kind: PackProblem['kind']): number => problems.filter((problem) => problem.kind === kind).length;
  const format: PackFormat = formats.size === 1 ? [...formats][0]! : formats.size === 0 ? 'datadog' : 'mixed';
  const loaded = pack.rules.length - conflicts;
  return {
    files,
    report: {
      name: name.trim() || baseName(input[0]?.name ?? 'imported rules').replace(/\.(policy|ya?ml)$/i, ''),
      format,
      files: fileReports,
      loaded,
      problems,
      counts: { loaded, unsupported: count('unsupported'), filtered: count('filtered'), errors: count('error'), untranslatable: count('untranslatable'), conflicts },
      authors: [...authors].sort(),
    },
  };
}
