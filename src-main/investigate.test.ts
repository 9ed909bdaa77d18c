// Investigating a signal through the Workbench API, on the bundled demo case (the web-01 intrusion): the
// process tree of the flagged process from one of its events, the events of that tree, the signals around
// it on the same host, and the ATT&CK names a signal page shows.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import { Workbench } from './workbench.ts';

let workbench: Workbench;
let api: ReturnType<typeof inProcessApi>;

beforeAll(async () => {
  workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir: mkdtempSync(join(tmpdir(), 'wb-investigate-')) }, secrets: new MemorySecretStore() });
  api = inProcessApi(workbench.handlers());
  await api.call('cases.openDemo', {});
});
afterAll(() => workbench?.close());

describe('investigating a signal', () => {
  it('draws the tree of the process a signal flagged, from its first matched event', async () => {
    const [summary] = await api.call('signals.list', { ruleId: 'password_hashes_read' });
    const signal = await api.call('signals.get', { id: summary!.id });
    const tree = await api.call('processes.tree', { eventId: signal.matches[0]!.id });
    const focus = tree.nodes.find((node) => node.key === tree.focusKey)!;
    expect(focus).toMatchObject({ pid: 23035, executable: '/usr/bin/cat', user: 'root' });
    // the store's ancestry agrees with the one the signal kept from ingest
    const kept = (signal.firstEvent['process'] as { ancestors: Array<{ pid: number }> }).ancestors.map((a) => a.pid);
    expect(tree.nodes.filter((node) => node.role === 'ancestor').map((node) => node.pid).reverse()).toEqual(kept);
    expect(tree.host).toMatchObject({ name: 'web-01', address: '10.0.2.20' });
    // the same tree by the process's identity, as a process link names it
    const again = await api.call('processes.tree', { hostId: tree.host.id, pid: focus.pid, startNs: focus.startNs });
    expect(again.nodes.map((node) => node.key)).toEqual(tree.nodes.map((node) => node.key));
    await expect(api.call('processes.tree', { hostId: tree.host.id, pid: 4_000_000 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists the events of the tree and of one process', async () => {
    const [summary] = await api.call('signals.list', { ruleId: 'interactive_shell_without_terminal' });
    const signal = await api.call('signals.get', { id: summary!.id });
    const tree = await api.call('processes.tree', { eventId: signal.matches[0]!.id });
    const processes = tree.nodes.map((node) => ({ pid: node.pid, startNs: node.startNs }));
    const timeline = await api.call('processes.timeline', { hostId: tree.host.id, processes });
    expect(timeline.total).toBe(tree.nodes.reduce((sum, node) => sum + node.eventCount, 0));
    expect(timeline.points.some((point) => point.summary === '/etc/shadow')).toBe(true);
    const focus = tree.nodes.find((node) => node.key === tree.focusKey)!;
    const own = await api.call('processes.events', { hostId: tree.host.id, processes: [{ pid: focus.pid, startNs: focus.startNs }] });
    expect(own.rows.map((row) => row.type)).toEqual(['fork', 'exec']);
    expect(own.total).toBe(focus.eventCount);
    await expect(api.call('processes.events', { hostId: tree.host.id, processes: [] })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('relates the steps of the intrusion on web-01 to one another, and names their ATT&CK tactics and techniques', async () => {
    const [shell] = await api.call('signals.list', { ruleId: 'web_server_spawned_shell' });
    const related = await api.call('signals.related', { id: shell!.id });
    const rules = related.map((s) => s.rule.id);
    for (const step of ['download_piped_to_shell', 'password_hashes_read', 'cron_file_written']) expect(rules).toContain(step);
    expect(related.every((s) => s.hostName === 'web-01' && s.id !== shell!.id)).toBe(true);
    expect(await api.call('attack.names', { ids: ['TA0006', 'T1059.004', 'T9999'] })).toEqual({ TA0006: 'Credential Access', 'T1059.004': 'Unix Shell' });
    await expect(api.call('signals.related', { id: 99_999 })).rejects.toMatchObject({ code: 'not_found' });
  });
});
