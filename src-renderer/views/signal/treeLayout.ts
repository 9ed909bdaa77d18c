// Where each process of a tree goes, top down: every subtree gets its own band of width, children side by
// side in the order they started, each parent centred over its children. Many leaf children under one
// parent (a build's compilers, a shell loop's commands) are packed into a grid block under it rather
// than one row thousands of nodes wide. Linear in the size of the tree, and without recursion, so a
// lineage thousands deep cannot overflow the stack.

export interface TreeItem {
  id: string;
  /** null for a root; a parent missing from the items makes the item a root too. */
  parentId: string | null;
}

export interface Placed {
  x: number;
  y: number;
}

export interface LayoutOptions {
  /** The room one node takes, gaps included. */
  cellWidth: number;
  cellHeight: number;
  /** From this many leaf children on, they are packed in a grid block. */
  gridFrom: number;
}

interface Layout {
  /** Width of the band the subtree needs. */
  width: number;
  /** Leaves packed in a grid under this node, and its columns; empty when none. */
  grid: string[];
  columns: number;
  /** Children laid out side by side (those not in the grid). */
  row: string[];
}

export function layoutTree(items: readonly TreeItem[], options: LayoutOptions): Map<string, Placed> {
  const ids = new Set(items.map((item) => item.id));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const item of items) {
    if (item.parentId === null || !ids.has(item.parentId) || item.parentId === item.id) roots.push(item.id);
    else children.set(item.parentId, [...(children.get(item.parentId) ?? []), item.id]);
  }

  // parents after their children: widths are known bottom up; items caught in a cycle become roots
  const order: string[] = [];
  const visited = new Set<string>();
  const visit = (root: string) => {
    const stack = [root];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (visited.has(id)) continue;
      visited.add(id);
      order.push(id);
      for (const child of children.get(id) ?? []) stack.push(child);
    }
  };
  roots.forEach(visit);
  for (const item of items) {
    if (visited.has(item.id)) continue;
    roots.push(item.id);
    visit(item.id);
  }
  // a cycle's root is nobody's child
  const rootSet = new Set(roots);
  const kidsOf = (id: string) => (children.get(id) ?? []).filter((kid) => !rootSet.has(kid));
  const layouts = new Map<string, Layout>();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i]!;
    const kids = kidsOf(id);
    const leaves = kids.filter((kid) => kidsOf(kid).length === 0);
    const grid = leaves.length >= options.gridFrom ? leaves : [];
    const inGrid = new Set(grid);
    const row = kids.filter((kid) => !inGrid.has(kid));
    const columns = grid.length > 0 ? Math.ceil(Math.sqrt(grid.length * 1.5)) : 0;
    const rowWidth = row.reduce((sum, kid) => sum + layouts.get(kid)!.width, 0);
    layouts.set(id, { width: Math.max(options.cellWidth, rowWidth + columns * options.cellWidth), grid, columns, row });
  }

  // top down: each subtree in its band, roots side by side
  const placed = new Map<string, Placed>();
  const bands: Array<{ id: string; left: number; depth: number }> = [];
  let left = 0;
  for (const root of roots) {
    if (!layouts.has(root)) continue;
    bands.push({ id: root, left, depth: 0 });
    left += layouts.get(root)!.width;
  }
  while (bands.length > 0) {
    const { id, left: bandLeft, depth } = bands.pop()!;
    const layout = layouts.get(id)!;
    const y = depth * options.cellHeight;
    placed.set(id, { x: bandLeft + layout.width / 2, y });
    // the row's subtrees first, the grid of leaves after them, centred under the parent as a whole
    const used = layout.row.reduce((sum, kid) => sum + layouts.get(kid)!.width, 0) + layout.columns * options.cellWidth;
    let x = bandLeft + (layout.width - used) / 2;
    for (const kid of layout.row) {
      bands.push({ id: kid, left: x, depth: depth + 1 });
      x += layouts.get(kid)!.width;
    }
    layout.grid.forEach((leaf, index) => {
      const column = index % layout.columns;
      const line = Math.floor(index / layout.columns);
      placed.set(leaf, { x: x + (column + 0.5) * options.cellWidth, y: y + (line + 1) * options.cellHeight });
    });
  }
  return placed;
}
