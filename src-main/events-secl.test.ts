// SECL queries over a case through the Workbench API (events.query / events.count with `secl`), on the
// bundled demo recording (real sensor output: a web shell on web-01, routine work on db-01). What a query
// must return is computed apart from the query path: every stored event read as a retro-hunt reads it
// (EventHunt, with its lineage) and tested by the engine's RuleSet, as detection tests it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput } from '../src-shared/api/contract.ts';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import type { EventCursor, EventPage, EventRow } from '../src-shared/api/domain.ts';
import { compileRule, RuleSet } from '../src-shared/secl/index.ts';
import { seclEventCount, seclEventPage } from './detect/index.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import type { CaseStore } from './store/index.ts';
import { Workbench } from './workbench.ts';

let workbench: Workbench;
let api: ReturnType<typeof inProcessApi>;
let store: CaseStore;

beforeAll(async () => {
  workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir: mkdtempSync(join(tmpdir(), 'wb-secl-')) }, secrets: new MemorySecretStore() });
  api = inProcessApi(workbench.handlers());
  await api.call('cases.openDemo', {});
  store = workbench.requireCase();
});
afterAll(() => workbench?.close());

/** The events an expression matches, newest first: stored events with their lineage, through a RuleSet. */
function expected(expression: string, keep: (row: EventRow) => boolean = () => true): number[] {
  const outcome = compileRule({ id: 'expected', expression }, { allowAnyEventType: true });
  if (!outcome.ok) throw new Error(outcome.errors[0]!.message);
  const rules = new RuleSet([outcome.rule]);
  const ids: number[] = [];
  const hunt = store.hunt({});
  for (let chunk = hunt.next(500); chunk.length > 0; chunk = hunt.next(500)) {
    for (const hunted of chunk) if (rules.match(hunted.event).length > 0 && keep(store.getEvent(hunted.eventId)!)) ids.push(hunted.eventId);
  }
  return ids.reverse();
}

const webShell = 'exec.file.name in ["sh", "bash", "dash"] && process.parent.file.name == "php-fpm8.2"';

