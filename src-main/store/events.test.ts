// The Events explorer's queries: time order both ways, keyset paging with a skip (a scrollbar jump), a
// count apart from the rows, and the facets the filters offer. Checked against a plain in-memory model
// of the same events, on a case big enough for the full-text search to change plans (over 5,000 matches).
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventCursor, EventOrder, EventRow } from '../../src-shared/api/domain.ts';
import { CaseStore, type EventSelection, type NewEvent } from './index.ts';

interface Model {
  id: number;
  hostId: number;
  tsNs: number;
  type: string;
  summary: string;
  executable: string;
}

const types = ['exec', 'open', 'connect', 'unlink'];
const words = ['curl', 'shadow', 'passwd', 'kworker', 'nginx', 'cron'];
const startNs = 1_795_000_000_000_000_000;

let dir: string;
let store: CaseStore;
let hostIds: number[];
let model: Model[];

/** Deterministic spread: some events share a timestamp, so ties must be broken by id. */
function makeEvents(hostId: number, hostIndex: number, count: number): NewEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i * 7 + hostIndex;
    const word = words[n % words.length]!;
    const other = words[(n * 5 + 1) % words.length]!;
    return {
      hostId,
      streamId: 'boot-1',
      seq: i + 1,
      tsNs: startNs + Math.floor(i / 3) * 1_000_000_000 + (hostIndex % 2) * 256, // three events per second and host
      type: types[n % types.length]!,
      pid: 100 + i,
      ppid: 1,
      uid: 0,
      comm: word,
      executable: `/usr/bin/${word}`,
      summary: i % 3 === 0 ? `/etc/${other} read by ${word}` : `${word} --flag ${i}`,
      raw: JSON.stringify({ seq: i + 1, type: types[n % types.length], process: { pid: 100 + i, file: { path: `/usr/bin/${word}` } } }),
    };
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wb-events-'));
  store = CaseStore.create(join(dir, 'q.wbcase'), 'Q', 0);
  hostIds = ['web-01', 'web-02', 'db-01'].map((name) => store.addHost({ name }, 0));
  hostIds.forEach((id, index) => store.insertEvents(makeEvents(id, index, 4000)));
  // the model: every stored event, read back once through the plain newest-first pager
  model = [];
  let page = store.queryEvents({ limit: 1000, count: false });
  for (;;) {
    model.push(...page.rows.map((r) => ({ id: r.id, hostId: r.hostId, tsNs: r.tsNs, type: r.type, summary: r.summary, executable: r.executable })));
    if (!page.next) break;
    page = store.queryEvents({ limit: 1000, count: false, before: page.next });
  }
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function matches(event: Model, selection: EventSelection): boolean {
  if (selection.hostIds?.length && !selection.hostIds.includes(event.hostId)) return false;
  if (selection.types?.length && !selection.types.includes(event.type)) return false;
  if (selection.fromNs !== undefined && event.tsNs < selection.fromNs) return false;
  if (selection.toNs !== undefined && event.tsNs > selection.toNs) return false;
  if (selection.text) {
    const have = [...tokens(event.summary), ...tokens(event.executable)];
    if (!tokens(selection.text).every((word) => have.some((token) => token.startsWith(word)))) return false;
  }
  return true;
}

function compare(a: { tsNs: number; id: number }, b: { tsNs: number; id: number }): number {
  return a.tsNs === b.tsNs ? a.id - b.id : a.tsNs - b.tsNs;
}

function expected(selection: EventSelection, order: EventOrder): number[] {
  const sorted = model.filter((event) => matches(event, selection)).sort(compare);
  return (order === 'asc' ? sorted : sorted.reverse()).map((event) => event.id);
}

const ids = (rows: EventRow[]) => rows.map((row) => row.id);

