// Which of many literals occur in a string, in one pass over it (Aho–Corasick, compiled to a table).
// The rule index asks this of every event's paths and command lines, so it must cost a table lookup per
// character. It works on UTF-16 code units, exactly as String.prototype.includes does: a literal is
// reported wherever `text.includes(literal)` would be true. (Libraries we looked at match whole grapheme
// clusters, which would miss a literal that a regex finds inside a combined character.)

export class LiteralSet<T> {
  private readonly literals: { text: string; tag: T }[] = [];
  private compiled: Compiled<T> | null = null;
  /**
   * With ASCII case folding, as a (?i) regex without the u flag folds: an ASCII letter of a literal matches
   * either case, and only ASCII characters match it. Scanning then needs no lower-cased copy of the text.
   */
  private readonly foldAsciiCase: boolean;

  constructor(options: { foldAsciiCase?: boolean } = {}) {
    this.foldAsciiCase = options.foldAsciiCase ?? false;
  }

  add(text: string, tag: T): void {
    if (text === '') throw new Error('an empty literal occurs everywhere: leave it out of the index');
    this.literals.push({ text: this.foldAsciiCase ? text.replace(/[A-Z]/g, (letter) => letter.toLowerCase()) : text, tag });
    this.compiled = null;
  }

  get size(): number {
    return this.literals.length;
  }

  /** Calls `found` with the tag of every literal that occurs in `text` (once per literal and occurrence). */
  scan(text: string, found: (tag: T) => void): void {
    const { delta, columnOfAscii, columnOf, width, outputs } = (this.compiled ??= compile(this.literals, this.foldAsciiCase));
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const column = code < 128 ? (columnOfAscii[code] as number) : (columnOf.get(code) ?? -1);
      if (column < 0) {
        state = 0;
        continue;
      }
      state = delta[state * width + column] as number;
      const tags = outputs[state];
      if (tags !== undefined) for (let t = 0; t < tags.length; t++) found(tags[t] as T);
    }
  }
}

interface Compiled<T> {
  /** state × column → next state: the goto function with the failure links already followed. */
  delta: Int32Array;
  width: number;
  columnOfAscii: Int16Array;
  columnOf: Map<number, number>;
  /** The tags of the literals that end in each state (its own and those of its failure chain). */
  outputs: (T[] | undefined)[];
}

function compile<T>(literals: readonly { text: string; tag: T }[], foldAsciiCase: boolean): Compiled<T> {
  const columnOfAscii = new Int16Array(128).fill(-1);
  const columnOf = new Map<number, number>();
  let width = 0;
  const columnFor = (code: number): number => {
    const known = code < 128 ? (columnOfAscii[code] as number) : (columnOf.get(code) ?? -1);
    if (known >= 0) return known;
    if (code < 128) columnOfAscii[code] = width;
    else columnOf.set(code, width);
    return width++;
  };
  // The trie, with sparse edges while it grows.
  const edges: Map<number, number>[] = [new Map()];
  const own: (T[] | undefined)[] = [undefined];
  for (const { text, tag } of literals) {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const column = columnFor(text.charCodeAt(i));
      let next = edges[state]!.get(column);
      if (next === undefined) {
        next = edges.length;
        edges.push(new Map());
        own.push(undefined);
        edges[state]!.set(column, next);
      }
      state = next;
    }
    (own[state] ??= []).push(tag);
  }
  if (foldAsciiCase) {
    // Literals are in lower case: an upper-case letter of the text reads as its lower-case column.
    for (let upper = 65; upper <= 90; upper++) columnOfAscii[upper] = columnOfAscii[upper + 32] as number;
  }
  // Breadth first: each state's failure is the longest proper suffix that is also a trie path.
  const delta = new Int32Array(edges.length * width);
  const outputs: (T[] | undefined)[] = new Array(edges.length);
  const failure = new Int32Array(edges.length);
  const queue: number[] = [];
  for (let column = 0; column < width; column++) {
    const next = edges[0]!.get(column) ?? 0;
    delta[column] = next;
    if (next !== 0) queue.push(next);
  }
  outputs[0] = own[0];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number;
    const fail = failure[state] as number;
    const inherited = outputs[fail];
    const mine = own[state];
    outputs[state] = mine && inherited ? [...mine, ...inherited] : (mine ?? inherited);
    for (let column = 0; column < width; column++) {
      const next = edges[state]!.get(column);
      if (next === undefined) {
        delta[state * width + column] = delta[fail * width + column] as number;
      } else {
        failure[next] = delta[fail * width + column] as number;
        delta[state * width + column] = next;
        queue.push(next);
      }
    }
  }
  return { delta, width, columnOfAscii, columnOf, outputs };
}