describe('SECL queries over a case', () => {
  it('returns exactly the events the engine matches, with process.parent from the stored lineage', async () => {
    const page = await api.call('events.query', { secl: webShell, limit: 100 });
    const want = expected(webShell);
    expect(want.length).toBeGreaterThan(1);
    expect(page.rows.map((row) => row.id)).toEqual(want);
    // the shells PHP started: what the recording shows, with the command lines the sensor saw
    expect(page.rows.every((row) => row.type === 'exec' && row.hostName === 'web-01')).toBe(true);
    expect(page.rows.map((row) => row.summary)).toContain('sh -c id; uname -a');
    expect(page.total).toBe(want.length);
    expect(await api.call('events.count', { secl: webShell })).toMatchObject({ total: want.length, capped: false, scan: { resume: null } });
    // the rows are the stored events, not the enriched ones the expression was tested on
    expect((page.rows[0]!.raw['process'] as Record<string, unknown>)['parent']).toBeUndefined();
  });

  it('applies an expression without event-specific fields to every event type', async () => {
    const expression = 'process.user == "www-data" && process.ancestors.file.name == "php-fpm8.2"';
    const page = await api.call('events.query', { secl: expression, limit: 1000, order: 'asc' });
    const want = expected(expression).reverse();
    expect(page.rows.map((row) => row.id)).toEqual(want);
    expect(new Set(page.rows.map((row) => row.type)).size).toBeGreaterThan(3);
  });

  it('combines with the other filters: host, type, time and text', async () => {
    const web01 = store.listHosts().find((host) => host.name === 'web-01')!.id;
    const expression = 'process.uid == 33';
    const input = { secl: expression, hostIds: [web01], types: ['open', 'connect'], text: 'tmp' };
    const page = await api.call('events.query', { ...input, limit: 1000 });
    const plain = new Set(store.queryEvents({ hostIds: [web01], types: ['open', 'connect'], text: 'tmp', limit: 1000, count: false }).rows.map((row) => row.id));
    expect(page.rows.map((row) => row.id)).toEqual(expected(expression, (row) => plain.has(row.id)));
    expect(page.rows.length).toBeGreaterThan(0);
    const [first, last] = [page.rows.at(-1)!, page.rows[0]!];
    // times are past 2^53: a step of a microsecond is one a double can hold
    const fromNs = first.tsNs + 1000;
    const timed = await api.call('events.query', { ...input, fromNs, toNs: last.tsNs, limit: 1000 });
    expect(timed.rows.map((row) => row.id)).toEqual(page.rows.filter((row) => row.tsNs >= fromNs && row.tsNs <= last.tsNs).map((row) => row.id));
    expect(timed.rows.length).toBeLessThan(page.rows.length);
  });

  it('finds nothing, quickly and plainly, when nothing matches or the Type filter excludes the expression’s type', async () => {
    expect(await api.call('events.query', { secl: 'process.file.path == "/no/such/program"', limit: 50 })).toMatchObject({ rows: [], next: null, total: 0 });
    expect((await api.call('events.count', { secl: 'process.file.path == "/no/such/program"' })).total).toBe(0);
    const excluded = await api.call('events.query', { secl: 'exec.file.name == "dash"', types: ['open'], limit: 50 });
    expect(excluded).toMatchObject({ rows: [], total: 0, scan: { scanned: 0 } });
  });

  it('pages with cursors and skips like the plain explorer, both ways', async () => {
    const expression = 'process.user == "www-data"';
    const want = expected(expression);
    expect(want.length).toBeGreaterThan(10);
    for (const order of ['desc', 'asc'] as const) {
      const ids: number[] = [];
      let cursor: EventCursor | null = null;
      do {
        const page: EventPage = await api.call('events.query', { secl: expression, order, limit: 4, ...(cursor ? (order === 'desc' ? { before: cursor } : { after: cursor }) : {}) });
        ids.push(...page.rows.map((row) => row.id));
        cursor = page.next;
      } while (cursor);
      expect(ids).toEqual(order === 'desc' ? want : [...want].reverse());
    }
    const jumped = await api.call('events.query', { secl: expression, skip: 7, limit: 3 });
    expect(jumped.rows.map((row) => row.id)).toEqual(want.slice(7, 10));
    // where a row sits in the list: the matches before it
    const row = store.getEvent(want[5]!)!;
    expect((await api.call('events.count', { secl: expression, after: { tsNs: row.tsNs, id: row.id } })).total).toBe(5);
    expect(await api.call('events.count', { secl: expression, cap: 3 })).toMatchObject({ total: 3, capped: true });
  });

  it('answers each call within its budget and says where to go on; going on gives the whole answer', () => {
    const expression = 'process.user == "www-data"';
    const want = expected(expression);
    const budget = { maxScanned: 7 };
    // a page asked of a scan cut short every 7 events, continued as the renderer continues it
    let request: CallInput<'events.query'> & { secl: string } = { secl: expression, skip: 3, limit: 9 };
    const rows: number[] = [];
    let calls = 0;
    for (;;) {
      const page = seclEventPage(store, { ...request, limit: request.limit ?? 200, order: 'desc' }, budget);
      calls++;
      expect(page.scan!.scanned).toBeLessThanOrEqual(7);
      rows.push(...page.rows.map((r) => r.id));
      if (!page.scan!.resume) break;
      request = { ...request, ...page.scan!.resume, skip: (request.skip ?? 0) - page.scan!.skipped, limit: (request.limit ?? 200) - page.rows.length };
    }
    expect(calls).toBeGreaterThan(3);
    expect(rows).toEqual(want.slice(3, 12));

    let total = 0;
    let bounds = {};
    for (calls = 0; ; calls++) {
      const count = seclEventCount(store, { secl: expression, ...bounds }, budget);
      if (calls === 0) expect(count.scan!.candidates).toBe(store.countEvents({}).total);
      total += count.total;
      if (!count.scan!.resume) break;
      bounds = count.scan!.resume;
    }
    expect(calls).toBeGreaterThan(5);
    expect(total).toBe(want.length);
  });

  it('refuses an expression that does not check, saying what is wrong, where, and what was meant', async () => {
    await expect(api.call('events.query', { secl: 'process.file.pth == "/usr/bin/dash"', limit: 10 })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('unknown field process.file.pth: did you mean process.file.path? at 1:1'),
    });
    await expect(api.call('events.count', { secl: 'exec.file.name == ' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining("expected a value after '=='") });
    await expect(api.call('events.query', { secl: 'exec.file.name == 3', limit: 10 })).rejects.toMatchObject({ message: expect.stringContaining('cannot compare exec.file.name (a string) with 3') });
    await expect(api.call('events.query', { secl: 'exec.file.name == "a" && open.file.path == "b"', limit: 10 })).rejects.toMatchObject({ message: expect.stringContaining('mixes fields of exec') });
  });
});
