// Rows of a server-side list far too long to hold (a million events), loaded in blocks as they scroll
// into view. Blocks are fetched by keyset: "the rows past this row's place", from the nearest block
// already loaded (forwards from one before, backwards from one after), so scrolling reads each row once.
// A scrollbar jump asks the server to pass over the rows in between (skip) instead of sending them, from
// whichever is nearer: a loaded block, the start, or the end. The count comes after the first rows, so
// they never wait for it.

export interface KeysetPageRequest<C> {
  /** Start right past this row's place in the list; null: from the start (or, backward, the end). */
  after: C | null;
  /** Rows to pass over before the page. */
  skip: number;
  limit: number;
  /** Read the list in reverse (towards its start): rows come back last first. */
  backward: boolean;
}

export interface KeysetSource<T, C> {
  /** Names the list (its filters and order): when it changes, everything loaded is dropped. */
  key: string;
  /** Changes when the data under the list changes (a live capture): rows and count reload in place. */
  version: string | number;
  /** False while the list cannot be asked for yet. */
  enabled: boolean;
  fetchPage(request: KeysetPageRequest<C>): Promise<T[]>;
  fetchCount(): Promise<{ total: number; capped: boolean }>;
  cursorOf(row: T): C;
}

export interface KeysetRows<T> {
  /** The row at a position, or undefined while it loads. A new function whenever rows arrive. */
  rowAt(index: number): T | undefined;
  /** Rows the scrollbar spans: the count once known, before that what the first block tells. */
  rowCount: number;
  /** The count of the whole list, once it came back. */
  total: number | null;
  capped: boolean;
  /** Nothing to show yet for this list. */
  loading: boolean;
  error: Error | undefined;
  /** Tell which rows are on screen; the blocks around them load. */
  setRange(first: number, last: number): void;
}

export const blockSize = 100;
/** Blocks kept around the rows on screen (20,000 rows); farther ones are dropped and fetched again if needed. */
const maxBlocks = 200;
const maxInFlight = 4;
/** Coalesces the ranges a dragged scrollbar passes through into one request for where it stops. */
const settleMs = 40;

function toError(failure: unknown): Error {
  return failure instanceof Error ? failure : new Error(String(failure));
}

/** The loaded blocks of one list, outside React; useKeysetRows subscribes to it. */
export class KeysetLoader<T, C> {
  private source: KeysetSource<T, C> | null = null;
  private generation = 0;
  private loadedVersion: string | number | undefined;
  private countWanted = false;
  private blocks = new Map<number, T[]>();
  /** What was loaded before the data changed, shown until the fresh rows arrive. */
  private stale = new Map<number, T[]>();
  private inFlight = new Set<number>();
  private total: number | null = null;
  private capped = false;
  private error: Error | undefined;
  private range: [number, number] = [0, 0];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<() => void>();
  private snapshot: KeysetRows<T>;

  constructor() {
    this.snapshot = this.makeSnapshot();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): KeysetRows<T> => this.snapshot;

  setRange = (first: number, last: number): void => {
    if (this.range[0] === first && this.range[1] === last) return;
    this.range = [first, last];
    this.schedule(settleMs);
  };

  setSource(source: KeysetSource<T, C>): void {
    this.source = source;
  }

  /** New data under the same list: reload in place, unless this version is the one loaded. */
  refresh(): void {
    if (this.source && this.source.version !== this.loadedVersion) this.reload(true);
  }

  /** A new list (keepRows false) or new data under the same list (keepRows true). */
  reload(keepRows: boolean): void {
    this.loadedVersion = this.source?.version;
    this.generation += 1;
    this.stale = keepRows ? this.trimmed(new Map([...this.stale, ...this.blocks])) : new Map();
    this.blocks = new Map();
    this.inFlight = new Set();
    if (!keepRows) {
      this.total = null;
      this.capped = false;
      this.error = undefined;
    }
    this.changed();
    if (!this.source?.enabled) return;
    // the count waits for the first rows: a server answers in order, and rows are what a person waits for
    this.countWanted = true;
    this.pump();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.generation += 1;
  }

  private changed(): void {
    this.snapshot = this.makeSnapshot();
    for (const listener of this.listeners) listener();
  }

  private makeSnapshot(): KeysetRows<T> {
    const blocks = this.blocks;
    const stale = this.stale;
    const rowAt = (index: number): T | undefined => {
      const block = Math.floor(index / blockSize);
      return (blocks.get(block) ?? stale.get(block))?.[index % blockSize];
    };
    const first = blocks.get(0) ?? stale.get(0);
    const rowCount = this.total ?? (first ? (first.length === blockSize ? 2 * blockSize : first.length) : 0);
    return { rowAt, rowCount, total: this.total, capped: this.capped, loading: first === undefined && this.error === undefined, error: this.error, setRange: this.setRange };
  }

