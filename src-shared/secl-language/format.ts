// Formatting: one space around binary operators, none inside brackets or after a unary operator, and a
// chain of && / || that does not fit on a line broken one condition per line, operator first (as the
// bundled packs are written), parentheses opened onto their own lines when their chain is long too.
// Only whitespace changes: the tokens are the same before and after (checked, or the text is left as
// it was), so the meaning cannot change, and formatting the result again changes nothing. A text that
// does not parse, or has comments, is left alone.
import type { FormatOptions } from '../language-service/types.ts';
import { parseSecl } from '../secl/index.ts';
import { lexAll, type LexToken } from './lex.ts';

type Item = { kind: 'token'; token: LexToken } | { kind: 'group'; open: LexToken; items: Item[]; close: LexToken };

const logicWords = new Set(['&&', '||', 'and', 'or']);
const keywordWords = new Set(['and', 'or', 'not', 'in', 'allin']);

function build(tokens: readonly LexToken[]): Item[] {
  const root: Item[] = [];
  const stack: { open: LexToken; items: Item[] }[] = [];
  const current = () => (stack.length > 0 ? (stack[stack.length - 1] as { items: Item[] }).items : root);
  for (const token of tokens) {
    if (token.type === 'op' && (token.text === '(' || token.text === '[')) stack.push({ open: token, items: [] });
    else if (token.type === 'op' && (token.text === ')' || token.text === ']')) {
      const group = stack.pop();
      if (!group) throw new Error('unbalanced');
      current().push({ kind: 'group', open: group.open, items: group.items, close: token });
    } else current().push({ kind: 'token', token });
  }
  if (stack.length > 0) throw new Error('unbalanced');
  return root;
}

function firstToken(item: Item): LexToken {
  return item.kind === 'token' ? item.token : item.open;
}

/** Whether a token ends an operand, so that a following '-' or '^' is binary. */
function endsOperand(token: LexToken | undefined): boolean {
  if (!token) return false;
  if (token.type === 'op') return token.text === ')' || token.text === ']';
  if (token.type === 'ident') return !keywordWords.has(token.text);
  return true;
}

function isUnary(token: LexToken, previous: LexToken | undefined): boolean {
  if (token.type !== 'op') return false;
  if (token.text === '!') return true;
  return (token.text === '-' || token.text === '^') && !endsOperand(previous);
}

/** The separator between two neighbouring tokens. */
function gap(previous: LexToken | undefined, beforePrevious: LexToken | undefined, next: LexToken): string {
  if (!previous) return '';
  if (previous.type === 'op' && (previous.text === '(' || previous.text === '[')) return '';
  if (next.type === 'op' && (next.text === ')' || next.text === ']' || next.text === ',')) return '';
  // No space after a unary operator, unless it would glue onto what follows (! ~"x" is not !~ "x").
  if (isUnary(previous, beforePrevious) && !/^[~=!&|]/.test(next.text)) return '';
  return ' ';
}

function split(items: readonly Item[]): { op: LexToken | null; items: Item[] }[] {
  const out: { op: LexToken | null; items: Item[] }[] = [{ op: null, items: [] }];
  for (const item of items) {
    if (item.kind === 'token' && logicWords.has(item.token.text) && (item.token.type === 'op' || item.token.type === 'ident')) out.push({ op: item.token, items: [] });
    else (out[out.length - 1] as { items: Item[] }).items.push(item);
  }
  return out;
}

class Formatter {
  private readonly max: number;
  private readonly step: string;
  /** The token before each token, across groups, for deciding unary operators. */
  private readonly previousOf = new Map<LexToken, LexToken | undefined>();

  constructor(tokens: readonly LexToken[], options: FormatOptions) {
    this.max = options.maxLineLength ?? 100;
    this.step = options.indent ?? '  ';
    tokens.forEach((token, i) => this.previousOf.set(token, tokens[i - 1]));
  }

  private sep(next: LexToken): string {
    const previous = this.previousOf.get(next);
    return gap(previous, previous ? this.previousOf.get(previous) : undefined, next);
  }

