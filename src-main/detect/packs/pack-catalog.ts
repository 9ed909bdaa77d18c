// Which packs exist and how each loads. Bundled packs come from the workbench's rules folder (read-only,
// replaced by updates); the user's custom pack and the packs the user created or imported live in the data
// folder, so an update of the bundled rules never touches them. A pack loads once per state of its files
// (names, sizes, modification times) and is read again when they change, by the workbench or by hand.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { PackFormat, PackKind } from '../../../src-shared/api/rule-packs.ts';
import type { MacroSource } from '../../../src-shared/secl/index.ts';
import type { AttackCatalogue } from '../attack.ts';
import { customPackDir } from '../custom-pack.ts';
import { PolicyError, readPolicyMacros } from '../policy.ts';
import { loadRulePackTexts, policyFiles, type RulePack } from '../rule-pack.ts';
import { readPolicySource, type PolicySource } from './policy-source.ts';

export interface PackDescriptor {
  id: string;
  name: string;
  description: string;
  kind: PackKind;
  readOnly: boolean;
  dir: string;
  /** Rules must carry the workbench metadata (our bundled packs). */
  strict: boolean;
  format: PackFormat;
  createdAtMs: number | null;
  importedFrom: string[];
  /** The file new rules go to. */
  defaultFile: string;
}

export interface LoadedPack {
  descriptor: PackDescriptor;
  texts: Record<string, string>;
  pack: RulePack;
  sources: Map<string, PolicySource>;
  updatedAtMs: number | null;
}

export const packMetaFile = 'pack.json';

export const packMeta = z
  .object({
    name: z.string().min(1).max(80),
    description: z.string().max(2000).default(''),
    kind: z.enum(['imported', 'created']),
    format: z.enum(['workbench', 'datadog', 'sigma', 'mixed']).default('datadog'),
    createdAtMs: z.number().nullable().default(null),
    importedFrom: z.array(z.string()).default([]),
  })
  .strict();
export type PackMeta = z.infer<typeof packMeta>;

export interface BundledPack {
  id: string;
  name: string;
  description: string;
  dir: string;
}

/** The folder of the packs the user created or imported. */
export function userPacksDir(dataDir: string): string {
  return join(dataDir, 'rules', 'packs');
}

export class PackCatalog {
  private readonly dataDir: string;
  private readonly bundled: readonly BundledPack[];
  private readonly attack: () => AttackCatalogue;
  private readonly cache = new Map<string, { signature: string; loaded: LoadedPack }>();
  private bundledMacroCache: { signature: string; macros: MacroSource[] } | null = null;
  private readonly sourceCache = new Map<string, { signature: string; sources: Map<string, PolicySource> }>();

  constructor(options: { dataDir: string; bundled: readonly BundledPack[]; attack: () => AttackCatalogue }) {
    this.dataDir = options.dataDir;
    this.bundled = options.bundled;
    this.attack = options.attack;
  }

  get packsDir(): string {
    return userPacksDir(this.dataDir);
  }

