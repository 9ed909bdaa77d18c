// The compiler: a checked rule (ir.ts) → one closure over an event. Everything that can be prepared is
// prepared here, once: accessors, globs, regexes, CIDR ranges, sets of list values. Evaluating an event
// then only reads fields and compares.
//
// Array semantics, as in Datadog: ==, =~, in and the orderings hold when ANY element holds; !=, !~ and
// not in are their negations, so they hold when NO element matches.
import { ancestorsOf, makeReader, type Json, type Registers, type Scalar } from './accessors.ts';
import { bitwise } from './checker.ts';
import { cidrContains, parseCidr, parseIp, type Cidr } from './cidr.ts';
import { fieldDef } from './fields.ts';
import { compileGlob, compilePattern, compileRegex, type StringMatcher } from './glob.ts';
import type { Cond, Value } from './ir.ts';
import type { CompareOp } from './ast.ts';

type Getter = (event: Json, registers: Registers) => Scalar | Scalar[];
type Predicate = (event: Json, registers: Registers) => boolean;
type Test = (value: Scalar, event: Json) => boolean;

const noRegisters: Registers = Object.freeze({}) as Registers;

function compileValue(value: Value): Getter {
  switch (value.k) {
    case 'field':
      return makeReader(value.def, value.register);
    case 'length': {
      const read = makeReader(value.def, value.register);
      return (event, registers) => {
        const v = read(event, registers);
        return Array.isArray(v) ? v.length : String(v).length;
      };
    }
    case 'iterator-length':
      return (event) => ancestorsOf(event).length;
    case 'literal':
      return () => value.value;
    case 'cidr':
      return () => value.text;
    case 'list': {
      const items = value.items.map((item) => (item.k === 'cidr' ? item.text : item.k === 'literal' ? item.value : ''));
      return () => items;
    }
    case 'variable': {
      const def = value.name === 'process.pid' ? fieldDef('process.pid') : undefined;
      if (def) return makeReader(def);
      // Variables set by rule actions are never set here: they keep their zero value.
      const zero: Scalar | Scalar[] = value.array ? [] : value.type === 'int' ? 0 : value.type === 'bool' ? false : '';
      return () => zero;
    }
    case 'interpolated': {
      const parts = value.parts.map((part) => (typeof part === 'string' ? () => part : compileValue(part)));
      return (event, registers) => parts.map((part) => String(part(event, registers))).join('');
    }
    case 'bit': {
      const left = compileValue(value.left);
      const right = compileValue(value.right);
      return (event, registers) => bitwise(value.op, left(event, registers) as number, right(event, registers) as number);
    }
    case 'arith': {
      const left = compileValue(value.left);
      const right = compileValue(value.right);
      return value.op === '+' ? (e, r) => (left(e, r) as number) + (right(e, r) as number) : (e, r) => (left(e, r) as number) - (right(e, r) as number);
    }
    case 'negate': {
      const operand = compileValue(value.operand);
      return (e, r) => -(operand(e, r) as number);
    }
    case 'bitnot': {
      const operand = compileValue(value.operand);
      return (e, r) => bitwise('^', operand(e, r) as number, -1);
    }
    case 'condition':
      return compileCond(value.cond);
  }
}

function isPathField(value: Value): boolean {
  return (value.k === 'field' && value.def.path === true) || false;
}

/** How one string literal matches a value of `target`: patterns become globs on path fields. */
function stringMatcher(item: Value, target: Value): StringMatcher {
  if (item.k !== 'literal') return () => false;
  const text = String(item.value);
  if (item.mode === 'regex') return compileRegex(text);
  if (item.mode === 'pattern') return isPathField(target) ? compileGlob(text) : compilePattern(text);
  return (value) => value === text;
}

function order(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return a === b;
  }
}

function eventTime(event: Json): number {
  const ts = event['ts'];
  return typeof ts === 'number' ? ts : 0;
}

/** The positive test of `left op right` against one element, when `right` is a constant. */
function constantTest(op: CompareOp, left: Value, right: Value): Test {
  if (right.k === 'cidr' || (left.type === 'ip' && right.k === 'literal')) {
    const range = parseCidr(right.k === 'cidr' ? right.text : String(right.value)) as Cidr;
    return (value) => {
      const ip = parseIp(String(value));
      return ip !== null && cidrContains(range, ip);
    };
  }
  if (right.k !== 'literal') return () => false;
  if (left.type === 'string') {
    const match = stringMatcher(right, left);
    return (value) => match(String(value));
  }
  if (left.type === 'time' && right.type === 'duration') {
    // Durations compare with the age of a timestamp: now (the event's time) minus the field.
    const ns = right.value as number;
    return (value, event) => order(op, eventTime(event) - (value as number), ns);
  }
  const constant = right.value;
  if (op === '==' || op === '!=') return (value) => value === constant;
  return (value) => order(op, value as number, constant as number);
}

function positive(op: CompareOp): CompareOp {
  return op === '!=' ? '==' : op === '!~' ? '=~' : op;
}

