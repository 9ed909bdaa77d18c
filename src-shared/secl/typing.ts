// Operand typing for comparisons and membership: which types meet which operators. A string result is
// the reason the operands do not fit, for the checker to report at the operator.
import type { CompareOp, MemberOp } from './ast.ts';
import { describeType, type Cond, type Value } from './ir.ts';

function describeValue(value: Value): string {
  const type = describeType(value);
  switch (value.k) {
    case 'field':
      return `${value.register ? value.def.name.replace('process.ancestors', `process.ancestors[${value.register}]`) : value.def.name} (${type})`;
    case 'literal':
      return `${value.text ?? (typeof value.value === 'string' ? JSON.stringify(value.value) : String(value.value))} (${type})`;
    case 'length':
      return `${value.def.name}.length (${type})`;
    case 'variable':
      return `\${${value.name}} (${type})`;
    default:
      return type;
  }
}

function isConstant(value: Value): boolean {
  return value.k === 'literal' || value.k === 'cidr' || value.k === 'list';
}

const flipped: Record<CompareOp, CompareOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=~': '=~', '!~': '!~' };

export function flipCompare(op: CompareOp): CompareOp {
  return flipped[op];
}

/** Types that may meet with == and !=, left (the field side) to right. */
function equatable(left: Value, right: Value): boolean {
  if (left.type === right.type) return left.type !== 'duration';
  return left.type === 'time' && right.type === 'duration';
}

export function typeCompare(op: CompareOp, leftIn: Value, rightIn: Value): Cond | string {
  // Keep the field on the left: `10 < process.pid` is `process.pid > 10`.
  const swap = isConstant(leftIn) && !isConstant(rightIn);
  const left = swap ? rightIn : leftIn;
  const right = swap ? leftIn : rightIn;
  const finalOp = swap ? flipCompare(op) : op;
  if (right.k === 'list') return `compare with a list using 'in' (or 'not in'), not '${op}'`;
  if (right.array && left.array) return `cannot compare two lists (${describeValue(left)} and ${describeValue(right)}) with '${op}'`;
  if (op === '=~' || op === '!~') {
    if (left.type !== 'string') return `'${op}' matches strings, and ${describeValue(left)} is not one`;
    if (right.k !== 'literal' || right.type !== 'string') return `'${op}' needs a pattern on its right, like "/etc/*" or ~"/etc/*"`;
    const pattern: Value = right.mode === 'scalar' ? { ...right, mode: 'pattern' } : right;
    return { k: 'compare', op: finalOp, left, right: pattern };
  }
  if (op === '==' || op === '!=') {
    if (!equatable(left, right)) return `cannot compare ${describeValue(left)} with ${describeValue(right)}`;
    return { k: 'compare', op: finalOp, left, right };
  }
  const ordered = (left.type === 'int' && right.type === 'int') || (left.type === 'time' && (right.type === 'duration' || right.type === 'time'));
  if (!ordered) {
    if (left.type === 'time' || right.type === 'time') return `compare ${describeValue(left.type === 'time' ? left : right)} with a duration such as 5s or 10m`;
    return `'${op}' orders integers (or timestamps against durations), not ${describeValue(left)} and ${describeValue(right)}`;
  }
  return { k: 'compare', op: finalOp, left, right };
}

export function typeMember(op: MemberOp, left: Value, rightIn: Value): Cond | string {
  // A single CIDR or a macro holding one value is a list of one.
  const right: Value = rightIn.k === 'cidr' || (rightIn.k === 'literal' && !rightIn.array) ? { k: 'list', type: rightIn.type, array: true, span: rightIn.span, items: [rightIn] } : rightIn;
  if (!right.array) return `'${op}' needs a list on its right, like ["a", "b"], a list macro or a list field; ${describeValue(right)} is not one`;
  if (op === 'allin' && !left.array) return `'allin' needs a list on its left; ${describeValue(left)} is a single value: use 'in'`;
  const emptyList = right.k === 'list' && right.items.length === 0;
  if (left.type !== right.type && !emptyList) return `cannot look for ${describeValue(left)} in ${describeType(right)}`;
  if (left.type === 'duration' || left.type === 'time') return `'${op}' does not apply to ${describeValue(left)}`;
  return { k: 'member', op, left, right };
}
