// Secrets at rest, encrypted by the OS keychain through safeStorage. When the OS offers no encryption
// (no keyring on Linux), secrets are kept in memory only: never written in plain text.
import { safeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemorySecretStore, type SecretStore } from '../platform/index.ts';

export class SafeStorageSecretStore implements SecretStore {
  readonly persistent = true;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'secrets.json');
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  private write(values: Record<string, string>): void {
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(values), { mode: 0o600 });
    renameSync(temp, this.file);
  }

  async get(key: string): Promise<string | null> {
    const sealed = this.read()[key];
    return sealed === undefined ? null : safeStorage.decryptString(Buffer.from(sealed, 'base64'));
  }

  async set(key: string, value: string): Promise<void> {
    this.write({ ...this.read(), [key]: safeStorage.encryptString(value).toString('base64') });
  }

  async delete(key: string): Promise<void> {
    const { [key]: _removed, ...rest } = this.read();
    this.write(rest);
  }
}

export function createSecretStore(dataDir: string): SecretStore {
  return safeStorage.isEncryptionAvailable() ? new SafeStorageSecretStore(dataDir) : new MemorySecretStore();
}
