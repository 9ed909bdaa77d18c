// SECL source → tokens, each with its exact span. The lexer never throws: a bad character becomes an
// 'error' token that the parser turns into a positioned SeclError.
import type { Span } from './ast.ts';

export type TokenType =
  | 'string'
  | 'pattern'
  | 'regex'
  | 'int'
  | 'duration'
  | 'ip'
  | 'cidr'
  | 'ident'
  | 'variable'
  | 'op'
  | 'error'
  | 'eof';

export interface Token {
  type: TokenType;
  /** The source text of the token. */
  text: string;
  /** Strings unescaped, patterns and regexes without their quotes, variables without ${ }; error tokens: the message. */
  value: string;
  span: Span;
}

const operators = ['==', '!=', '<=', '>=', '=~', '!~', '&&', '||', '<', '>', '!', '&', '|', '^', '(', ')', '[', ']', ',', '+', '-'];

const identRe = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[A-Za-z_][A-Za-z0-9_]*\])*/y;
const ipv4Re = /\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,3})?/y;
const ipv6Re = /[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:\/\d{1,3})?/y;
const hexRe = /0[xX][0-9A-Fa-f]+/y;
const durationRe = /(?:\d+(?:ns|us|µs|ms|s|m|h|d))+/y;
const decimalRe = /\d+/y;
const variableRe = /\$\{([A-Za-z_][A-Za-z0-9_.]*)\}/y;
const identChar = /[A-Za-z0-9_]/;

function sticky(re: RegExp, source: string, at: number): string | null {
  re.lastIndex = at;
  const match = re.exec(source);
  return match ? match[0] : null;
}

/** Maps offsets to 1-based line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(source: string) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  span(offset: number, length: number): Span {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, length, line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

const simpleEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Go-style unquoting of a "…" body, as Datadog's parser does; an unknown escape keeps its backslash. */
function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const next = body[i + 1] as string;
    const simple = simpleEscapes[next];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const hex = next === 'x' ? /^[0-9A-Fa-f]{2}/.exec(body.slice(i + 2)) : next === 'u' ? /^[0-9A-Fa-f]{4}/.exec(body.slice(i + 2)) : null;
    if (hex) {
      out += String.fromCharCode(parseInt(hex[0], 16));
      i += 1 + hex[0].length;
      continue;
    }
    out += c;
  }
  return out;
}

/** Finds the closing quote of a quoted literal whose opening quote is at `quote`; -1 when unterminated. */
function closingQuote(source: string, quote: number): number {
  for (let i = quote + 1; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */) return i;
  }
  return -1;
}

export function tokenize(source: string): Token[] {
  const lines = new LineIndex(source);
  const tokens: Token[] = [];
  const push = (type: TokenType, start: number, end: number, value: string): void => {
    tokens.push({ type, text: source.slice(start, end), value, span: lines.span(start, end - start) });
  };
  const fail = (start: number, end: number, message: string): Token[] => {
    push('error', start, end, message);
    return tokens;
  };

  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' || source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    // Quoted literals: "…", ~"…" (pattern) and r"…" (regex).
    const quotedKind = c === '"' ? 'string' : c === '~' && source[i + 1] === '"' ? 'pattern' : c === 'r' && source[i + 1] === '"' ? 'regex' : null;
    if (quotedKind) {
      const quote = quotedKind === 'string' ? i : i + 1;
      const end = closingQuote(source, quote);
      const what = quotedKind === 'string' ? 'string' : quotedKind;
      if (end < 0) return fail(i, source.length, `unterminated ${what}: missing the closing '"'`);
      const body = source.slice(quote + 1, end);
      // Patterns and regexes keep their backslashes (a regex needs them); only \" is an escape there.
      push(quotedKind, i, end + 1, quotedKind === 'string' ? unescape(body) : body.replaceAll('\\"', '"'));
      i = end + 1;
      continue;
    }
    if (c === '~') return fail(i, i + 1, `unexpected '~': a pattern is written ~"…" and a match operator is =~`);
    if (c === '$') {
      const variable = sticky(variableRe, source, i);
      if (!variable) return fail(i, i + 1, 'a variable is written ${name}, e.g. ${process.pid}');
      push('variable', i, i + variable.length, variable.slice(2, -1));
      i += variable.length;
      continue;
    }
    // IPv6 addresses start like identifiers or numbers; they are the only tokens with ':'.
    const v6 = /[0-9A-Fa-f:]/.test(c) ? sticky(ipv6Re, source, i) : null;
    if (v6 && (v6.match(/:/g) ?? []).length >= 2 && !identChar.test(source[i + v6.length] ?? '')) {
      push(v6.includes('/') ? 'cidr' : 'ip', i, i + v6.length, v6);
      i += v6.length;
      continue;
    }
    if (c >= '0' && c <= '9') {
      const v4 = sticky(ipv4Re, source, i);
      const text = v4 ?? sticky(hexRe, source, i) ?? sticky(durationRe, source, i) ?? sticky(decimalRe, source, i) ?? c;
      const type: TokenType = v4 ? (v4.includes('/') ? 'cidr' : 'ip') : /[a-zµ]$/.test(text) && !/^0[xX]/.test(text) ? 'duration' : 'int';
      const after = source[i + text.length] ?? '';
      if (identChar.test(after) || (after === '.' && type !== 'ip' && type !== 'cidr')) {
        let end = i + text.length;
        while (end < source.length && /[A-Za-z0-9_.]/.test(source[end] as string)) end++;
        return fail(i, end, `'${source.slice(i, end)}' is not a number, a duration (like 10s) or an IP address`);
      }
      push(type, i, i + text.length, text);
      i += text.length;
      continue;
    }
    const ident = sticky(identRe, source, i);
    if (ident) {
      push('ident', i, i + ident.length, ident);
      i += ident.length;
      continue;
    }
    const op = operators.find((candidate) => source.startsWith(candidate, i));
    if (op) {
      push('op', i, i + op.length, op);
      i += op.length;
      continue;
    }
    if (c === '=') return fail(i, i + 1, "unexpected '=': compare with '=='");
    const char = String.fromCodePoint(source.codePointAt(i) ?? 0);
    return fail(i, i + char.length, `unexpected character '${char}'`);
  }
  push('eof', source.length, source.length, '');
  return tokens;
}
