// The tree layout: parents above their children and centred over them, children in the order given, no
// two processes on the same spot, many leaves packed in a grid, whatever the shape of the tree.
import { describe, expect, it } from 'vitest';
import { layoutTree, type Placed, type TreeItem } from './treeLayout.ts';

const options = { cellWidth: 300, cellHeight: 100, gridFrom: 12 };

function noOverlap(at: Map<string, Placed>): void {
  const spots = [...at.values()];
  for (let i = 0; i < spots.length; i++) {
    for (let j = i + 1; j < spots.length; j++) {
      const [a, b] = [spots[i]!, spots[j]!];
      expect(Math.abs(a.x - b.x) >= options.cellWidth - 1e-6 || Math.abs(a.y - b.y) >= options.cellHeight - 1e-6, `${JSON.stringify(a)} ${JSON.stringify(b)}`).toBe(true);
    }
  }
}

describe('process tree layout', () => {
  it('puts children one level down, in order, centred under their parent', () => {
    const items: TreeItem[] = [
      { id: 'systemd', parentId: null },
      { id: 'php-fpm', parentId: 'systemd' },
      { id: 'sshd', parentId: 'systemd' },
      { id: 'sh', parentId: 'php-fpm' },
      { id: 'curl', parentId: 'sh' },
      { id: 'bash', parentId: 'sh' },
      { id: 'kworkerd', parentId: 'bash' },
    ];
    const at = layoutTree(items, options);
    expect(at.get('systemd')!.y).toBe(0);
    expect(at.get('sh')!.y).toBe(200);
    expect(at.get('kworkerd')!.y).toBe(400);
    expect(at.get('sh')!.x).toBeCloseTo((at.get('curl')!.x + at.get('bash')!.x) / 2);
    expect(at.get('curl')!.x).toBeLessThan(at.get('bash')!.x);
    expect(at.get('php-fpm')!.x).toBeLessThan(at.get('sshd')!.x);
    noOverlap(at);
  });

  it('packs a hundred leaf children in a grid block under their parent, clear of the other subtrees', () => {
    const items: TreeItem[] = [{ id: 'make', parentId: null }, { id: 'sub', parentId: 'make' }, { id: 'deep', parentId: 'sub' }];
    for (let i = 0; i < 99; i++) items.push({ id: `cc${i}`, parentId: 'make' });
    const at = layoutTree(items, options);
    const leaves = [...Array(99).keys()].map((i) => at.get(`cc${i}`)!);
    const columns = new Set(leaves.map((p) => p.x)).size;
    const rows = new Set(leaves.map((p) => p.y)).size;
    expect(columns).toBeLessThan(20);
    expect(columns * rows).toBeGreaterThanOrEqual(99);
    expect(Math.min(...leaves.map((p) => p.y))).toBe(100);
    // in start order, row by row
    expect(at.get('cc1')!.x).toBeGreaterThan(at.get('cc0')!.x);
    noOverlap(at);
  });

  it('places a process whose parent is not in the tree, or a cycle, as another root', () => {
    const at = layoutTree([{ id: 'a', parentId: null }, { id: 'orphan', parentId: 'gone' }, { id: 'x', parentId: 'y' }, { id: 'y', parentId: 'x' }], options);
    expect(at.get('orphan')!.y).toBe(0);
    expect(at.size).toBe(4);
    noOverlap(at);
  });

  it('lays out a lineage thousands deep', () => {
    const items: TreeItem[] = [...Array(20_000).keys()].map((i) => ({ id: `p${i}`, parentId: i === 0 ? null : `p${i - 1}` }));
    expect(layoutTree(items, options).get('p19999')!.y).toBe(19_999 * 100);
  });
});
