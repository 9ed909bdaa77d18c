// Related signals: the other signals of one host that were active within an hour of a signal, not those
// of another host nor those hours away.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SignalRule } from '../../src-shared/api/domain.ts';
import { CaseStore } from './case-store.ts';

const rule = (id: string): SignalRule => ({ id, description: `rule ${id}`, expression: 'exec.file.name == "x"', severity: 'high', tactic: 'TA0002', technique: 'T1059', triage: ['look'], remediation: 'fix', source: { kind: 'workbench', author: null, license: null } });
const t0 = 1_795_000_000_000_000_000;
const minute = 60e9;
const hour = 3600e9;

describe('related signals', () => {
  it('are the other signals of the host within the window, oldest first', () => {
    const store = CaseStore.create(join(mkdtempSync(join(tmpdir(), 'wb-related-')), 'c.wbcase'), 'C', 0);
    const web = store.addHost({ name: 'web-01' }, 0);
    const db = store.addHost({ name: 'db-01' }, 0);
    let seq = 0;
    const signal = (ruleId: string, hostId: number, tsNs: number): number => {
      seq++;
      store.insertEvents([{ hostId, streamId: 's', seq, tsNs, type: 'exec', pid: seq, ppid: 1, uid: 0, comm: 'x', executable: '/x', summary: `x ${seq}`, raw: JSON.stringify({ seq, type: 'exec' }) }]);
      const eventId = store.queryEvents({ limit: 1000 }).rows.find((row) => row.seq === seq && row.hostId === hostId)!.id;
      store.recordMatches([{ rule: rule(ruleId), hostId, groupKey: `root:${seq}@1`, tsNs, eventId, event: { ts: tsNs }, processSummary: 'x' }], 0);
      return store.listSignals({ ruleId, limit: 1 })[0]!.id;
    };
    const shell = signal('web_server_spawned_shell', web, t0);
    const download = signal('download_piped_to_shell', web, t0 + 2 * minute);
    const cron = signal('cron_file_written', web, t0 + 55 * minute);
    const before = signal('package_installed', web, t0 - 50 * minute);
    signal('history_deleted_next_day', web, t0 + 26 * hour);
    signal('ssh_login_on_db', db, t0 + minute);

    const names = (id: number, windowNs = hour) => store.relatedSignals(id, windowNs)!.map((s) => s.rule.id);
    expect(names(shell)).toEqual(['package_installed', 'download_piped_to_shell', 'cron_file_written']);
    expect(names(cron)).toEqual(['web_server_spawned_shell', 'download_piped_to_shell']); // package_installed is 105 min before
    expect(names(download, 5 * minute)).toEqual(['web_server_spawned_shell']);
    expect(store.relatedSignals(before, hour)!.map((s) => s.id)).toEqual([shell, download]);
    expect(store.relatedSignals(99_999, hour)).toBeNull();
    store.close();
  });
});
