// The history of a user's pack: every change (an edited, added or deleted rule, an import, a restore)
// is kept with the pack's files before and after it, so any change can be read as a diff and undone. The
// history is bounded (the oldest changes go first) and lives beside the packs in the data folder, one
// JSON file per change, written whole through a temporary file.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { structuredPatch } from 'diff';
import type { FileDiff, PackDiff, PackVersion } from '../../../src-shared/api/rule-packs.ts';
import { replaceFile } from '../custom-pack.ts';
import { readPolicySource } from './policy-source.ts';

export type PackFiles = Readonly<Record<string, string>>;

interface Change {
  version: number;
  atMs: number;
  note: string;
  before: PackFiles;
  after: PackFiles;
  rulesAfter: number;
  added: number;
  removed: number;
}

/** Changes kept per pack: enough to undo a working session, small enough never to matter on disk. */
export const historyLimit = 30;

function ruleIds(files: PackFiles): Set<string> {
  const ids = new Set<string>();
  for (const text of Object.values(files)) for (const rule of readPolicySource(text).rules) ids.add(rule.id);
  return ids;
}

export function sameFiles(a: PackFiles, b: PackFiles): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => Object.hasOwn(b, name) && a[name] === b[name]);
}

export class PackHistory {
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  private dir(packId: string): string {
    return join(this.root, packId);
  }

  private numbers(packId: string): number[] {
    let names: string[];
    try {
      names = readdirSync(this.dir(packId));
    } catch {
      return [];
    }
    return names
      .map((name) => /^(\d+)\.json$/.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  private read(packId: string, version: number): Change | null {
    try {
      return JSON.parse(readFileSync(join(this.dir(packId), `${version}.json`), 'utf8')) as Change;
    } catch {
      return null;
    }
  }

  /** Records a change (nothing when the files did not change); returns its number, or null. */
  record(packId: string, note: string, before: PackFiles, after: PackFiles, atMs: number): number | null {
    if (sameFiles(before, after)) return null;
    const numbers = this.numbers(packId);
    const version = (numbers.at(-1) ?? 0) + 1;
    const beforeIds = ruleIds(before);
    const afterIds = ruleIds(after);
    const change: Change = {
      version,
      atMs,
      note,
      before,
      after,
      rulesAfter: afterIds.size,
      added: [...afterIds].filter((id) => !beforeIds.has(id)).length,
      removed: [...beforeIds].filter((id) => !afterIds.has(id)).length,
    };
    mkdirSync(this.dir(packId), { recursive: true });
    replaceFile(join(this.dir(packId), `${version}.json`), JSON.stringify(change));
    for (const old of numbers.slice(0, Math.max(0, numbers.length + 1 - historyLimit))) rmSync(join(this.dir(packId), `${old}.json`), { force: true });
    return version;
  }

  /** The changes kept, newest first. */
  list(packId: string): PackVersion[] {
    return this.numbers(packId)
      .reverse()
      .flatMap((version) => {
        const change = this.read(packId, version);
        return change ? [{ version, atMs: change.atMs, note: change.note, rulesAfter: change.rulesAfter, added: change.added, removed: change.removed }] : [];
      });
  }

  count(packId: string): number {
    return this.numbers(packId).length;
  }

  /** The files before or after a change; null when the change is not kept. */
  files(packId: string, version: number, side: 'before' | 'after'): PackFiles | null {
    const change = this.read(packId, version);
    return change ? change[side] : null;
  }

  /** What a change did, file by file, as unified-diff hunks. */
  diff(packId: string, version: number): PackDiff | null {
    const change = this.read(packId, version);
    if (!change) return null;
    const names = [...new Set([...Object.keys(change.before), ...Object.keys(change.after)])].sort();
    const files: FileDiff[] = [];
    for (const file of names) {
      const before = change.before[file];
      const after = change.after[file];
      if (before === after) continue;
      const patch = structuredPatch(file, file, before ?? '', after ?? '', '', '', { context: 3 });
      files.push({
        file,
        status: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
        hunks: patch.hunks.map((hunk) => ({ oldStart: hunk.oldStart, oldLines: hunk.oldLines, newStart: hunk.newStart, newLines: hunk.newLines, lines: hunk.lines })),
      });
    }
    return { packId, version, note: change.note, atMs: change.atMs, files };
  }

  /** Forgets a pack's history (the pack is gone). */
  remove(packId: string): void {
    rmSync(this.dir(packId), { recursive: true, force: true });
  }
}
