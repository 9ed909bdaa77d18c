// What a host provides to the services. Electron implements these with its own modules (app paths,
// safeStorage); the browser host and the CLI implement them with plain Node. Services depend on these
// interfaces only, so none of them ever imports electron.

export interface Paths {
  /** Where the workbench keeps its own files: the case library, the demo case, settings. */
  dataDir: string;
  /** Read-only bundled files: resources/ in a checkout, the app's resources folder when packaged. */
  resourcesDir: string;
  /** The sensor binaries (workbench-sensor-<arch>): sensor/build in a checkout, resources/sensor when packaged. */
  sensorDir: string;
  /** The bundled rule packs (runtime/…): rules/ in a checkout, resources/rules when packaged. */
  rulesDir: string;
}

/**
 * Secrets (SSH passwords, key passphrases). Never written to a case file or a log. An implementation
 * that cannot encrypt at rest keeps secrets in memory only.
 */
export interface SecretStore {
  readonly persistent: boolean;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };
