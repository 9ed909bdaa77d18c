// The bundled demo case: built from the recorded sensor streams in resources/demo the first time it is
// asked for (and again when the bundled recording changes), into a temporary file renamed into place,
// so an interrupted build never leaves a half-made demo behind.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../src-shared/api/errors.ts';
import { importSensorStream, type ImportOptions } from '../ingest/index.ts';
import { CaseStore } from '../store/index.ts';

const manifestSchema = z.object({
  name: z.string(),
  version: z.number().int(),
  description: z.string(),
  hosts: z.array(
    z.object({ name: z.string(), address: z.string(), os: z.string(), kernel: z.string(), arch: z.string(), stream: z.string() }),
  ),
});

export interface DemoProgress {
  (fraction: number, detail: string): void;
}

export function demoCasePath(casesDir: string): string {
  return join(casesDir, 'demo.wbcase');
}

function readManifest(demoDir: string) {
  const file = join(demoDir, 'demo-case.json');
  try {
    return manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new ApiError('bad_file', `The bundled demo case is damaged (${file}): ${(error as Error).message}`, 'Reinstall the workbench.');
  }
}

function isCurrent(path: string, version: string): boolean {
  if (!existsSync(path)) return false;
  try {
    const store = CaseStore.open(path, { readonly: true });
    try {
      return store.getMeta('demo_version') === String(version);
    } finally {
      store.close();
    }
  } catch {
    return false;
  }
}

/**
 * How this code builds the demo (process table, detection): a demo built by an older workbench is built
 * again, even when the recording did not change.
 */
const demoBuild = 2;

/** Returns the demo case's path, building it first when needed (running `detect` over it when given). */
export function ensureDemoCase(resourcesDir: string, casesDir: string, nowMs: number, progress: DemoProgress, detect?: (hostId: number) => ImportOptions['detect']): string {
  const demoDir = join(resourcesDir, 'demo');
  const manifest = readManifest(demoDir);
  const target = demoCasePath(casesDir);
  if (isCurrent(target, `${manifest.version}.${demoBuild}`)) return target;

  const building = `${target}.building-${process.pid}`;
  rmSync(building, { force: true });
  const store = CaseStore.create(building, manifest.name, nowMs, true);
  try {
    store.setMeta('demo_version', `${manifest.version}.${demoBuild}`);
    store.setMeta('description', manifest.description);
    manifest.hosts.forEach((host, index) => {
      progress(index / manifest.hosts.length, `Importing the recording of ${host.name}`);
      const { stream, ...fields } = host;
      const hostId = store.addHost({ ...fields, connection: 'offline', sensor: 'stopped' }, nowMs);
      const file = join(demoDir, stream);
      importSensorStream(store, hostId, host.name, file, readFileSync(file, 'utf8'), { detect: detect?.(hostId) });
    });
  } catch (error) {
    store.close();
    rmSync(building, { force: true });
    throw error;
  }
  store.close();
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  renameSync(building, target);
  progress(1, 'Demo case ready');
  return target;
}
