// The checked form of a rule: macros inlined, constants resolved, every value typed. The type checker
// produces it and the compiler turns it into closures; neither needs the other's details.
import type { CompareOp, MemberOp, Span } from './ast.ts';
import type { FieldDef } from './fields.ts';

/** Value types. 'duration' exists only for literals (10s); 'time' fields compare with it as an age. */
export type ValueType = 'string' | 'int' | 'bool' | 'ip' | 'time' | 'duration';

/** How a string literal matches: exactly, as a pattern (~"…", or any string after =~), or as a regex (r"…"). */
export type StringMode = 'scalar' | 'pattern' | 'regex';

interface Typed {
  type: ValueType;
  array: boolean;
  span: Span;
}

export type Value =
  | (Typed & { k: 'field'; def: FieldDef; register?: string | undefined })
  /** `.length` of a string (its characters) or of an array field (its elements). */
  | (Typed & { k: 'length'; def: FieldDef; register?: string | undefined })
  /** `process.ancestors.length`. */
  | (Typed & { k: 'iterator-length'; iterator: 'process.ancestors' })
  /** `text` keeps how a duration was written (5m), for messages. */
  | (Typed & { k: 'literal'; value: string | number | boolean; mode?: StringMode; text?: string })
  | (Typed & { k: 'cidr'; text: string })
  | (Typed & { k: 'list'; items: Value[] })
  | (Typed & { k: 'variable'; name: string })
  /** A string with ${variable} parts, e.g. "/proc/${process.pid}/maps". */
  | (Typed & { k: 'interpolated'; parts: (string | Value)[] })
  | (Typed & { k: 'bit'; op: '&' | '|' | '^'; left: Value; right: Value })
  | (Typed & { k: 'arith'; op: '+' | '-'; left: Value; right: Value })
  | (Typed & { k: 'negate' | 'bitnot'; operand: Value })
  /** A condition used as a boolean value: (a == b) == true. */
  | (Typed & { k: 'condition'; cond: Cond });

export type Cond =
  /**
   * a op1 b op2 c …, grouped to the right as SECL groups && and ||: a && (b || c). Kept flat so that
   * rules with thousands of conditions neither check nor evaluate recursively.
   */
  | { k: 'chain'; items: Cond[]; ops: ('&&' | '||')[] }
  | { k: 'not'; operand: Cond }
  | { k: 'const'; value: boolean }
  /** A boolean field or variable used as a condition. */
  | { k: 'truthy'; value: Value }
  | { k: 'compare'; op: CompareOp; left: Value; right: Value }
  | { k: 'member'; op: MemberOp; left: Value; right: Value };

export function describeType(value: { type: ValueType; array: boolean }): string {
  const names: Record<ValueType, [one: string, many: string]> = {
    string: ['a string', 'strings'],
    int: ['an integer', 'integers'],
    bool: ['a boolean', 'booleans'],
    ip: ['an IP address', 'IP addresses'],
    time: ['a timestamp', 'timestamps'],
    duration: ['a duration', 'durations'],
  };
  const [one, many] = names[value.type];
  return value.array ? `a list of ${many}` : one;
}
