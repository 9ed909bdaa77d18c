// The MITRE ATT&CK names the workbench shows next to its detections: a small bundled catalogue
// (resources/attack/enterprise-attack.json) of the tactics and of the techniques our rule packs use,
// so a rule can be checked for ids that exist and a signal can say "T1059.004 Unix Shell" offline.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const catalogueFile = z.object({
  source: z.string(),
  version: z.string(),
  tactics: z.record(z.string().regex(/^TA\d{4}$/), z.string().min(1)),
  // Sub-techniques take their tactics from their parent technique, as in ATT&CK.
  techniques: z.record(z.string().regex(/^T\d{4}(\.\d{3})?$/), z.object({ name: z.string().min(1), tactics: z.array(z.string()).optional() })),
});

export interface AttackCatalogue {
  source: string;
  version: string;
  tacticName(id: string): string | undefined;
  techniqueName(id: string): string | undefined;
  /** The tactics a technique (or the parent of a sub-technique) serves; empty when unknown. */
  tacticsOf(id: string): readonly string[];
}

export const bundledAttackPath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'attack', 'enterprise-attack.json');

export function parseAttackCatalogue(document: unknown): AttackCatalogue {
  const parsed = catalogueFile.parse(document);
  for (const [id, technique] of Object.entries(parsed.techniques)) {
    const parent = id.split('.')[0] as string;
    if (id.includes('.') && !parsed.techniques[parent]) throw new Error(`ATT&CK catalogue: sub-technique ${id} has no parent ${parent}`);
    if (!id.includes('.') && (technique.tactics ?? []).length === 0) throw new Error(`ATT&CK catalogue: technique ${id} names no tactic`);
    for (const tactic of technique.tactics ?? []) if (!parsed.tactics[tactic]) throw new Error(`ATT&CK catalogue: technique ${id} names an unknown tactic ${tactic}`);
  }
  return {
    source: parsed.source,
    version: parsed.version,
    tacticName: (id) => (Object.hasOwn(parsed.tactics, id) ? parsed.tactics[id] : undefined),
    techniqueName: (id) => (Object.hasOwn(parsed.techniques, id) ? parsed.techniques[id]?.name : undefined),
    tacticsOf: (id) => parsed.techniques[id.split('.')[0] as string]?.tactics ?? [],
  };
}

let bundled: AttackCatalogue | undefined;

/** The catalogue bundled with the workbench, read once. */
export function bundledAttackCatalogue(): AttackCatalogue {
  bundled ??= parseAttackCatalogue(JSON.parse(readFileSync(bundledAttackPath, 'utf8')));
  return bundled;
}
