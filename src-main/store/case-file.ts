// A case is one SQLite file. Opening one checks that it is ours and not from a newer workbench,
// switches it to WAL, and brings its schema up to date inside a transaction, so a failed migration
// leaves the file exactly as it was.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { ApiError } from '../../src-shared/api/errors.ts';
import { latestSchemaVersion, migrations } from './migrations.ts';

/** 'WBCH' in PRAGMA application_id marks a workbench case file. */
export const caseApplicationId = 0x57424348;

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file when it does not exist. Without it, a missing file is an error. */
  create?: boolean;
  readonly?: boolean;
}

export function openCaseDatabase(path: string, options: OpenOptions = {}): Db {
  const exists = existsSync(path);
  if (!exists && !options.create) {
    throw new ApiError('not_found', `Case file ${path} does not exist.`, 'Check the path, or create a new case.');
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: !options.create });
  } catch (error) {
    throw new ApiError('bad_file', `Cannot open ${path}: ${(error as Error).message}`);
  }
  try {
    checkIsCaseFile(db, path);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function checkIsCaseFile(db: Db, path: string): void {
  let applicationId: number;
  let version: number;
  try {
    applicationId = db.pragma('application_id', { simple: true }) as number;
    version = db.pragma('user_version', { simple: true }) as number;
  } catch {
    throw new ApiError('bad_file', `${path} is not a SQLite database.`, 'Open a .wbcase file made by the workbench.');
  }
  const isEmpty = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n === 0;
  if (applicationId === 0 && isEmpty) return; // a brand-new file, ours to initialise
  if (applicationId !== caseApplicationId) {
    throw new ApiError(
      'bad_file',
      `${path} is a SQLite database but not a workbench case file.`,
      'Open a .wbcase file made by the workbench; nothing in this file was changed.',
    );
  }
  if (version > latestSchemaVersion) {
    throw new ApiError(
      'bad_file',
      `${path} was written by a newer workbench (schema ${version}, this one knows up to ${latestSchemaVersion}).`,
      'Update the workbench to open it; nothing in the file was changed.',
    );
  }
}

function migrate(db: Db, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  const apply = db.transaction(() => {
    for (const migration of pending) {
      try {
        db.exec(migration.sql);
      } catch (error) {
        throw new ApiError(
          'bad_file',
          `Upgrading ${path} failed at step ${migration.version} (${migration.name}): ${(error as Error).message}`,
          'The file was left as it was.',
        );
      }
      db.pragma(`user_version = ${migration.version}`);
    }
    db.pragma(`application_id = ${caseApplicationId}`);
  });
  apply.immediate();
}

export function schemaVersionOf(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
