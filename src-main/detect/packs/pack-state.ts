// Which packs and rules the user switched off, kept in the data folder (rules/state.json) rather than in
// the policy files: the bundled packs are read-only and replaced by updates, and a switch must outlive
// both. Written whole through a temporary file; a file that cannot be read is set aside (never silently
// overwritten) and reported, and every rule then runs until the user changes a switch.
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { replaceFile } from '../custom-pack.ts';

const stateFile = z
  .object({
    version: z.literal(1),
    packs: z.record(z.string(), z.object({ enabled: z.boolean().default(true), disabledRules: z.array(z.string()).default([]) }).strict()),
  })
  .strict();

export interface PackSwitches {
  enabled: boolean;
  disabledRules: ReadonlySet<string>;
}

export class PackState {
  private readonly path: string;
  private packs = new Map<string, { enabled: boolean; disabledRules: Set<string> }>();
  /** Why the file could not be read, when it could not (it was renamed aside). */
  problem: string | null = null;

  constructor(path: string, now: () => number = Date.now) {
    this.path = path;
    if (!existsSync(path)) return;
    try {
      const parsed = stateFile.parse(JSON.parse(readFileSync(path, 'utf8')));
      for (const [id, entry] of Object.entries(parsed.packs)) this.packs.set(id, { enabled: entry.enabled, disabledRules: new Set(entry.disabledRules) });
    } catch (error) {
      const aside = `${path}.unreadable-${now()}`;
      renameSync(path, aside);
      this.problem = `The rule switches file ${path} could not be read (${(error as Error).message.split('\n')[0]}); it was kept as ${aside} and every rule runs until you change a switch.`;
    }
  }

  of(packId: string): PackSwitches {
    const entry = this.packs.get(packId);
    return { enabled: entry?.enabled ?? true, disabledRules: entry?.disabledRules ?? new Set() };
  }

  setPack(packId: string, enabled: boolean): void {
    const entry = this.entry(packId);
    entry.enabled = enabled;
    this.save();
  }

  setRule(packId: string, ruleId: string, enabled: boolean): void {
    const entry = this.entry(packId);
    if (enabled) entry.disabledRules.delete(ruleId);
    else entry.disabledRules.add(ruleId);
    this.save();
  }

  /** A deleted pack's switches go with it. */
  forget(packId: string): void {
    if (this.packs.delete(packId)) this.save();
  }

  /** A rule renamed in its pack keeps its switch. */
  renameRule(packId: string, from: string, to: string): void {
    const entry = this.packs.get(packId);
    if (!entry?.disabledRules.has(from)) return;
    entry.disabledRules.delete(from);
    entry.disabledRules.add(to);
    this.save();
  }

  private entry(packId: string): { enabled: boolean; disabledRules: Set<string> } {
    let entry = this.packs.get(packId);
    if (!entry) {
      entry = { enabled: true, disabledRules: new Set() };
      this.packs.set(packId, entry);
    }
    return entry;
  }

  private save(): void {
    const packs = Object.fromEntries([...this.packs].map(([id, entry]) => [id, { enabled: entry.enabled, disabledRules: [...entry.disabledRules].sort() }]));
    mkdirSync(dirname(this.path), { recursive: true });
    replaceFile(this.path, `${JSON.stringify({ version: 1, packs }, null, 2)}\n`);
    this.problem = null;
  }
}
