// The Security Inbox on the demo case, built as the app builds it (the recorded intrusion ingested with
// the bundled rules), plus a low-severity signal on the quiet database host.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalRule } from '../../src-shared/api/domain.ts';
import type { InboxItem } from '../../src-shared/inbox/model.ts';
import { MemorySecretStore, nodePaths } from '../platform/index.ts';
import { Workbench } from '../workbench.ts';
import { importSensorStream } from '../ingest/index.ts';
import { exposureIndexOf } from './exposure-index.ts';
import { buildInbox, inboxProviders } from './inbox.ts';
import { publicExposure, rootPrivileges } from './risk-factors.ts';

let workbench: Workbench;
beforeAll(() => {
  workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir: mkdtempSync(join(tmpdir(), 'wb-inbox-')) }, secrets: new MemorySecretStore() });
  workbench.openDemoCase();
});
afterAll(() => workbench?.close());

const factor = (item: InboxItem | undefined, id: string) => item?.factors.find((f) => f.id === id)?.detail;

const lowRule: SignalRule = {
  id: 'backup_read_by_postgres',
  description: 'The database dumped itself to disk',
  expression: 'exec.file.name == "pg_dump"',
  severity: 'low',
  tactic: null,
  technique: null,
  triage: [],
  remediation: '',
  source: { kind: 'custom', author: null, license: null },
};

