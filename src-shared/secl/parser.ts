// Tokens → syntax tree, following Datadog's SECL grammar:
//
//   expression := comparison [ ('&&' | '||' | 'and' | 'or') expression ]     equal precedence, to the right
//   comparison := arith [ ('=='|'!='|'<'|'<='|'>'|'>='|'=~'|'!~') arith | ('in'|'not in'|'allin') arith ]
//   arith      := bits { ('+' | '-') bits }
//   bits       := unary [ ('&' | '|' | '^') bits ]                            tighter than comparisons
//   unary      := ('!' | 'not' | '-' | '^') unary | primary
//   primary    := literal | ident | ${variable} | '(' expression ')' | '[' items ']'
//
// So `a || b && c` is `a || (b && c)` and `a && b || c` is `a && (b || c)`, as in Datadog; `!` binds to
// the nearest operand, so negate a comparison with `!(a == b)`.
import { joinSpans, type ArithOp, type BitOp, type CompareOp, type Node, type Span } from './ast.ts';
import { seclError, SeclSyntaxError, type SeclError } from './errors.ts';
import { tokenize, type Token } from './lexer.ts';

export type ParseResult = { ok: true; ast: Node } | { ok: false; error: SeclError };

/** Deep enough for any real rule, shallow enough that a hostile input cannot exhaust the stack. */
const maxDepth = 200;

const compareOps = new Set<string>(['==', '!=', '<', '<=', '>', '>=', '=~', '!~']);
const bitOps = new Set<string>(['&', '|', '^']);
const keywords = new Set(['and', 'or', 'not', 'in', 'allin', 'true', 'false']);