function compileCompare(op: CompareOp, left: Value, right: Value): Predicate {
  const negate = op === '!=' || op === '!~';
  const base = positive(op);
  const read = compileValue(left);
  let holds: Predicate;
  if (right.k === 'literal' || right.k === 'cidr') {
    const test = constantTest(base, left, right);
    holds = (event, registers) => {
      const value = read(event, registers);
      if (!Array.isArray(value)) return test(value, event);
      for (const element of value) if (test(element, event)) return true;
      return false;
    };
  } else {
    // Both sides read from the event: any pair of elements that compares.
    const readRight = compileValue(right);
    holds = (event, registers) => {
      const a = read(event, registers);
      const b = readRight(event, registers);
      const as = Array.isArray(a) ? a : [a];
      const bs = Array.isArray(b) ? b : [b];
      for (const x of as) for (const y of bs) if (base === '==' ? x === y : order(base, x as number, y as number)) return true;
      return false;
    };
  }
  return negate ? (event, registers) => !holds(event, registers) : holds;
}

/** A membership test for the constant items of a list, prepared once. */
function listTest(left: Value, items: readonly Value[]): (value: Scalar) => boolean {
  if (left.type === 'ip') {
    const ranges = items.map((item) => parseCidr(item.k === 'cidr' ? item.text : item.k === 'literal' ? String(item.value) : '')).filter((range): range is Cidr => range !== null);
    return (value) => {
      const ip = parseIp(String(value));
      return ip !== null && ranges.some((range) => cidrContains(range, ip));
    };
  }
  const scalars = new Set<Scalar>();
  const matchers: StringMatcher[] = [];
  for (const item of items) {
    if (item.k !== 'literal') continue;
    if (item.mode === 'pattern' || item.mode === 'regex') matchers.push(stringMatcher(item, left));
    else scalars.add(item.value);
  }
  if (matchers.length === 0) return (value) => scalars.has(value);
  return (value) => {
    if (scalars.has(value)) return true;
    const text = String(value);
    for (const match of matchers) if (match(text)) return true;
    return false;
  };
}

function compileMember(op: 'in' | 'not in' | 'allin', left: Value, right: Value): Predicate {
  const read = compileValue(left);
  let test: (value: Scalar, event: Json, registers: Registers) => boolean;
  if (right.k === 'list') {
    const inList = listTest(left, right.items);
    test = (value) => inList(value);
  } else if (left.k === 'literal' && (left.mode === 'pattern' || left.mode === 'regex')) {
    // ~"curl*" in exec.argv: does any element of the list field match the pattern?
    const match = stringMatcher(left, right);
    const readRight = compileValue(right);
    return negateIf(op === 'not in', (event, registers) => {
      const values = readRight(event, registers);
      return (Array.isArray(values) ? values : [values]).some((value) => match(String(value)));
    });
  } else {
    const readRight = compileValue(right);
    test = (value, event, registers) => {
      const values = readRight(event, registers);
      return Array.isArray(values) ? values.includes(value) : values === value;
    };
  }
  if (op === 'allin') {
    return (event, registers) => {
      const value = read(event, registers);
      const values = Array.isArray(value) ? value : [value];
      return values.length > 0 && values.every((element) => test(element, event, registers));
    };
  }
  const holds: Predicate = (event, registers) => {
    const value = read(event, registers);
    if (!Array.isArray(value)) return test(value, event, registers);
    for (const element of value) if (test(element, event, registers)) return true;
    return false;
  };
  return negateIf(op === 'not in', holds);
}

function negateIf(negate: boolean, predicate: Predicate): Predicate {
  return negate ? (event, registers) => !predicate(event, registers) : predicate;
}

export function compileCond(cond: Cond): Predicate {
  switch (cond.k) {
    case 'chain': {
      // Right grouping evaluates from the left: in a && REST a false a decides, in a || REST a true a does.
      const items = cond.items.map(compileCond);
      const stopOn = cond.ops.map((op) => op === '||');
      const last = items.length - 1;
      if (last === 1) {
        const [a, b] = items as [Predicate, Predicate];
        return stopOn[0] ? (e, r) => a(e, r) || b(e, r) : (e, r) => a(e, r) && b(e, r);
      }
      return (e, r) => {
        for (let i = 0; i < last; i++) if ((items[i] as Predicate)(e, r) === stopOn[i]) return stopOn[i] as boolean;
        return (items[last] as Predicate)(e, r);
      };
    }
    case 'not': {
      const operand = compileCond(cond.operand);
      return (e, r) => !operand(e, r);
    }
    case 'const':
      return cond.value ? () => true : () => false;
    case 'truthy': {
      const read = compileValue(cond.value);
      return (e, r) => read(e, r) === true;
    }
    case 'compare':
      return compileCompare(cond.op, cond.left, cond.right);
    case 'member':
      return compileMember(cond.op, cond.left, cond.right);
  }
}

/**
 * The closure for a whole rule. With registers (process.ancestors[A]), the rule holds when some binding
 * of each register to one ancestor makes it hold: all the conditions on [A] then speak of the same ancestor.
 */
export function compileRulePredicate(cond: Cond, registers: readonly string[]): (event: Json) => boolean {
  const predicate = compileCond(cond);
  if (registers.length === 0) return (event) => predicate(event, noRegisters);
  return (event) => {
    const count = ancestorsOf(event).length;
    const bindings: Registers = {};
    const bind = (index: number): boolean => {
      const name = registers[index];
      if (name === undefined) return predicate(event, bindings);
      for (let i = 0; i < count; i++) {
        bindings[name] = i;
        if (bind(index + 1)) return true;
      }
      return false;
    };
    return bind(0);
  };
}