  /** A sequence on one line. */
  flat(items: readonly Item[]): string {
    let out = '';
    items.forEach((item, i) => {
      const text = item.kind === 'token' ? item.token.text : `${item.open.text}${this.flat(item.items)}${item.close.text}`;
      out += (i === 0 ? '' : this.sep(firstToken(item))) + text;
    });
    return out;
  }

  /** A chain at `indent`, its first line starting at `column`. */
  chain(items: readonly Item[], indent: string, column: number): string {
    const flat = this.flat(items);
    const segments = split(items);
    if (column + flat.length <= this.max && !flat.includes('\n')) return flat;
    if (segments.length === 1) return this.segment(items, indent, column);
    return segments
      .map((segment, i) => {
        if (i === 0) return this.segment(segment.items, indent, column);
        const prefix = `${(segment.op as LexToken).text} `;
        return `\n${indent}${prefix}${this.segment(segment.items, indent, indent.length + prefix.length)}`;
      })
      .join('');
  }

  /** One condition: on one line, or, when it is a long parenthesized chain (maybe negated), opened up. */
  private segment(items: readonly Item[], indent: string, column: number): string {
    const flat = this.flat(items);
    if (column + flat.length <= this.max) return flat;
    const last = items[items.length - 1];
    const head = items.slice(0, -1);
    const negations = head.every((item) => item.kind === 'token' && (item.token.text === '!' || item.token.text === 'not'));
    if (last?.kind === 'group' && last.open.text === '(' && negations && split(last.items).length > 1) {
      const prefix = head.length > 0 ? this.flat(head) + this.sep(last.open) : '';
      const inner = indent + this.step;
      return `${prefix}(\n${inner}${this.chain(last.items, inner, inner.length)}\n${indent})`;
    }
    return this.withLists(items, column);
  }

  /** A condition on one line, but for its long lists, which fill lines aligned under their first value. */
  private withLists(items: readonly Item[], column: number): string {
    let out = '';
    let col = column;
    items.forEach((item, i) => {
      const sep = i === 0 ? '' : this.sep(firstToken(item));
      out += sep;
      col += sep.length;
      const text = item.kind === 'group' && item.open.text === '[' && col + this.flat([item]).length > this.max ? this.fill(item, col) : this.flat([item]);
      out += text;
      const lastLine = text.lastIndexOf('\n');
      col = lastLine < 0 ? col + text.length : text.length - lastLine - 1;
    });
    return out;
  }

  private fill(list: Extract<Item, { kind: 'group' }>, column: number): string {
    const values: Item[][] = [[]];
    for (const item of list.items) {
      if (item.kind === 'token' && item.token.text === ',') values.push([]);
      else (values[values.length - 1] as Item[]).push(item);
    }
    const trailingComma = values.length > 1 && (values[values.length - 1] as Item[]).length === 0;
    if (trailingComma) values.pop();
    const align = ' '.repeat(column + 1);
    let out = list.open.text;
    let col = column + 1;
    values.forEach((value, i) => {
      const text = this.flat(value) + (i < values.length - 1 || trailingComma ? ',' : '');
      if (i > 0 && col + 1 + text.length > this.max) {
        out += `\n${align}`;
        col = align.length;
      } else if (i > 0) {
        out += ' ';
        col += 1;
      }
      out += text;
      col += text.length;
    });
    return out + list.close.text;
  }
}

function sameTokens(a: readonly LexToken[], b: readonly LexToken[]): boolean {
  return a.length === b.length && a.every((token, i) => token.type === b[i]?.type && token.text === b[i]?.text);
}

/** The formatted expression; the text itself when it does not parse, has comments, or would change tokens. */
export function formatSecl(source: string, options: FormatOptions = {}): string {
  if (!parseSecl(source).ok) return source;
  const tokens = lexAll(source);
  if (tokens.some((token) => token.type === 'comment' || token.type === 'error')) return source;
  let items: Item[];
  try {
    items = build(tokens);
  } catch {
    return source;
  }
  const formatter = new Formatter(tokens, options);
  const out = formatter.chain(items, '', 0);
  return sameTokens(lexAll(out), tokens) ? out : source;
}
