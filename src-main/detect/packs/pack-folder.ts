// A user pack's folder in the packs folder: its id from its name, written whole under a temporary name and
// renamed into place (no half-written pack is ever listed), and renamed aside when deleted. Names starting
// with a dot are never listed as packs (pack-catalog.ts), so both the temporary and the deleted folders stay
// out of the list.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packMetaFile, type PackMeta } from './pack-catalog.ts';
import type { PackFiles } from './pack-history.ts';

/** A pack id from a name: lower-case words joined by -, not one of the reserved or taken ids. */
export function packIdFor(name: string, taken: (id: string) => boolean): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'pack';
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

/** Writes a pack into a folder of its own, then renames the folder into place. */
export function installPackFolder(packsDir: string, id: string, meta: PackMeta, files: PackFiles, stamp: number): void {
  mkdirSync(packsDir, { recursive: true });
  const incoming = join(packsDir, `.incoming-${id}-${process.pid}-${stamp}`);
  mkdirSync(incoming);
  try {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(incoming, file), text);
    writeFileSync(join(incoming, packMetaFile), `${JSON.stringify(meta, null, 2)}\n`);
    renameSync(incoming, join(packsDir, id));
  } catch (error) {
    rmSync(incoming, { recursive: true, force: true });
    throw error;
  }
}

/** Renames a deleted pack's folder aside, where it is kept but never listed; returns where it went. */
export function putPackAside(packsDir: string, dir: string, id: string, stamp: number): string {
  const keptAt = join(packsDir, `.deleted-${id}-${stamp}`);
  renameSync(dir, keptAt);
  return keptAt;
}
