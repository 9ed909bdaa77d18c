// The cases a user has: every case file in the workbench's cases folder, plus files opened from
// elsewhere (remembered in recent.json, written atomically so a crash never leaves half a list).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { CaseSummary } from '../../src-shared/api/domain.ts';
import { CaseStore } from '../store/index.ts';

export const caseExtension = '.wbcase';
const recentSchema = z.object({ paths: z.array(z.string()).max(200) });

export class CaseLibrary {
  readonly casesDir: string;
  private readonly recentFile: string;

  constructor(dataDir: string) {
    this.casesDir = join(dataDir, 'cases');
    this.recentFile = join(dataDir, 'recent.json');
  }

  ensureDirs(): void {
    mkdirSync(this.casesDir, { recursive: true });
  }

  /** A fresh file name in the cases folder for a case called `name`. */
  pathForNewCase(name: string, nowMs: number): string {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'case';
    const stamp = new Date(nowMs).toISOString().slice(0, 19).replace(/\D/g, '');
    let path = join(this.casesDir, `${slug}-${stamp}${caseExtension}`);
    for (let n = 2; existsSync(path); n += 1) path = join(this.casesDir, `${slug}-${stamp}-${n}${caseExtension}`);
    return path;
  }

  recentPaths(): string[] {
    if (!existsSync(this.recentFile)) return [];
    try {
      return recentSchema.parse(JSON.parse(readFileSync(this.recentFile, 'utf8'))).paths;
    } catch {
      return []; // a damaged list only costs the user their recents, never a case
    }
  }

  remember(path: string): void {
    const absolute = resolve(path);
    const paths = [absolute, ...this.recentPaths().filter((p) => p !== absolute)].slice(0, 50);
    this.ensureDirs();
    const temp = `${this.recentFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ paths }, null, 2));
    renameSync(temp, this.recentFile);
  }

  /** Every readable case, newest first. Files that are not (or no longer) cases are left out. */
  list(): CaseSummary[] {
    const inFolder = existsSync(this.casesDir)
      ? readdirSync(this.casesDir)
          .filter((name) => name.endsWith(caseExtension))
          .map((name) => join(this.casesDir, name))
      : [];
    const paths = [...new Set([...inFolder, ...this.recentPaths()])].filter((p) => existsSync(p));
    const summaries: CaseSummary[] = [];
    for (const path of paths) {
      try {
        const store = CaseStore.open(path, { readonly: true });
        try {
          summaries.push(store.summary());
        } finally {
          store.close();
        }
      } catch {
        // not a case file, or one from a newer workbench: opening it directly explains why
      }
    }
    return summaries.sort((a, b) => b.createdAtMs - a.createdAtMs);
  }
}