  /** The blocks nearest the rows on screen, at most maxBlocks of them (the first block always stays). */
  private trimmed(blocks: Map<number, T[]>): Map<number, T[]> {
    if (blocks.size <= maxBlocks) return blocks;
    const middle = (this.range[0] + this.range[1]) / 2 / blockSize;
    const kept = [...blocks.keys()].sort((a, b) => (a === 0 ? -1 : b === 0 ? 1 : Math.abs(a - middle) - Math.abs(b - middle))).slice(0, maxBlocks);
    return new Map(kept.map((block) => [block, blocks.get(block)!]));
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), delay);
  }

  private pump(): void {
    if (!this.source?.enabled) return;
    const [first, last] = this.range;
    const end = this.total ?? Number.POSITIVE_INFINITY;
    const exists = (block: number) => block >= 0 && (block === 0 || block * blockSize < end);
    const missing = (block: number) => exists(block) && !this.blocks.has(block) && !this.inFlight.has(block);
    const firstBlock = Math.floor(first / blockSize);
    const lastBlock = Math.floor(last / blockSize);
    // what is on screen first, one at a time when far from anything loaded (the next one then starts
    // from it, with nothing to skip); a block of margin each way once the screen is full
    const onScreen: number[] = [];
    for (let block = firstBlock; block <= lastBlock; block++) if (exists(block)) onScreen.push(block);
    const pendingOnScreen = onScreen.filter((block) => !this.blocks.has(block));
    const wanted = pendingOnScreen.length > 0 ? pendingOnScreen : [firstBlock - 1, lastBlock + 1];
    if (!this.blocks.has(0) && !this.inFlight.has(0)) wanted.unshift(0); // the first block hints at the count
    for (const block of wanted) {
      if (this.inFlight.size >= maxInFlight) break;
      if (!missing(block)) continue;
      const request = this.requestFor(block, this.source);
      // far from anything loaded: wait for the block in flight, which will be a closer anchor
      if (request.skip > 0 && this.inFlight.size > 0) break;
      this.requestBlock(block, this.source);
    }
  }

  /**
   * The cheapest way to a block: from the nearest full block before it (forward), from the nearest
   * block after it (backward), or from the end of the list when its length is known; the fewest rows
   * passed over wins. Scrolling reads each block next to one already loaded, with nothing to skip.
   */
  private requestFor(block: number, source: KeysetSource<T, C>): KeysetPageRequest<C> {
    const start = block * blockSize;
    let best: KeysetPageRequest<C> = { after: null, skip: start, limit: blockSize, backward: false };
    for (let j = block - 1; j >= 0; j--) {
      const rows = this.blocks.get(j);
      if (rows?.length === blockSize) {
        best = { after: source.cursorOf(rows[blockSize - 1]!), skip: start - (j + 1) * blockSize, limit: blockSize, backward: false };
        break;
      }
    }
    const knownEnd = this.total !== null && !this.capped ? this.total : null;
    const end = Math.min(start + blockSize, knownEnd ?? Number.POSITIVE_INFINITY);
    for (const [j, rows] of this.blocks) {
      if (j <= block || rows.length === 0) continue;
      const skip = j * blockSize - end;
      if (skip < best.skip) best = { after: source.cursorOf(rows[0]!), skip, limit: end - start, backward: true };
    }
    if (knownEnd !== null && start < knownEnd && knownEnd - end < best.skip) {
      best = { after: null, skip: knownEnd - end, limit: end - start, backward: true };
    }
    return best;
  }

  private requestBlock(block: number, source: KeysetSource<T, C>): void {
    const generation = this.generation;
    const start = block * blockSize;
    const request = this.requestFor(block, source);
    this.inFlight.add(block);
    source.fetchPage(request).then(
      (rows) => {
        if (this.generation !== generation) return;
        this.inFlight.delete(block);
        this.blocks.set(block, request.backward ? [...rows].reverse() : rows);
        this.blocks = this.trimmed(this.blocks);
        // a short block going forward is the end of the list: its length is known, whatever was counted
        if (!request.backward && rows.length < blockSize) {
          this.total = start + rows.length;
          this.capped = false;
        }
        this.error = undefined;
        this.changed();
        this.askCount();
        this.schedule(0);
      },
      (failure: unknown) => {
        if (this.generation !== generation) return;
        this.inFlight.delete(block);
        this.error = toError(failure);
        this.changed();
        this.askCount();
      },
    );
  }

  private askCount(): void {
    if (!this.countWanted) return;
    this.countWanted = false;
    this.refreshCount();
  }

  private refreshCount(): void {
    const generation = this.generation;
    this.source?.fetchCount().then(
      (count) => {
        if (this.generation !== generation) return;
        this.total = count.total;
        this.capped = count.capped;
        this.changed();
        this.schedule(0);
      },
      (failure: unknown) => {
        if (this.generation !== generation) return;
        this.error = toError(failure);
        this.changed();
      },
    );
  }
}

