// Runtime rule packs as the Rules page sees them: the bundled packs (read-only), the user's custom pack,
// packs the user created or imported (Datadog policies, Sigma rules, the workbench's own format), their
// rules with enabled state, versions with diffs, and the test panel's runs. Inputs are zod schemas (checked
// at every host's boundary), outputs plain JSON types.
import { z } from 'zod';
import type { RuleSource, Severity } from './domain.ts';

/**
 * The largest rule file an import takes, and all files of one import together. The browser host's
 * messages are at most 1 MiB (wire.ts), and Datadog's whole default policy is 220 KB.
 */
export const maxRuleFileChars = 800_000;
export const maxImportChars = 900_000;
/** The largest recording the test panel takes from a file picked in the UI (same transport limit). */
export const maxRecordingChars = 900_000;

export type PackKind = 'bundled' | 'custom' | 'imported' | 'created';
export type PackFormat = 'workbench' | 'datadog' | 'sigma' | 'mixed';

/** Why a rule of a pack does not run, where it is: what the Rules page and an import report list. */
export interface PackProblem {
  file: string;
  /** 1-based line of the rule (or of the YAML error) in its file; null when unknown. */
  line: number | null;
  ruleId: string | null;
  /**
   * error: the rule (or file) is broken; unsupported: it reads what the workbench sensor does not report;
   * filtered: its filters exclude Linux or it is disabled in the file; conflict: another pack has its id;
   * untranslatable: a Sigma rule that has no faithful SECL translation.
   */
  kind: 'error' | 'unsupported' | 'filtered' | 'conflict' | 'untranslatable';
  reason: string;
}

export interface PackSummary {
  id: string;
  name: string;
  description: string;
  kind: PackKind;
  /** Bundled packs are replaced by updates and never written: duplicate a rule to change it. */
  readOnly: boolean;
  enabled: boolean;
  format: PackFormat;
  /** Where the pack's policy files are. */
  dir: string;
  files: string[];
  /** Rules that load (whatever their enabled state). */
  rules: number;
  /** Of those, the ones detection runs (the pack enabled and the rule not disabled). */
  enabledRules: number;
  problems: PackProblem[];
  /** Changes kept in the pack's history (each with the version before and after it). */
  versions: number;
  createdAtMs: number | null;
  updatedAtMs: number | null;
  /** The files it was imported from. */
  importedFrom: string[];
  /** Sigma rule authors of the pack (their license requires showing them). */
  authors: string[];
}

export interface PackList {
  packs: PackSummary[];
  /** The enabled-state file could not be read (it was set aside): every rule runs until a change is saved. */
  stateProblem: string | null;
}

export type RuleStatus = 'loaded' | 'error' | 'unsupported' | 'filtered' | 'shadowed';

export interface RuleSummary {
  packId: string;
  id: string;
  file: string;
  line: number | null;
  description: string;
  severity: Severity | null;
  tactic: string | null;
  technique: string | null;
  /** The event type the rule applies to; null when it does not compile. */
  eventType: string | null;
  /** The rule's own switch (kept in the data folder, not in the policy file). */
  ruleEnabled: boolean;
  /** Whether detection runs it: loaded, its pack enabled and the rule not disabled. */
  active: boolean;
  status: RuleStatus;
  /** Why it does not load, when it does not. */
  problem: string | null;
  source: RuleSource;
  tests: number;
}

export interface RuleDetail extends RuleSummary {
  readOnly: boolean;
  expression: string;
  triage: string[];
  remediation: string;
  tags: Record<string, string>;
  productTags: string[];
  groupBy: string[];
  /** The rule's tests as YAML (match / no_match), as the edit form shows them. */
  testsYaml: string;
  /** The rule's entry in its policy file, as written there. */
  yaml: string;
  /** ATT&CK names of the tactic and technique. */
  attackNames: Record<string, string>;
  /** What an imported Sigma rule says of itself beyond the policy keys: its description, false positives, references. */
  origin: { label: string; items: string[] }[];
}

export interface MacroInfo {
  id: string;
  expression: string;
  /** The values of a list macro (["bash", "sh"]); null for an expression macro. */
  values: string[] | null;
  /** The pack (and file) that defines it. */
  packId: string;
  file: string;
}

/** What the editor needs to complete and check a rule of a pack: the macros and lists it can use. */
export interface PackContext {
  macros: MacroInfo[];
}

