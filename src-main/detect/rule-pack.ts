// A rule pack: a folder of policy files loaded as one, as the Datadog agent loads its policy folder. Macros
// of any file are visible to the rules of every file (so shared lists like SHELLS live once, in
// macros.policy), rule ids are unique across the pack, and our own packs load strict: a rule that does
// not load, or lacks the workbench metadata, is an error naming its file and id.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleSet, type MacroSource } from '../../src-shared/secl/index.ts';
import type { AttackCatalogue } from './attack.ts';
import { loadPolicy, PolicyError, readPolicyMacros, type LoadedRule, type PolicyLoadResult } from './policy.ts';

/** The runtime rules bundled with the workbench. */
export const bundledRuntimeRulesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules', 'runtime');

export interface PackRule extends LoadedRule {
  /** The policy file the rule comes from, relative to the pack's folder. */
  file: string;
}

export interface PackError {
  file: string;
  /** The rule (or macro) at fault; absent when the whole file is. */
  id?: string;
  reason: string;
}

export interface RulePack {
  dir: string;
  files: { file: string; result: PolicyLoadResult | null }[];
  rules: PackRule[];
  errors: PackError[];
  ruleSet: RuleSet<PackRule>;
}

export interface LoadPackOptions {
  /** Require the workbench metadata on every rule, and count any rule that does not load as an error. */
  strict?: boolean;
  attack?: AttackCatalogue;
  /**
   * Macros defined outside the pack that its rules may use (the bundled pack's lists, for the user's packs),
   * as the Datadog agent shares macros across its policies; the pack's own macros of the same id win.
   */
  extraMacros?: readonly MacroSource[];
}

/** The policy files of a folder (*.policy), in name order, so loading is the same on every machine. */
export function policyFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new PolicyError(`${dir} is not a folder of policy files`);
    names = readdirSync(dir);
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    throw new PolicyError(`cannot read the rule pack ${dir}: ${(error as Error).message}`);
  }
  return names.filter((name) => name.endsWith('.policy')).sort();
}

export function loadRulePack(dir: string, options: LoadPackOptions = {}): RulePack {
  return loadRulePackTexts(dir, policyFiles(dir).map((name) => ({ file: name, text: readFileSync(join(dir, name), 'utf8') })), options);
}

/** A pack from its files' texts (in load order), as loadRulePack would load them from `dir`: to check files before writing them. */
export function loadRulePackTexts(dir: string, texts: readonly { file: string; text: string }[], options: LoadPackOptions = {}): RulePack {
  const strict = options.strict ?? false;
  const errors: PackError[] = [];

  const macros: MacroSource[] = [...(options.extraMacros ?? [])];
  const macroFile = new Map<string, string>();
  for (const { file, text } of texts) {
    try {
      for (const macro of readPolicyMacros(text)) {
        const first = macroFile.get(macro.id);
        if (first !== undefined) errors.push({ file, id: macro.id, reason: `macro ${macro.id} is already defined in ${first}` });
        else {
          macroFile.set(macro.id, file);
          macros.push(macro);
        }
      }
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      // Reported once, below, when the file's rules load.
    }
  }

  const files: RulePack['files'] = [];
  const rules: PackRule[] = [];
  const ruleFile = new Map<string, string>();
  for (const { file, text } of texts) {
    let result: PolicyLoadResult;
    try {
      result = loadPolicy(text, { sharedMacros: macros, strict, attack: options.attack });
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      errors.push({ file, reason: error.message });
      files.push({ file, result: null });
      continue;
    }
    files.push({ file, result });
    for (const skipped of result.skipped) {
      if (skipped.kind === 'error' || (strict && skipped.kind === 'unsupported')) errors.push({ file, id: skipped.id, reason: skipped.reason });
    }
    for (const rule of result.loaded) {
      const first = ruleFile.get(rule.id);
      if (first !== undefined) {
        errors.push({ file, id: rule.id, reason: `a rule with id ${rule.id} is already defined in ${first}` });
        continue;
      }
      ruleFile.set(rule.id, file);
      rules.push({ ...rule, file });
    }
  }
  return { dir, files, rules, errors, ruleSet: new RuleSet(rules) };
}