  /** Every pack, in the order detection loads them: a rule id taken by an earlier pack is not run in a later one. */
  descriptors(): PackDescriptor[] {
    const list: PackDescriptor[] = this.bundled.map((pack) => ({
      id: pack.id,
      name: pack.name,
      description: pack.description,
      kind: 'bundled',
      readOnly: true,
      dir: pack.dir,
      strict: true,
      format: 'workbench',
      createdAtMs: null,
      importedFrom: [],
      defaultFile: '',
    }));
    list.push({
      id: 'custom',
      name: 'My rules',
      description: 'Your own rules: written here, duplicated from the bundled packs, or created from an event on the Events page.',
      kind: 'custom',
      readOnly: false,
      dir: customPackDir(this.dataDir),
      strict: false,
      format: 'workbench',
      createdAtMs: null,
      importedFrom: [],
      defaultFile: 'custom.policy',
    });
    const user: PackDescriptor[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(this.packsDir);
    } catch {
      // no pack yet
    }
    for (const id of names) {
      if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) continue; // temporary folders of an import in progress, and strays
      const dir = join(this.packsDir, id);
      let meta: PackMeta;
      try {
        meta = packMeta.parse(JSON.parse(readFileSync(join(dir, packMetaFile), 'utf8')));
      } catch {
        continue;
      }
      const files = safePolicyFiles(dir);
      user.push({ id, name: meta.name, description: meta.description, kind: meta.kind, readOnly: false, dir, strict: false, format: meta.format, createdAtMs: meta.createdAtMs, importedFrom: meta.importedFrom, defaultFile: files[0] ?? 'rules.policy' });
    }
    user.sort((a, b) => (a.createdAtMs ?? 0) - (b.createdAtMs ?? 0) || a.id.localeCompare(b.id));
    return [...list, ...user];
  }

  descriptor(id: string): PackDescriptor | undefined {
    return this.descriptors().find((pack) => pack.id === id);
  }

  /** The macros of the bundled packs, which every other pack's rules may use (as Datadog's agent shares them). */
  bundledMacros(): MacroSource[] {
    const signature = this.bundled.map((pack) => signatureOf(pack.dir)).join('|');
    if (this.bundledMacroCache?.signature === signature) return this.bundledMacroCache.macros;
    const macros: MacroSource[] = [];
    for (const pack of this.bundled) {
      for (const file of safePolicyFiles(pack.dir)) {
        try {
          macros.push(...readPolicyMacros(readFileSync(join(pack.dir, file), 'utf8')));
        } catch (error) {
          if (!(error instanceof PolicyError)) throw error;
        }
      }
    }
    this.bundledMacroCache = { signature, macros };
    return macros;
  }

  /** Macros a pack's rules see besides their own. */
  extraMacrosOf(descriptor: PackDescriptor): MacroSource[] {
    return descriptor.kind === 'bundled' ? [] : this.bundledMacros();
  }

  load(descriptor: PackDescriptor): LoadedPack {
    const signature = signatureOf(descriptor.dir);
    const cached = this.cache.get(descriptor.id);
    if (cached && cached.signature === `${descriptor.dir}|${signature}` && cached.loaded.descriptor.name === descriptor.name) return cached.loaded;
    const texts = readTexts(descriptor.dir);
    const loaded = this.loadTexts(descriptor, texts);
    this.cache.set(descriptor.id, { signature: `${descriptor.dir}|${signature}`, loaded });
    return loaded;
  }

  /** The pack as it would load with these files (to check a change before writing it). */
  loadTexts(descriptor: PackDescriptor, texts: Record<string, string>): LoadedPack {
    const names = Object.keys(texts).sort();
    const pack = loadRulePackTexts(descriptor.dir, names.map((file) => ({ file, text: texts[file]! })), { strict: descriptor.strict, attack: this.attack(), extraMacros: this.extraMacrosOf(descriptor) });
    const sources = new Map(names.map((file) => [file, readPolicySource(texts[file]!)]));
    return { descriptor, texts, pack, sources, updatedAtMs: lastModified(descriptor.dir) };
  }

  /** The pack's files as YAML (rules and macros where they are), without compiling anything: cheap. */
  sources(descriptor: PackDescriptor): Map<string, PolicySource> {
    const signature = `${descriptor.dir}|${signatureOf(descriptor.dir)}`;
    const compiled = this.cache.get(descriptor.id);
    if (compiled?.signature === signature) return compiled.loaded.sources;
    const cached = this.sourceCache.get(descriptor.id);
    if (cached?.signature === signature) return cached.sources;
    const texts = readTexts(descriptor.dir);
    const sources = new Map(Object.keys(texts).sort().map((file) => [file, readPolicySource(texts[file]!)]));
    this.sourceCache.set(descriptor.id, { signature, sources });
    return sources;
  }

  forget(id: string): void {
    this.cache.delete(id);
    this.sourceCache.delete(id);
  }
}

function safePolicyFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    return policyFiles(dir);
  } catch (error) {
    if (error instanceof PolicyError) return [];
    throw error;
  }
}

/** The policy files of a pack's folder by name. */
export function readTexts(dir: string): Record<string, string> {
  return Object.fromEntries(safePolicyFiles(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}

function signatureOf(dir: string): string {
  return safePolicyFiles(dir)
    .map((file) => {
      try {
        const stat = statSync(join(dir, file));
        return `${file}:${stat.size}:${stat.mtimeMs}`;
      } catch {
        return `${file}:gone`;
      }
    })
    .join(',');
}

function lastModified(dir: string): number | null {
  let newest: number | null = null;
  for (const file of safePolicyFiles(dir)) {
    try {
      const mtime = statSync(join(dir, file)).mtimeMs;
      newest = newest === null ? mtime : Math.max(newest, mtime);
    } catch {
      // gone meanwhile
    }
  }
  return newest === null ? null : Math.round(newest);
}
