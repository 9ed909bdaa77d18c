// Ports for hosts that run on plain Node (the browser host and the CLI).
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Paths, SecretStore } from './ports.ts';

const checkoutRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** WORKBENCH_DATA_DIR wins (tests use it); otherwise the XDG data directory. */
export function nodePaths(env: NodeJS.ProcessEnv = process.env): Paths {
  const xdg = env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share');
  return {
    dataDir: env['WORKBENCH_DATA_DIR'] || join(xdg, 'cloud-security-workbench'),
    resourcesDir: join(checkoutRoot, 'resources'),
    sensorDir: join(checkoutRoot, 'sensor', 'build'),
    rulesDir: join(checkoutRoot, 'rules'),
  };
}

/**
 * Plain Node has no OS keychain binding here, so secrets live only as long as the process: the user is
 * asked again next time, and nothing sensitive touches the disk.
 */
export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}