describe('the Security Inbox on the demo case', () => {
  it('puts the critical privilege escalation first, with the evidence for each factor', async () => {
    const inbox = await buildInbox(workbench.requireCase(), inboxProviders, 500);
    expect(inbox.total).toBe(26);
    const first = inbox.items[0]!;
    expect(first).toMatchObject({ kind: 'signal', severity: 'critical', reference: 'root_process_from_unprivileged_parent', subject: 'web-01' });
    expect(first.link).toMatch(/^#\/signals\/\d+$/);
    expect(factor(first, 'root_privileges')).toBe('sudo runs as root; its parent bash ran as www-data (uid 33)');
    expect(factor(first, 'public_exposure')).toContain('203.0.113.45:80');
    expect(factor(first, 'active_signals_on_host')).toBe('web-01 has 25 other active signals');
    // the other critical one has no root factor: it ranks second, above every high
    expect(inbox.items[1]).toMatchObject({ severity: 'critical', reference: 'web_script_written_to_upload_folder' });
    expect(factor(inbox.items[1], 'root_privileges')).toBeUndefined();
    expect(inbox.items.slice(2).every((i) => i.severity !== 'critical')).toBe(true);
  });

  it('names the address when the event itself reached a public address', async () => {
    const inbox = await buildInbox(workbench.requireCase(), inboxProviders, 500);
    const beacon = inbox.items.find((i) => i.reference === 'temporary_program_connected_to_public_address');
    expect(factor(beacon, 'public_exposure')).toBe('kworkerd connected to public address 198.51.100.23:4444');
  });

  it('ranks a low signal on a host with only private traffic last, with no factor it does not have', async () => {
    const store = workbench.requireCase();
    const db01 = store.listHosts().find((h) => h.name === 'db-01')!;
    const dump = store.queryEvents({ hostIds: [db01.id], text: 'pg_dump', limit: 1 }).rows[0]!;
    store.recordMatches([{ rule: lowRule, hostId: db01.id, groupKey: 'test', tsNs: dump.tsNs, eventId: dump.id, event: dump.raw, processSummary: 'pg_dump (pid 4100)' }], 1);
    const inbox = await buildInbox(store, inboxProviders, 500);
    const last = inbox.items.at(-1)!;
    expect(last).toMatchObject({ severity: 'low', reference: 'backup_read_by_postgres', subject: 'db-01' });
    expect(factor(last, 'public_exposure')).toBeUndefined(); // db-01 only talked to 10.0.2.20 and 127.0.0.1
    expect(factor(last, 'active_signals_on_host')).toBeUndefined(); // it is db-01's only signal
    expect(inbox.items.findIndex((i) => i.severity === 'critical')).toBeLessThan(inbox.items.indexOf(last));
  });

  it('drops archived signals and counts only the active ones on the host', async () => {
    const store = workbench.requireCase();
    const before = await buildInbox(store, inboxProviders, 500);
    const archived = before.items.find((i) => i.reference === 'shell_history_deleted')!;
    store.updateSignal(Number(archived.key.split(':')[1]), { status: 'archived' }, 2);
    const after = await buildInbox(store, inboxProviders, 500);
    expect(after.items.some((i) => i.key === archived.key)).toBe(false);
    expect(after.total).toBe(before.total - 1);
    expect(factor(after.items[0], 'active_signals_on_host')).toBe('web-01 has 24 other active signals');
  });

  it("learns a host's public traffic as the case grows, reading only what is new", async () => {
    const store = workbench.requireCase();
    const db01 = store.listHosts().find((h) => h.name === 'db-01')!;
    const index = exposureIndexOf(store);
    await index.update();
    expect(index.publicPeers(db01.id)).toEqual([]);
    const newest = store.eventFacets().newestNs!;
    const process = { pid: 4300, ppid: 1, uid: 112, comm: 'psql', file: { path: '/usr/bin/psql', name: 'psql' }, argv: [], argv0: 'psql', args: '', cwd: '/' };
    const stream = [
      JSON.stringify({ type: 'hello', sensor: { version: '0.1.0' }, host: 'db-01', boot_id: 'inbox-test' }),
      JSON.stringify({ seq: 1, ts: newest + 1e9, type: 'connect', process, connect: { addr: { ip: '172.20.0.5', port: 5432, family: 'AF_INET' }, protocol: 'tcp', retval: 0 } }),
      JSON.stringify({ seq: 2, ts: newest + 2e9, type: 'accept', process, accept: { addr: { ip: '8.8.4.4', port: 40000, family: 'AF_INET' }, protocol: 'tcp', retval: 5 } }),
    ].join('\n');
    importSensorStream(store, db01.id, 'db-01', 'db-01-more.ndjson', stream);
    const inbox = await buildInbox(store, inboxProviders, 500);
    expect(index.publicPeers(db01.id).map((p) => `${p.type} ${p.ip}`)).toEqual(['accept 8.8.4.4']); // 172.16.0.0/12 is private
    expect(factor(inbox.items.find((i) => i.subject === 'db-01'), 'public_exposure')).toBe('db-01 accepted connections from public addresses 8.8.4.4:40000');
  });

  it('says which sources and factors this build has, and cuts the list at the limit', async () => {
    const inbox = await buildInbox(workbench.requireCase(), inboxProviders, 3);
    expect(inbox.items).toHaveLength(3);
    expect(inbox.sources.map((s) => [s.kind, s.available])).toEqual([['signal', true], ['finding', false], ['vulnerability', false], ['identity_risk', false]]);
    expect([...inbox.availableFactors].sort()).toEqual(['active_signals_on_host', 'public_exposure', 'root_privileges']);
  });
});

describe('risk factors from an event', () => {
  const proc = (uid: number, euid: number, extra: Record<string, unknown> = {}) => ({ uid, euid, user: uid === 0 ? 'root' : 'www-data', file: { name: 'sudo' }, ...extra });

  it('tells a setuid program, a root child of a non-root parent, plain root and no root apart', () => {
    expect(rootPrivileges({ type: 'exec', process: proc(33, 0) })?.detail).toBe('sudo became root: effective uid 0 for www-data (uid 33) (setuid program)');
    expect(rootPrivileges({ type: 'exec', process: proc(0, 0, { parent: { uid: 1001, euid: 1001, user: 'alice', file: { name: 'bash' } } }) })?.detail).toBe('sudo runs as root; its parent bash ran as alice (uid 1001)');
    expect(rootPrivileges({ type: 'exec', process: proc(0, 0, { parent: { uid: 0, euid: 0 } }) })?.detail).toBe('sudo runs as root');
    expect(rootPrivileges({ type: 'exec', process: proc(33, 33) })).toBeNull();
    expect(rootPrivileges({ type: 'setuid', setuid: { uid: 0, euid: 0 }, process: proc(33, 33) })?.detail).toContain('switched to root (setuid)');
  });

  it('counts only public addresses, for the event or else its host', () => {
    const connect = (ip: string) => ({ type: 'connect', process: { file: { name: 'curl' } }, connect: { addr: { ip, port: 443 } } });
    expect(publicExposure(connect('8.8.8.8'), 'h', [])?.detail).toBe('curl connected to public address 8.8.8.8:443');
    expect(publicExposure(connect('2001:4860::8888'), 'h', [])?.detail).toBe('curl connected to public address [2001:4860::8888]:443');
    expect(publicExposure(connect('10.1.2.3'), 'h', [])).toBeNull();
    expect(publicExposure(connect('192.168.1.1'), 'h', [{ hostId: 1, type: 'accept', ip: '8.8.4.4', port: 22, count: 3 }])?.detail).toBe('h accepted connections from public addresses 8.8.4.4:22');
  });
});
