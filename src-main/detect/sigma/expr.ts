// The boolean form a Sigma rule is translated into before it becomes SECL text: comparisons over SECL
// fields, constants (what a network rule's Initiated becomes once the direction is known), and
// "unavailable" leaves (a field or modifier the sensor cannot honour). Folding constants can remove an
// unavailable leaf that does not matter (a filter on a connection direction the rule cannot have);
// whatever unavailable leaf survives makes the rule untranslatable, with its reason.

export type CompareOp = '==' | '!=' | '=~' | '!~' | 'in' | 'not in' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { k: 'and' | 'or'; items: Expr[] }
  | { k: 'not'; item: Expr }
  | { k: 'const'; value: boolean }
  | { k: 'unavailable'; key: string; reason: string }
  /** `left op right`, both already SECL text: a field (or `field & CONSTANT`) and a value. */
  | { k: 'cmp'; left: string; op: CompareOp; right: string };

export const TRUE: Expr = { k: 'const', value: true };
export const FALSE: Expr = { k: 'const', value: false };

export function and(items: Expr[]): Expr {
  return items.length === 1 ? (items[0] as Expr) : { k: 'and', items };
}

export function or(items: Expr[]): Expr {
  return items.length === 1 ? (items[0] as Expr) : { k: 'or', items };
}

export function not(item: Expr): Expr {
  return { k: 'not', item };
}

export function cmp(left: string, op: CompareOp, right: string): Expr {
  return { k: 'cmp', left, op, right };
}

export function unavailable(key: string, reason: string): Expr {
  return { k: 'unavailable', key, reason };
}

/** Removes constants (and with false is false, or with true is true), double negations and nesting. */
export function fold(expr: Expr): Expr {
  switch (expr.k) {
    case 'not': {
      const item = fold(expr.item);
      if (item.k === 'const') return { k: 'const', value: !item.value };
      if (item.k === 'not') return item.item;
      return { k: 'not', item };
    }
    case 'and':
    case 'or': {
      const absorbing = expr.k === 'or';
      const items: Expr[] = [];
      for (const child of expr.items.map(fold)) {
        if (child.k === 'const') {
          if (child.value === absorbing) return child;
          continue;
        }
        if (child.k === expr.k) items.push(...child.items);
        else items.push(child);
      }
      if (items.length === 0) return { k: 'const', value: !absorbing };
      return items.length === 1 ? (items[0] as Expr) : { k: expr.k, items };
    }
    default:
      return expr;
  }
}

/** The unavailable leaves still in an expression, first seen first, one per reason. */
export function unavailableIn(expr: Expr): { key: string; reason: string }[] {
  const found = new Map<string, { key: string; reason: string }>();
  const walk = (node: Expr): void => {
    if (node.k === 'unavailable') {
      if (!found.has(node.reason)) found.set(node.reason, { key: node.key, reason: node.reason });
    } else if (node.k === 'not') walk(node.item);
    else if (node.k === 'and' || node.k === 'or') node.items.forEach(walk);
  };
  walk(expr);
  return [...found.values()];
}

/** The fields a folded expression compares. */
export function fieldsIn(expr: Expr): string[] {
  switch (expr.k) {
    case 'cmp':
      return [expr.left];
    case 'not':
      return fieldsIn(expr.item);
    case 'and':
    case 'or':
      return expr.items.flatMap(fieldsIn);
    default:
      return [];
  }
}

// Orderings are not flipped: on a list field `x < 1` is "some element < 1", whose negation is not `x >= 1`.
const negated: Partial<Record<CompareOp, CompareOp>> = { '==': '!=', '!=': '==', '=~': '!~', '!~': '=~', in: 'not in', 'not in': 'in' };

/**
 * SECL text. && and || have equal precedence in SECL and group to the right, so every nested group is
 * parenthesised; a negated equality, match or membership flips its operator (on list fields `!=`, `!~`
 * and `not in` mean "no element", exactly the negation of "some element"); anything else becomes !( … ).
 */
export function render(expr: Expr): string {
  switch (expr.k) {
    case 'cmp':
      return `${expr.left} ${expr.op} ${expr.right}`;
    case 'not':
      {
        const flipped = expr.item.k === 'cmp' ? negated[expr.item.op] : undefined;
        if (expr.item.k === 'cmp' && flipped) return render({ ...expr.item, op: flipped });
      }
      return `!(${render(expr.item)})`;
    case 'and':
    case 'or':
      return expr.items.map((item) => (item.k === 'and' || item.k === 'or' ? `(${render(item)})` : render(item))).join(expr.k === 'and' ? ' && ' : ' || ');
    case 'const':
      return String(expr.value);
    case 'unavailable':
      throw new Error(`cannot render an unavailable comparison (${expr.reason})`);
  }
}
