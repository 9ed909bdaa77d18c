// The SECL syntax tree: grammar only, no types and no meaning. Every node keeps its exact place in the
// source so the checker, the editor and the policy loader can point at it.

/** Where a piece of source sits: offset and length in UTF-16 code units (as editors count), 1-based line and column. */
export interface Span {
  offset: number;
  length: number;
  line: number;
  column: number;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | '!~';
export type MemberOp = 'in' | 'not in' | 'allin';
export type BitOp = '&' | '|' | '^';
export type ArithOp = '+' | '-';
export type LogicOp = '&&' | '||';

export type Node =
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'pattern'; value: string; span: Span }
  | { kind: 'regex'; value: string; span: Span }
  | { kind: 'int'; value: number; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'duration'; ns: number; text: string; span: Span }
  | { kind: 'ip'; value: string; span: Span }
  | { kind: 'cidr'; value: string; span: Span }
  | { kind: 'array'; items: Node[]; span: Span }
  /** A field, macro or constant: the checker decides which. May carry `[REG]` and `.length`. */
  | { kind: 'ident'; name: string; span: Span }
  | { kind: 'variable'; name: string; span: Span }
  | { kind: 'not'; operand: Node; span: Span }
  | { kind: 'negate'; operand: Node; span: Span }
  | { kind: 'bitnot'; operand: Node; span: Span }
  | { kind: 'logic'; op: LogicOp; left: Node; right: Node; opSpan: Span; span: Span }
  | { kind: 'compare'; op: CompareOp; left: Node; right: Node; opSpan: Span; span: Span }
  | { kind: 'member'; op: MemberOp; left: Node; right: Node; opSpan: Span; span: Span }
  | { kind: 'bit'; op: BitOp; left: Node; right: Node; opSpan: Span; span: Span }
  | { kind: 'arith'; op: ArithOp; left: Node; right: Node; opSpan: Span; span: Span };

export type NodeKind = Node['kind'];

/** The span from the start of `a` to the end of `b`. */
export function joinSpans(a: Span, b: Span): Span {
  return { offset: a.offset, line: a.line, column: a.column, length: b.offset + b.length - a.offset };
}
