// The signals explorer's calls through the Workbench API on the demo case: facets named with ATT&CK,
// bulk triage checked at the boundary, saved views in the case, and the list as older callers call it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { parseAttackCatalogue } from './detect/index.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import { Workbench } from './workbench.ts';

let workbench: Workbench;
let api: ReturnType<typeof inProcessApi>;

beforeAll(async () => {
  workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir: mkdtempSync(join(tmpdir(), 'wb-explorer-api-')) }, secrets: new MemorySecretStore() });
  api = inProcessApi(workbench.handlers());
  await api.call('cases.openDemo', {});
});
afterAll(() => workbench?.close());

describe('the signals explorer API', () => {
  it('lists as before for callers that pass no sort, and counts what it lists', async () => {
    const list = await api.call('signals.list', {});
    expect(list.map((s) => s.lastTsNs)).toEqual([...list.map((s) => s.lastTsNs)].sort((a, b) => b - a));
    expect(await api.call('signals.count', {})).toEqual({ total: list.length });
    const page = await api.call('signals.list', { sort: 'severity', limit: 5 });
    expect(page[0]!.rule.severity).toBe('critical');
  });

  it('names the ATT&CK techniques and tactics of the facets from the bundled catalogue', async () => {
    const facets = await api.call('signals.facets', { statuses: ['open'] });
    const catalogue = parseAttackCatalogue(JSON.parse(readFileSync(join(nodePaths({}).resourcesDir, 'attack', 'enterprise-attack.json'), 'utf8')));
    expect(facets.techniques.length).toBeGreaterThan(3);
    for (const { value } of facets.techniques) expect(facets.attackNames[value]).toBe(catalogue.techniqueName(value));
    const list = await api.call('signals.list', { limit: 1000 });
    for (const tactic of new Set(list.map((s) => s.rule.tactic!))) expect(facets.attackNames[tactic]).toBe(catalogue.tacticName(tactic));
  });

  it('refuses a bulk change that names no signals, both ways, or nothing to change', async () => {
    await expect(api.call('signals.bulkUpdate', { status: 'archived' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(api.call('signals.bulkUpdate', { ids: [1], matching: {}, status: 'archived' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(api.call('signals.bulkUpdate', { ids: [1] })).rejects.toMatchObject({ code: 'invalid_input' });
    const before = await api.call('signals.count', { statuses: ['open'] });
    const result = await api.call('signals.bulkUpdate', { matching: { statuses: ['open'], severities: ['critical'] }, status: 'under_review', assignee: 'dana' });
    expect(await api.call('signals.count', { statuses: ['open'] })).toEqual({ total: before.total - result.updated });
    expect(result.updated).toBeGreaterThan(0);
  });

  it('saves, lists and removes views in the open case', async () => {
    const saved = await api.call('views.save', { page: 'signals', name: ' Critical on web-01 ', query: 'severity=critical&host=1' });
    expect(saved.name).toBe('Critical on web-01');
    expect(await api.call('views.list', { page: 'signals' })).toEqual([saved]);
    await expect(api.call('views.save', { page: 'signals', name: '  ', query: '' })).rejects.toMatchObject({ code: 'invalid_input' });
    await api.call('views.remove', { id: saved.id });
    expect(await api.call('views.list', { page: 'signals' })).toEqual([]);
  });
});