function describe(token: Token): string {
  if (token.type === 'eof') return 'the end of the expression';
  const text = token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text;
  return `'${text}'`;
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type === 'error') this.fail(token.span, token.value);
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private fail(span: Span, reason: string): never {
    throw new SeclSyntaxError(seclError('syntax', reason, span));
  }

  private isOp(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'op' && token.text === text;
  }

  private isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'ident' && token.text === word;
  }

  private enter(span: Span): void {
    if (++this.depth > maxDepth) this.fail(span, `the expression is nested more than ${maxDepth} levels deep`);
  }

  parseAll(): Node {
    if (this.peek().type === 'eof') this.fail(this.peek().span, 'the expression is empty');
    const node = this.expression();
    const rest = this.peek();
    if (rest.type === 'error') this.next();
    if (rest.type !== 'eof') {
      const hint = rest.type === 'op' && rest.text === ')' ? ": this ')' has no matching '('" : ': join conditions with && or ||';
      this.fail(rest.span, `unexpected ${describe(rest)} after a complete expression${hint}`);
    }
    return node;
  }

  /** A chain of && / || with equal precedence, grouped to the right; built without recursion. */
  private expression(): Node {
    const operands: Node[] = [this.comparison()];
    const ops: { op: '&&' | '||'; span: Span }[] = [];
    for (;;) {
      const token = this.peek();
      const op = token.type === 'op' && (token.text === '&&' || token.text === '||') ? token.text
        : token.type === 'ident' && token.text === 'and' ? '&&'
        : token.type === 'ident' && token.text === 'or' ? '||'
        : null;
      if (!op) break;
      this.next();
      this.expectOperand(token);
      ops.push({ op, span: token.span });
      operands.push(this.comparison());
    }
    let node = operands[operands.length - 1] as Node;
    for (let i = ops.length - 1; i >= 0; i--) {
      const left = operands[i] as Node;
      const { op, span } = ops[i] as { op: '&&' | '||'; span: Span };
      node = { kind: 'logic', op, left, right: node, opSpan: span, span: joinSpans(left.span, node.span) };
    }
    return node;
  }

  private expectOperand(operator: Token): void {
    const next = this.peek();
    if (next.type === 'error') this.next();
    if (next.type === 'eof' || (next.type === 'op' && !['(', '[', '!', '-', '^'].includes(next.text)) || (next.type === 'ident' && ['and', 'or', 'in', 'allin'].includes(next.text))) {
      this.fail(next.type === 'eof' ? operator.span : next.span, `expected a value after '${operator.text}', found ${describe(next)}`);
    }
  }

  private comparison(): Node {
    const left = this.arith();
    const token = this.peek();
    if (token.type === 'op' && compareOps.has(token.text)) {
      this.next();
      this.expectOperand(token);
      const right = this.arith();
      this.refuseChain();
      return { kind: 'compare', op: token.text as CompareOp, left, right, opSpan: token.span, span: joinSpans(left.span, right.span) };
    }
    const member = this.isWord('in') ? 'in' : this.isWord('allin') ? 'allin' : this.isWord('not') && this.isWord('in', 1) ? 'not in' : null;
    if (member) {
      const first = this.next();
      const last = member === 'not in' ? this.next() : first;
      const opSpan = joinSpans(first.span, last.span);
      this.expectOperand({ ...last, text: member });
      const right = this.arith();
      this.refuseChain();
      return { kind: 'member', op: member, left, right, opSpan, span: joinSpans(left.span, right.span) };
    }
    return left;
  }

  private refuseChain(): void {
    const token = this.peek();
    if ((token.type === 'op' && compareOps.has(token.text)) || this.isWord('in') || this.isWord('allin') || (this.isWord('not') && this.isWord('in', 1))) {
      this.fail(token.span, `comparisons cannot be chained: join them with && or add parentheses before ${describe(token)}`);
    }
  }

  private arith(): Node {
    let node = this.bits();
    let count = 0;
    while (this.isOp('+') || this.isOp('-')) {
      const token = this.next();
      if (++count > maxDepth) this.fail(token.span, `more than ${maxDepth} '+' and '-' in a row`);
      this.expectOperand(token);
      const right = this.bits();
      node = { kind: 'arith', op: token.text as ArithOp, left: node, right, opSpan: token.span, span: joinSpans(node.span, right.span) };
    }
    return node;
  }

  /** Bit operators, equal precedence and grouped to the right as in Datadog; built without recursion. */
  private bits(): Node {
    const operands: Node[] = [this.unary()];
    const ops: Token[] = [];
    while (this.peek().type === 'op' && bitOps.has(this.peek().text)) {
      const token = this.next();
      if (ops.length >= maxDepth) this.fail(token.span, `more than ${maxDepth} bit operators in a row`);
      this.expectOperand(token);
      ops.push(token);
      operands.push(this.unary());
    }
    let node = operands[operands.length - 1] as Node;
    for (let i = ops.length - 1; i >= 0; i--) {
      const left = operands[i] as Node;
      const token = ops[i] as Token;
      node = { kind: 'bit', op: token.text as BitOp, left, right: node, opSpan: token.span, span: joinSpans(left.span, node.span) };
    }
    return node;
  }

  private unary(): Node {
    const token = this.peek();
    const kind = token.type === 'op' && token.text === '!' ? 'not'
      : token.type === 'ident' && token.text === 'not' && !this.isWord('in', 1) ? 'not'
      : token.type === 'op' && token.text === '-' ? 'negate'
      : token.type === 'op' && token.text === '^' ? 'bitnot'
      : null;
    if (!kind) return this.primary();
    this.next();
    this.expectOperand(token);
    this.enter(token.span);
    const operand = this.unary();
    this.depth--;
    return { kind, operand, span: joinSpans(token.span, operand.span) };
  }

  private primary(): Node {
    const token = this.next();
    const span = token.span;
    switch (token.type) {
      case 'string':
        return { kind: 'string', value: token.value, span };
      case 'pattern':
        return { kind: 'pattern', value: token.value, span };
      case 'regex':
        return { kind: 'regex', value: token.value, span };
      case 'int': {
        const value = token.text.startsWith('0x') || token.text.startsWith('0X') ? parseInt(token.text.slice(2), 16) : Number(token.text);
        if (!Number.isSafeInteger(value)) this.fail(span, `the number ${token.text} is too large`);
        return { kind: 'int', value, span };
      }
      case 'duration':
        return { kind: 'duration', ns: parseDuration(token.text), text: token.text, span };
      case 'ip':
        return { kind: 'ip', value: token.value, span };
      case 'cidr':
        return { kind: 'cidr', value: token.value, span };
      case 'variable':
        return { kind: 'variable', name: token.value, span };
      case 'ident':
        if (token.text === 'true' || token.text === 'false') return { kind: 'bool', value: token.text === 'true', span };
        if (keywords.has(token.text)) this.fail(span, `expected a value, found the keyword '${token.text}'`);
        return { kind: 'ident', name: token.text, span };
      case 'op':
        if (token.text === '(') return this.parenthesized(token);
        if (token.text === '[') return this.array(token);
        return this.fail(span, `expected a value, found ${describe(token)}`);
      default:
        return this.fail(span, `expected a value, found ${describe(token)}`);
    }
  }

  private parenthesized(open: Token): Node {
    this.enter(open.span);
    const inner = this.expression();
    this.depth--;
    const close = this.peek();
    if (!this.isOp(')')) {
      if (close.type === 'error') this.next();
      this.fail(close.span, `expected ')' to close the '(' at ${open.span.line}:${open.span.column}, found ${describe(close)}`);
    }
    this.next();
    // Keep the parentheses in the span so the editor underlines what the user wrote.
    return { ...inner, span: joinSpans(open.span, close.span) } as Node;
  }

  private array(open: Token): Node {
    const items: Node[] = [];
    if (!this.isOp(']') && this.peek().type !== 'eof') {
      for (;;) {
        this.enter(this.peek().span);
        items.push(this.arith());
        this.depth--;
        if (!this.isOp(',')) break;
        const comma = this.next();
        if (this.isOp(']')) break; // a trailing comma, as YAML-minded authors write
        this.expectOperand(comma);
      }
    }
    const close = this.peek();
    if (!this.isOp(']')) {
      if (close.type === 'error') this.next();
      this.fail(close.span, `expected ',' or ']' in the list opened at ${open.span.line}:${open.span.column}, found ${describe(close)}`);
    }
    this.next();
    return { kind: 'array', items, span: joinSpans(open.span, close.span) };
  }
}

const unitNs: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9 };

/** "10s", "5m", "1h30m" → nanoseconds. The lexer has already checked the shape. */
export function parseDuration(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ns|us|µs|ms|s|m|h|d)/g)) total += Number(amount) * (unitNs[unit as string] ?? 0);
  return total;
}

/** Parses a rule or macro expression. Never throws: a problem comes back as a positioned SeclError. */
export function parseSecl(source: string): ParseResult {
  try {
    return { ok: true, ast: new Parser(tokenize(source)).parseAll() };
  } catch (error) {
    if (error instanceof SeclSyntaxError) return { ok: false, error: error.error };
    throw error;
  }
}