describe('event queries', () => {
  it('pages oldest first with `after` as it pages newest first with `before`, ties broken by id', () => {
    expect(model).toHaveLength(12_000);
    const newestFirst = model.map((event) => event.id);
    const oldestFirst: number[] = [];
    let page = store.queryEvents({ limit: 700, order: 'asc' });
    expect(page.total).toBe(12_000);
    for (;;) {
      oldestFirst.push(...ids(page.rows));
      if (!page.next) break;
      page = store.queryEvents({ limit: 700, order: 'asc', after: page.next });
    }
    expect(oldestFirst).toEqual([...newestFirst].reverse());
    expect(new Set(oldestFirst).size).toBe(12_000);
    // equal timestamps exist, and newest first puts the higher id first among them
    const tied = model.findIndex((event, i) => i > 0 && event.tsNs === model[i - 1]!.tsNs);
    expect(tied).toBeGreaterThan(0);
    expect(model[tied - 1]!.id).toBeGreaterThan(model[tied]!.id);
  });

  it('lands a scrollbar jump (cursor + skip) on the same rows as reading every page up to it', () => {
    fc.assert(
      fc.property(
        fc.record({
          hosts: fc.subarray(hostIds),
          types: fc.subarray(types),
          text: fc.option(fc.constantFrom(...words, 'etc', 'flag', 'etc passwd', 'c', 'nothing-here'), { nil: undefined }),
          from: fc.option(fc.integer({ min: 0, max: 1400 }), { nil: undefined }),
          order: fc.constantFrom<EventOrder>('desc', 'asc'),
          anchor: fc.integer({ min: 0, max: 3000 }),
          skip: fc.integer({ min: 0, max: 6000 }),
          limit: fc.integer({ min: 1, max: 200 }),
        }),
        ({ hosts, types: chosenTypes, text, from, order, anchor, skip, limit }) => {
          const selection: EventSelection = { hostIds: hosts, types: chosenTypes, text, fromNs: from === undefined ? undefined : startNs + from * 1e9 };
          const all = expected(selection, order);
          expect(store.countEvents(selection)).toEqual({ total: all.length, capped: false });
          // from the start
          const first = store.queryEvents({ ...selection, order, skip, limit, count: false });
          expect(ids(first.rows)).toEqual(all.slice(skip, skip + limit));
          expect(first.total).toBeNull();
          expect(first.next !== null).toBe(skip + limit < all.length);
          // from a cursor somewhere in the list
          if (anchor >= all.length) return;
          const row = model.find((event) => event.id === all[anchor])!;
          const cursor: EventCursor = { tsNs: row.tsNs, id: row.id };
          const page = store.queryEvents({ ...selection, order, limit, skip, count: false, ...(order === 'desc' ? { before: cursor } : { after: cursor }) });
          expect(ids(page.rows)).toEqual(all.slice(anchor + 1 + skip, anchor + 1 + skip + limit));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('finds where a row sits in a filtered list, either way round, and fetches it by id', () => {
    fc.assert(
      fc.property(fc.subarray(types, { minLength: 1 }), fc.constantFrom(undefined, 'flag', 'etc'), fc.nat(), (chosenTypes, text, pick) => {
        const selection: EventSelection = { types: chosenTypes, text };
        const newestFirst = expected(selection, 'desc');
        const id = newestFirst[pick % newestFirst.length]!;
        const event = store.getEvent(id)!;
        expect(event.id).toBe(id);
        const cursor = { tsNs: event.tsNs, id };
        // newest first, a row's index is how many rows are newer; oldest first, how many are older
        expect(store.countEvents({ ...selection, after: cursor }).total).toBe(newestFirst.indexOf(id));
        expect(store.countEvents({ ...selection, before: cursor }).total).toBe(expected(selection, 'asc').indexOf(id));
      }),
      { numRuns: 40 },
    );
    expect(store.getEvent(987_654_321)).toBeNull();
  });

  it('takes both bounds at once: the rows strictly between two cursors', () => {
    const [newer, older] = [model[100]!, model[160]!];
    const page = store.queryEvents({ limit: 1000, before: newer, after: older });
    expect(ids(page.rows)).toEqual(model.slice(101, 160).map((event) => event.id));
  });

  it('counts up to a cap and says when it stopped there', () => {
    expect(store.countEvents({ types: ['exec'] }, 100)).toEqual({ total: 100, capped: true });
    expect(store.countEvents({ text: 'curl' }, 10)).toEqual({ total: 10, capped: true });
    const exec = expected({ types: ['exec'] }, 'desc').length;
    expect(store.countEvents({ types: ['exec'] }, exec)).toEqual({ total: exec, capped: false });
  });

  it('offers the types present and the time span of the case, and nothing for an empty case', () => {
    expect(store.eventFacets()).toEqual({
      types: ['connect', 'exec', 'open', 'unlink'],
      oldestNs: Math.min(...model.map((event) => event.tsNs)),
      newestNs: Math.max(...model.map((event) => event.tsNs)),
    });
    const empty = CaseStore.create(join(dir, 'empty.wbcase'), 'Empty', 0);
    expect(empty.eventFacets()).toEqual({ types: [], oldestNs: null, newestNs: null });
    expect(empty.queryEvents({ limit: 10 })).toEqual({ rows: [], next: null, total: 0 });
    empty.close();
  });
});
