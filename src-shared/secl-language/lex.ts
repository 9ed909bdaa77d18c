// The engine's lexer, made resilient for the editor: it goes on after a bad character (the engine stops at
// the first one, which is right for checking and wrong for colouring the rest of the line) and keeps the
// comments the engine skips, so highlighting, completion and formatting see every character.
import { tokenize, type TokenType } from '../secl/lexer.ts';

export interface LexToken {
  type: TokenType | 'comment';
  text: string;
  /** Strings unescaped, patterns and regexes without their quotes, variables without ${ }; errors: the message. */
  value: string;
  start: number;
  end: number;
}

function commentsIn(source: string, from: number, to: number): LexToken[] {
  const out: LexToken[] = [];
  let i = from;
  while (i < to) {
    if (source[i] === '#' || source.startsWith('//', i)) {
      let end = i;
      while (end < to && source[end] !== '\n') end++;
      out.push({ type: 'comment', text: source.slice(i, end), value: '', start: i, end });
      i = end;
    } else i++;
  }
  return out;
}

/** Every token of `source`, comments and errors included, in order; never throws. No 'eof' token. */
export function lexAll(source: string): LexToken[] {
  const out: LexToken[] = [];
  let base = 0;
  while (base <= source.length) {
    const tokens = tokenize(source.slice(base));
    let last = base;
    let resumeAt = -1;
    for (const token of tokens) {
      const start = base + token.span.offset;
      const end = start + token.span.length;
      out.push(...commentsIn(source, last, start));
      if (token.type === 'eof') break;
      out.push({ type: token.type, text: token.text, value: token.value, start, end });
      last = end;
      // An error token ends the engine's run: carry on after it (at least one character further).
      if (token.type === 'error') resumeAt = Math.max(end, start + 1);
    }
    if (resumeAt < 0) break;
    base = resumeAt;
    if (base >= source.length) break;
  }
  return out;
}

/** Tokens that mean something to the parser: no comments. */
export function significant(tokens: readonly LexToken[]): LexToken[] {
  return tokens.filter((token) => token.type !== 'comment');
}

/** The token under `offset` (a cursor touching a token's end counts as in it, as editors do). */
export function tokenAt(tokens: readonly LexToken[], offset: number): LexToken | undefined {
  return tokens.find((token) => token.start <= offset && offset < token.end) ?? tokens.find((token) => token.end === offset && token.type !== 'op');
}