export interface RuleSaved {
  rule: RuleDetail;
  /** The change recorded in the pack's history. */
  version: number;
}

export interface PackVersion {
  version: number;
  atMs: number;
  /** What the change was: "edited rule foo", "imported from x.policy". */
  note: string;
  /** Rules in the pack's files after the change. */
  rulesAfter: number;
  added: number;
  removed: number;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Each line starts with ' ', '-' or '+'. */
  lines: string[];
}

export interface FileDiff {
  file: string;
  status: 'added' | 'removed' | 'changed';
  hunks: DiffHunk[];
}

export interface PackDiff {
  packId: string;
  version: number;
  note: string;
  atMs: number;
  files: FileDiff[];
}

export interface PackImportReport {
  /** The new pack; null for a dry run (nothing stored). */
  pack: PackSummary | null;
  name: string;
  format: PackFormat;
  /** Each file picked, how it was read, and how many of its rules will run. */
  files: { name: string; format: PackFormat | 'unreadable'; rules: number }[];
  /** Rules that will run (or now run). */
  loaded: number;
  problems: PackProblem[];
  counts: { loaded: number; unsupported: number; filtered: number; errors: number; untranslatable: number; conflicts: number };
  authors: string[];
}

/** A pack deleted: what it held, and where its folder was put aside. */
export interface PackDeleted {
  id: string;
  name: string;
  rules: number;
  keptAt: string;
}

export interface PackExport {
  fileName: string;
  text: string;
  rules: number;
}

export interface RuleTestRow {
  hostId: number;
  hostName: string;
  tsNs: number;
  seq: number;
  type: string;
  pid: number;
  /** The process's start (ns), for the link to its tree; null when the event does not say. */
  startNs: number | null;
  /** The event in one line (command line, path or address). */
  summary: string;
  /** The process: "bash -i (pid 23030)". */
  process: string;
}

/** One bounded step of running an expression over events; the caller goes on from `resume`. */
export interface RuleTestRun {
  /** Matches of this step, at most the rows asked for. */
  rows: RuleTestRow[];
  /** Matches of this step per host (all of them, rows or not). */
  byHost: { hostId: number; hostName: string; matches: number }[];
  matched: number;
  scanned: number;
  /** Candidate events (of the rule's event type), on the first step only. */
  candidates: number | null;
  resume: { after: { tsNs: number; id: number } } | null;
  /** The event type the expression applies to. */
  eventType: string;
  /** The recording's handle, for the next steps over the same recording. */
  recordingId: string | null;
  /** What was searched: "this case (3,204 events)" or "web-01.ndjson (1,022 events)". */
  sourceLabel: string;
}

export interface RuleTestOutcome {
  kind: 'match' | 'no_match';
  number: number;
  /** The test event in a few words. */
  event: string;
  passed: boolean;
  /** Why it failed. */
  reason: string | null;
}

export interface RuleTestsResult {
  tests: RuleTestOutcome[];
  passed: number;
  failed: number;
  /** The expression or the tests could not be read: nothing ran. */
  problem: string | null;
}

// ---- inputs ----

const packId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a pack id is lower-case letters, digits and -');
/** Ids as policies write them (Datadog's and Sigma's imports included). */
const anyRuleId = z.string().min(1).max(200);
const newRuleId = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{2,199}$/, 'a rule id is 3 to 200 letters, digits and _, starting with a letter');
const eventCursorInput = z.object({ tsNs: z.number().nonnegative(), id: z.number().int() }).strict();
const severityInput = z.enum(['info', 'low', 'medium', 'high', 'critical']);

export const ruleInput = z
  .object({
    id: newRuleId,
    description: z.string().trim().min(1, 'say what the rule detects').max(4000),
    expression: z.string().trim().min(1, 'a rule needs an expression').max(8000),
    severity: severityInput,
    /** ATT&CK ids: a tactic (TA0002) and a technique or sub-technique (T1059.004); '' for none. */
    tactic: z.string().regex(/^(TA\d{4})?$/, 'an ATT&CK tactic id such as TA0002').default(''),
    technique: z.string().regex(/^(T\d{4}(\.\d{3})?)?$/, 'an ATT&CK technique id such as T1059 or T1059.004').default(''),
    triage: z.array(z.string().trim().min(1).max(2000)).max(50).default([]),
    remediation: z.string().trim().max(4000).default(''),
    tags: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a tag name is lower-case letters, digits and _'), z.string().max(400)).default({}),
    /** The tests as YAML: match: [events], no_match: [events] (rules/README.md); '' for none. */
    tests: z.string().max(100_000).default(''),
  })
  .strict();
