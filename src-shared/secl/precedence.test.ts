import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node } from './ast.ts';
import { parseSecl } from './parser.ts';
import { evaluate, event } from './testing.ts';

/** The tree as a parenthesised string, to read the grouping at a glance. */
function shape(node: Node): string {
  switch (node.kind) {
    case 'logic':
    case 'compare':
    case 'member':
    case 'bit':
    case 'arith':
      return `(${shape(node.left)} ${node.op} ${shape(node.right)})`;
    case 'not':
      return `!${shape(node.operand)}`;
    case 'ident':
      return node.name;
    case 'int':
      return String(node.value);
    default:
      return node.kind;
  }
}

function grouping(source: string): string {
  const result = parseSecl(source);
  if (!result.ok) throw new Error(result.error.message);
  return shape(result.ast);
}

describe('operator precedence', () => {
  it('gives && and || equal precedence, grouping to the right, as Datadog does', () => {
    expect(grouping('a || b && c')).toBe('(a || (b && c))');
    expect(grouping('a && b || c')).toBe('(a && (b || c))');
    expect(grouping('a and b or c and d')).toBe('(a && (b || (c && d)))');
  });

  it('binds bit operators tighter than comparisons, with equal precedence among them', () => {
    expect(grouping('f & 1 > 0')).toBe('((f & 1) > 0)');
    expect(grouping('f & 1 | 2 == 3')).toBe('((f & (1 | 2)) == 3)');
    expect(grouping('f ^ 4 != 0 && g')).toBe('(((f ^ 4) != 0) && g)');
  });

  it('binds ! and not to the nearest operand', () => {
    expect(grouping('!a && b')).toBe('(!a && b)');
    expect(grouping('not a || b')).toBe('(!a || b)');
    expect(grouping('!(a == 1)')).toBe('!(a == 1)');
  });

  it('evaluates right-grouped chains as Datadog does, not as C would', () => {
    const e = event('exec', { file: { path: '/bin/true' } }, { uid: 0 });
    // C: (false && x) || true = true. SECL: false && (x || true) = false.
    expect(evaluate('exec.file.path == "/bin/false" && process.uid == 5 || process.uid == 0', e)).toBe(false);
    expect(evaluate('(exec.file.path == "/bin/false" && process.uid == 5) || process.uid == 0', e)).toBe(true);
    const open = event('open', { file: { path: '/x' }, flags: 0o1 });
    expect(evaluate('open.flags & O_WRONLY > 0', open)).toBe(true);
    expect(evaluate('open.flags & (O_RDWR | O_CREAT) > 0', open)).toBe(false);
  });

  it('evaluates any chain of && and || exactly as its right-grouped reading', () => {
    const right = (values: boolean[], ops: ('&&' | '||')[]): boolean => {
      const [first, ...rest] = values;
      if (rest.length === 0) return first as boolean;
      return ops[0] === '&&' ? (first as boolean) && right(rest, ops.slice(1)) : (first as boolean) || right(rest, ops.slice(1));
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.constantFrom<'&&' | '||'>('&&', '||')), { minLength: 1, maxLength: 12 }), (terms) => {
        const values = terms.map(([value]) => value);
        const ops = terms.slice(0, -1).map(([, op]) => op);
        const source = values.map((value, i) => `process.uid == ${value ? 0 : 1}${i < ops.length ? ` ${ops[i]} ` : ''}`).join('');
        expect(evaluate(`exec.file.path != "" && (${source})`, event('exec', { file: { path: '/x' } }, { uid: 0 }))).toBe(right(values, ops));
      }),
      { numRuns: 500 },
    );
  });
});
