// The user's own runtime rules: a pack in the data folder (rules/custom/custom.policy), beside the bundled
// pack, which is replaced on updates and never written. Rules are added one at a time from the UI: each is
// checked by the engine in the file it will live in, refused when its id is taken, and written by
// replacing the file whole (a temporary file renamed over it), so a crash or a full disk leaves either the
// old file or the new one, never half of one. Comments and hand edits of the file are kept.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { CustomRuleSaved, Severity } from '../../src-shared/api/domain.ts';
import { ApiError } from '../../src-shared/api/errors.ts';
import { loadPolicy, PolicyError } from './policy.ts';
import { loadRulePack } from './rule-pack.ts';

export const customPolicyFileName = 'custom.policy';

/** The folder of the user's rule pack, under the workbench's data folder. */
export function customPackDir(dataDir: string): string {
  return join(dataDir, 'rules', 'custom');
}

export interface CustomRule {
  id: string;
  description: string;
  expression: string;
  severity: Severity;
  tags: Record<string, string>;
}

const newFileText = `# Your own runtime rules, in Datadog's policy format. The workbench adds rules here from the Events
# page ("Create a rule from this event"); you may also edit this file by hand. It loads beside the bundled
# rules on the next ingest or retro-hunt. Every *.policy file of this folder is part of the pack.
version: 1.0.0
type: policy
rules: []
`;

/** Writes a file by renaming a complete temporary copy over it: readers see the old file or the new one. */
export function replaceFile(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Adds a rule to the custom pack in `dir`. `takenElsewhere` names where an id is already used by another
 * pack (the bundled rules), or null. Throws an ApiError that says what to change; writes nothing then.
 */
export function addCustomRule(dir: string, rule: CustomRule, takenElsewhere: (id: string) => string | null): CustomRuleSaved {
  const path = join(dir, customPolicyFileName);
  mkdirSync(dir, { recursive: true });
  const pack = loadPackSafely(dir);
  const existing = pack?.rules.find((loaded) => loaded.id === rule.id);
  if (existing) throw new ApiError('conflict', `Your custom rule pack already has a rule with the id ${rule.id} (in ${join(dir, existing.file)}).`, 'Choose another id, or edit that rule in the file.');
  const elsewhere = takenElsewhere(rule.id);
  if (elsewhere !== null) throw new ApiError('conflict', `There is already a rule with the id ${rule.id} (${elsewhere}).`, 'Choose another id: ids are unique across all rule packs.');

  const text = existsSync(path) ? readFileSync(path, 'utf8') : newFileText;
  const document = parseDocument(text) as unknown as Document<Node, false>;
  if (document.errors.length > 0) {
    throw new ApiError('bad_file', `${path} is not valid YAML (${document.errors[0]!.message.split('\n')[0]}), so the rule was not added; the file was left as it is.`, 'Fix the file by hand (or move it away) and save the rule again.');
  }
  if (document.contents === null) document.contents = document.createNode({ version: '1.0.0', type: 'policy', rules: [] });
  if (!isMap(document.contents)) throw new ApiError('bad_file', `${path} is not a policy (a YAML mapping with rules), so the rule was not added.`, 'Fix the file by hand (or move it away) and save the rule again.');
  let rules = document.contents.get('rules');
  if (rules === null || rules === undefined) {
    document.contents.set('rules', document.createNode([]));
    rules = document.contents.get('rules');
  }
  if (!isSeq(rules)) throw new ApiError('bad_file', `The rules of ${path} are not a list, so the rule was not added.`, 'Fix the file by hand (or move it away) and save the rule again.');
  if (rules.items.some((item) => isMap(item) && item.get('id') === rule.id)) {
    throw new ApiError('conflict', `Your custom rule pack already has a rule with the id ${rule.id} (in ${path}).`, 'Choose another id, or edit that rule in the file.');
  }
  rules.flow = false;
  const entry: Record<string, unknown> = { id: rule.id, description: rule.description.trim(), expression: rule.expression.trim(), severity: rule.severity };
  if (Object.keys(rule.tags).length > 0) entry['tags'] = rule.tags;
  rules.items.push(document.createNode(entry));
  const next = document.toString({ lineWidth: 0 });

  // the engine's verdict on the rule as it will be read back
  let loaded;
  try {
    loaded = loadPolicy(next);
  } catch (error) {
    if (error instanceof PolicyError) throw new ApiError('bad_file', `${path} would not load: ${error.message}`);
    throw error;
  }
  if (!loaded.loaded.some((candidate) => candidate.id === rule.id)) {
    const skipped = loaded.skipped.find((candidate) => candidate.id === rule.id);
    throw new ApiError('invalid_input', `The rule does not load: ${skipped?.reason ?? 'the engine refused it'}.`, 'Fix the expression; nothing was saved.');
  }
  replaceFile(path, next);
  return { ruleId: rule.id, file: path, rulesInFile: rules.items.length };
}

/** The pack as it loads now, or null when it does not load at all (the file is then checked as YAML below). */
function loadPackSafely(dir: string) {
  try {
    return loadRulePack(dir, { strict: false });
  } catch (error) {
    if (error instanceof PolicyError) return null;
    throw error;
  }
}