export type RuleInput = z.input<typeof ruleInput>;

const importFile = z.object({ name: z.string().min(1).max(300), text: z.string().max(maxRuleFileChars, `a rule file can be at most ${maxRuleFileChars / 1000} KB`) }).strict();

const testSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case'), hostIds: z.array(z.number().int().positive()).max(500).optional() }).strict(),
  z.object({ kind: z.literal('recording'), name: z.string().min(1).max(300), text: z.string().max(maxRecordingChars, `a recording picked here can be at most ${maxRecordingChars / 1000} KB; import a larger one into a case`) }).strict(),
  z.object({ kind: z.literal('recordingId'), recordingId: z.string().regex(/^[0-9a-f]{16,64}$/) }).strict(),
]);

export const rulePackInputs = {
  'packs.list': z.object({}).strict(),
  'packs.create': z.object({ name: z.string().trim().min(1, 'a pack needs a name').max(80), description: z.string().trim().max(2000).default('') }).strict(),
  /** Files become a new pack; dryRun: only the report (nothing stored). */
  'packs.import': z
    .object({ name: z.string().trim().max(80).default(''), files: z.array(importFile).min(1, 'choose at least one file').max(1000), dryRun: z.boolean().default(false) })
    .strict()
    .refine((input) => input.files.reduce((sum, file) => sum + file.text.length, 0) <= maxImportChars, `one import can be at most ${maxImportChars / 1000} KB of files: import them in parts`),
  'packs.export': z.object({ id: packId }).strict(),
  /** Deletes a created or imported pack (not a bundled one, not My rules). */
  'packs.delete': z.object({ id: packId }).strict(),
  'packs.setEnabled': z.object({ id: packId, enabled: z.boolean() }).strict(),
  'packs.versions': z.object({ id: packId }).strict(),
  'packs.diff': z.object({ id: packId, version: z.number().int().positive() }).strict(),
  /** Puts the pack's files back as they were before (or after) a change; itself a change in the history. */
  'packs.restore': z.object({ id: packId, version: z.number().int().positive(), side: z.enum(['before', 'after']).default('before') }).strict(),
  'packs.context': z.object({ id: packId }).strict(),
  'rules.list': z.object({ packId: packId.optional() }).strict(),
  'rules.get': z.object({ packId, ruleId: anyRuleId }).strict(),
  /** Saves a rule into a pack (not a bundled one): a new rule (originalId null) or a change of one. */
  'rules.save': z.object({ packId, originalId: anyRuleId.nullable(), rule: ruleInput }).strict(),
  'rules.delete': z.object({ packId, ruleId: anyRuleId }).strict(),
  'rules.setEnabled': z.object({ packId, ruleId: anyRuleId, enabled: z.boolean() }).strict(),
  /** One bounded step of running an expression over the case's events or a recording; go on from `after`. */
  'rules.test': z
    .object({
      packId,
      expression: z.string().trim().min(1, 'write an expression to run').max(8000),
      source: testSource,
      after: eventCursorInput.optional(),
      rows: z.number().int().min(0).max(1000).default(200),
    })
    .strict(),
  /** Runs a rule's own tests (match / no_match events) against the expression as written. */
  'rules.runTests': z.object({ packId, expression: z.string().max(8000), tests: z.string().max(100_000) }).strict(),
} as const;

export interface RulePackOutputs {
  'packs.list': PackList;
  'packs.create': PackSummary;
  'packs.import': PackImportReport;
  'packs.export': PackExport;
  'packs.delete': PackDeleted;
  'packs.setEnabled': PackSummary;
  'packs.versions': PackVersion[];
  'packs.diff': PackDiff;
  'packs.restore': PackSummary;
  'packs.context': PackContext;
  'rules.list': RuleSummary[];
  'rules.get': RuleDetail;
  'rules.save': RuleSaved;
  'rules.delete': PackSummary;
  'rules.setEnabled': RuleSummary;
  'rules.test': RuleTestRun;
  'rules.runTests': RuleTestsResult;
}
