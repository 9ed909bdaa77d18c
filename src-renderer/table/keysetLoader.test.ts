// The block loader against an in-memory list that answers like the server: keyset pages either way,
// with a skip. Whatever the scrolling, a row shown at a place is the row at that place.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { blockSize, KeysetLoader, type KeysetPageRequest, type KeysetSource } from './keysetLoader.ts';

/** A list of distinct numbers in ascending order; a number is its own cursor. */
function listSource(list: () => number[], options: { version?: number; countNever?: boolean } = {}) {
  const requests: KeysetPageRequest<number>[] = [];
  const source: KeysetSource<number, number> = {
    key: 'list',
    version: options.version ?? 0,
    enabled: true,
    cursorOf: (row) => row,
    fetchPage: async (request) => {
      requests.push(request);
      const rows = list();
      const ordered = request.backward ? [...rows].reverse() : rows;
      const past = request.after === null ? ordered : ordered.filter((row) => (request.backward ? row < request.after! : row > request.after!));
      return past.slice(request.skip, request.skip + request.limit);
    },
    fetchCount: () => (options.countNever ? new Promise(() => {}) : Promise.resolve({ total: list().length, capped: false })),
  };
  return { source, requests };
}

function start(source: KeysetSource<number, number>): KeysetLoader<number, number> {
  const loader = new KeysetLoader<number, number>();
  loader.setSource(source);
  loader.reload(false);
  return loader;
}

async function show(loader: KeysetLoader<number, number>, first: number, last: number): Promise<void> {
  loader.getSnapshot().setRange(first, last);
  await vi.runAllTimersAsync();
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('rows loaded in blocks as they scroll in', () => {
  it('shows at every place the row that is there, however the list is scrolled or jumped through', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3000 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 60 })), { minLength: 1, maxLength: 12 }),
        async (size, views) => {
          const list = Array.from({ length: size }, (_, i) => i * 3 + 1);
          const { source, requests } = listSource(() => list);
          const loader = start(source);
          await vi.runAllTimersAsync();
          expect(loader.getSnapshot().rowCount).toBe(size);
          for (const [where, height] of views) {
            const first = Math.floor(where * Math.max(0, size - 1));
            const last = Math.min(size - 1, first + height);
            await show(loader, first, last);
            const { rowAt } = loader.getSnapshot();
            for (let index = first; index <= last; index++) expect(rowAt(index)).toBe(list[index]);
          }
          for (const request of requests) expect(request.skip).toBeLessThanOrEqual(size);
          loader.dispose();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('passes over nothing while scrolling next to loaded rows, up or down, after a jump', async () => {
    const list = Array.from({ length: 100_000 }, (_, i) => i);
    const { source, requests } = listSource(() => list);
    const loader = start(source);
    await vi.runAllTimersAsync();
    const before = requests.length;
    await show(loader, 50_000, 50_030); // the jump: from the start or the end, whichever is nearer
    const jump = requests.length;
    expect(requests[before]!.skip).toBeGreaterThan(40_000);
    for (let step = 1; step <= 5; step++) {
      await show(loader, 50_000 + step * blockSize, 50_030 + step * blockSize);
      await show(loader, 50_000 - step * blockSize, 50_030 - step * blockSize);
    }
    expect(requests.length).toBeGreaterThan(jump);
    expect(requests.slice(jump).map((r) => r.skip)).toEqual(requests.slice(jump).map(() => 0));
    expect(requests.slice(jump).some((r) => r.backward)).toBe(true);
    expect(loader.getSnapshot().rowAt(49_500)).toBe(49_500);
  });

  it('asks for the count only once the first rows are in', async () => {
    const list = Array.from({ length: 500 }, (_, i) => i);
    const { source, requests } = listSource(() => list);
    const count = vi.spyOn(source, 'fetchCount');
    const loader = new KeysetLoader<number, number>();
    loader.setSource(source);
    loader.reload(false);
    expect(requests).toHaveLength(1);
    expect(count).not.toHaveBeenCalled();
    await vi.runAllTimersAsync();
    expect(count).toHaveBeenCalledTimes(1);
    expect(loader.getSnapshot().total).toBe(500);
  });

  it('learns where the list ends from a short block when no count comes', async () => {
    const list = Array.from({ length: 250 }, (_, i) => i);
    const loader = start(listSource(() => list, { countNever: true }).source);
    await vi.runAllTimersAsync();
    expect(loader.getSnapshot().rowCount).toBe(2 * blockSize); // full blocks so far: maybe more
    await show(loader, 150, 190);
    expect(loader.getSnapshot().rowCount).toBe(250);
    expect(loader.getSnapshot().rowAt(249)).toBe(249);
  });

  it('reloads in place when the data changes, showing the old rows until the new ones come', async () => {
    let list = Array.from({ length: 1000 }, (_, i) => 100 + i);
    const { source } = listSource(() => list);
    const loader = start(source);
    await vi.runAllTimersAsync();
    await show(loader, 400, 430);
    list = [...Array.from({ length: 10 }, (_, i) => i), ...list]; // ten new rows at the top
    loader.setSource({ ...source, version: 1 });
    loader.refresh();
    expect(loader.getSnapshot().rowAt(420)).toBe(520); // still the old row, not a gap
    await vi.runAllTimersAsync();
    expect(loader.getSnapshot().rowAt(420)).toBe(list[420]);
    expect(loader.getSnapshot().rowCount).toBe(1010);
  });

  it('keeps the blocks around the screen, not every block ever scrolled past', async () => {
    const list = Array.from({ length: 40_000 }, (_, i) => i);
    const loader = start(listSource(() => list).source);
    await vi.runAllTimersAsync();
    for (let first = 0; first < 30_000; first += blockSize) await show(loader, first, first + 30);
    const { rowAt } = loader.getSnapshot();
    const held = Array.from({ length: 400 }, (_, block) => block).filter((block) => rowAt(block * blockSize) !== undefined);
    expect(held.length).toBeLessThanOrEqual(200);
    expect(held).toContain(0);
    expect(held).toContain(299);
    expect(held).not.toContain(50);
  });

  it('drops the answers to a list that was left', async () => {
    const { source } = listSource(() => [1, 2, 3]);
    const loader = start(source);
    loader.setSource({ ...source, key: 'other', fetchPage: async () => [7, 8], fetchCount: async () => ({ total: 2, capped: false }) });
    loader.reload(false);
    await vi.runAllTimersAsync();
    expect(loader.getSnapshot().rowAt(0)).toBe(7);
    expect(loader.getSnapshot().rowCount).toBe(2);
  });
});
