import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressEvent, StatusEvent } from '../src-shared/api/domain.ts';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import { Workbench } from './workbench.ts';

const open: Workbench[] = [];
afterEach(() => open.splice(0).forEach((w) => w.close()));

function newWorkbench() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wb-data-'));
  const workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir }, secrets: new MemorySecretStore() });
  open.push(workbench);
  return { workbench, api: inProcessApi(workbench.handlers()), dataDir };
}

describe('the workbench', () => {
  it('opens the bundled demo case with its recorded hosts and events, reporting progress', async () => {
    const { api, workbench } = newWorkbench();
    const progress: ProgressEvent[] = [];
    api.subscribe('progress', {}, (event) => progress.push(event));
    const demo = await api.call('cases.openDemo', {});
    expect(demo).toMatchObject({ name: 'Demo: web shell on web-01', isDemo: true, hostCount: 2 });
    expect(demo.eventCount).toBeGreaterThan(80);
    expect(progress.at(-1)).toMatchObject({ state: 'done', fraction: 1 });
    expect(progress.some((p) => p.detail === 'Importing the recording of web-01')).toBe(true);
    const hosts = await api.call('hosts.list', {});
    expect(hosts.map((h) => h.name)).toEqual(['db-01', 'web-01']);
    const shadow = await api.call('events.query', { text: '/etc/shadow', types: ['open'] });
    expect(shadow.rows).toHaveLength(1);
    expect(shadow.rows[0]).toMatchObject({ hostName: 'web-01', comm: 'cat', summary: '/etc/shadow' });
    // opening the demo again reuses the built file
    const again = await api.call('cases.openDemo', {});
    expect(again.path).toBe(demo.path);
    expect(again.eventCount).toBe(demo.eventCount);
    workbench.close();
  });

  it('creates cases and lists them with the demo', async () => {
    const { api } = newWorkbench();
    await api.call('cases.openDemo', {});
    const created = await api.call('cases.create', { name: 'web-01 compromise / 2026-11' });
    expect(created.path).toMatch(/web-01-compromise-2026-11-\d{14}\.wbcase$/);
    expect((await api.call('cases.current', {}))?.path).toBe(created.path);
    const names = (await api.call('cases.list', {})).map((c) => c.name).sort();
    expect(names).toEqual(['Demo: web shell on web-01', 'web-01 compromise / 2026-11']);
  });

  it('keeps the current case open when another fails to open', async () => {
    const { api, dataDir } = newWorkbench();
    const demo = await api.call('cases.openDemo', {});
    const junk = join(dataDir, 'junk.wbcase');
    writeFileSync(junk, 'not a database');
    await expect(api.call('cases.open', { path: junk })).rejects.toMatchObject({ code: 'bad_file' });
    expect((await api.call('cases.current', {}))?.path).toBe(demo.path);
    expect((await api.call('hosts.list', {})).length).toBe(2);
  });

  it('tells the status bar which case is open as it changes', async () => {
    const { api } = newWorkbench();
    const statuses: StatusEvent[] = [];
    api.subscribe('status', {}, (event) => statuses.push(event));
    expect(statuses[0]?.openCase).toBeNull();
    await api.call('cases.openDemo', {});
    expect(statuses.at(-1)).toMatchObject({ openCase: { isDemo: true }, hosts: { total: 2, connected: 0, withErrors: 0 } });
  });

  it('asks for a case before answering case queries', async () => {
    const { api } = newWorkbench();
    await expect(api.call('hosts.list', {})).rejects.toMatchObject({ code: 'no_case_open', hint: 'Open the demo case or create a case first.' });
  });
});
