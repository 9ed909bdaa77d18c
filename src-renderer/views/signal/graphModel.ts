// What the process tree graph draws, before cytoscape sees it: every process (and "+N more" stub) with its
// label, classes and place in a tidy tree, the first view (the whole tree when it reads at once, else the
// flagged process and its neighbourhood), and, for big trees, the order to hand processes to cytoscape in:
// those in view first, so the graph answers at once, then the rest by distance, in batches.
import type { ProcessTree } from '../../../src-shared/api/domain.ts';
import { hiddenLabel, nodeLabel } from './labels.ts';
import { layoutTree, type Placed } from './treeLayout.ts';

export const nodeWidth = 282;
export const nodeHeight = 62;
export const stubWidth = 118;
export const stubHeight = 28;
/** Below this zoom labels get too small to read (cytoscape leaves out text under 7 px). */
export const readableZoom = 0.8;

export interface GraphItem {
  id: string;
  parentId: string | null;
  stub: boolean;
  text: string;
  classes: string;
  /** A stub's process: the one whose children it stands for. */
  ofProcess?: string;
}

export interface GraphModel {
  items: GraphItem[];
  byId: Map<string, GraphItem>;
  at: Map<string, Placed>;
  children: Map<string, string[]>;
}

export interface Viewport {
  zoom: number;
  pan: { x: number; y: number };
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export function stubId(key: string): string {
  return `more:${key}`;
}

export function graphModel(tree: ProcessTree, flagged: ReadonlySet<string>): GraphModel {
  const items: GraphItem[] = [];
  for (const node of tree.nodes) {
    const classes = [node.role, flagged.has(node.key) && node.key !== tree.focusKey ? 'flagged' : '', node.exitNs === null ? '' : 'exited'].filter(Boolean).join(' ');
    items.push({ id: node.key, parentId: node.parentKey, stub: false, text: nodeLabel(node), classes });
  }
  // "+N more" after every process: the last child of its parent, on the right
  for (const node of tree.nodes) {
    if (node.hiddenChildren > 0) items.push({ id: stubId(node.key), parentId: node.key, stub: true, text: hiddenLabel(node.hiddenChildren), classes: 'stub', ofProcess: node.key });
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const children = new Map<string, string[]>();
  for (const item of items) {
    if (item.parentId === null || !byId.has(item.parentId)) continue;
    const list = children.get(item.parentId) ?? [];
    list.push(item.id);
    children.set(item.parentId, list);
  }
  const at = layoutTree(items, { cellWidth: nodeWidth + 28, cellHeight: nodeHeight + 54, gridFrom: 12 });
  return { items, byId, at, children };
}

function boxOf(model: GraphModel, ids: Iterable<string>): Box | null {
  let box: Box | null = null;
  for (const id of ids) {
    const p = model.at.get(id);
    const item = model.byId.get(id);
    if (!p || !item) continue;
    const halfWidth = (item.stub ? stubWidth : nodeWidth) / 2;
    const halfHeight = (item.stub ? stubHeight : nodeHeight) / 2;
    box = box
      ? { x1: Math.min(box.x1, p.x - halfWidth), y1: Math.min(box.y1, p.y - halfHeight), x2: Math.max(box.x2, p.x + halfWidth), y2: Math.max(box.y2, p.y + halfHeight) }
      : { x1: p.x - halfWidth, y1: p.y - halfHeight, x2: p.x + halfWidth, y2: p.y + halfHeight };
  }
  return box;
}

/** The view showing a box as large as fits with some padding, within [min, max] zoom, centred. */
function viewOf(box: Box, width: number, height: number, padding: number, min: number, max: number): Viewport {
  const zoom = Math.max(min, Math.min(max, (width - 2 * padding) / Math.max(1, box.x2 - box.x1), (height - 2 * padding) / Math.max(1, box.y2 - box.y1)));
  return { zoom, pan: { x: width / 2 - (zoom * (box.x1 + box.x2)) / 2, y: height / 2 - (zoom * (box.y1 + box.y2)) / 2 } };
}

/** Everything, however small. */
export function wholeView(model: GraphModel, width: number, height: number): Viewport {
  const box = boxOf(model, model.byId.keys());
  return box ? viewOf(box, width, height, 24, 0.02, 1.1) : { zoom: 1, pan: { x: width / 2, y: height / 2 } };
}

/** The zoom of the first view when the whole tree does not read at once. */
const firstZoom = 0.9;

/**
 * The first view: the whole tree when it reads at once; otherwise, at a zoom where labels read, the
 * process the tree is about centred across, as many generations above it as fit at the top (up to
 * eight), and below it its children: the process stays in the upper half when it has children.
 */
export function firstView(model: GraphModel, focusKey: string, width: number, height: number): Viewport {
  const whole = wholeView(model, width, height);
  const focus = model.at.get(focusKey);
  if (whole.zoom >= readableZoom || !focus) return whole;
  const top = 52; // clear of the graph's toolbar
  const lowest = (model.children.get(focusKey)?.length ?? 0) > 0 ? 0.5 : 0.8;
  let highest = focus.y;
  let up = model.byId.get(focusKey)!.parentId;
  for (let generation = 0; generation < 8 && up !== null && model.at.has(up); generation++) {
    const y = model.at.get(up)!.y;
    if (top + (focus.y - y + nodeHeight) * firstZoom > height * lowest) break;
    highest = y;
    up = model.byId.get(up)!.parentId;
  }
  return { zoom: firstZoom, pan: { x: width / 2 - firstZoom * focus.x, y: top - firstZoom * (highest - nodeHeight / 2) } };
}

/** What a view shows, in the graph's own coordinates, widened by `margin` views on every side. */
export function shownBox(view: Viewport, width: number, height: number, margin = 0): Box {
  const x1 = -view.pan.x / view.zoom;
  const y1 = -view.pan.y / view.zoom;
  const w = width / view.zoom;
  const h = height / view.zoom;
  return { x1: x1 - margin * w, y1: y1 - margin * h, x2: x1 + w + margin * w, y2: y1 + h + margin * h };
}

export function inBox(p: Placed, box: Box): boolean {
  return p.x >= box.x1 && p.x <= box.x2 && p.y >= box.y1 && p.y <= box.y2;
}

/**
 * The order to add items in: first all those in (or half a view around) the first view, then the rest
 * nearest first, `size` at a time. Every item comes exactly once.
 */
export function loadingBatches(model: GraphModel, view: Viewport, width: number, height: number, size: number): string[][] {
  const near = shownBox(view, width, height, 0.5);
  const centre = { x: (near.x1 + near.x2) / 2, y: (near.y1 + near.y2) / 2 };
  const first: string[] = [];
  const rest: Array<[string, number]> = [];
  for (const item of model.items) {
    const p = model.at.get(item.id)!;
    if (inBox(p, near)) first.push(item.id);
    else rest.push([item.id, (p.x - centre.x) ** 2 + (p.y - centre.y) ** 2]);
  }
  rest.sort((a, b) => a[1] - b[1]);
  const batches = [first];
  for (let i = 0; i < rest.length; i += size) batches.push(rest.slice(i, i + size).map(([id]) => id));
  return batches;
}

/** The edges to add with a batch: to each item from its parent, and from it to its children, when both ends are there. */
export function edgesFor(model: GraphModel, batch: readonly string[], present: ReadonlySet<string>): Array<{ id: string; source: string; target: string; stub: boolean }> {
  const inBatch = new Set(batch);
  const edges: Array<{ id: string; source: string; target: string; stub: boolean }> = [];
  for (const id of batch) {
    const item = model.byId.get(id)!;
    if (item.parentId !== null && (present.has(item.parentId) || inBatch.has(item.parentId))) edges.push({ id: `edge:${id}`, source: item.parentId, target: id, stub: item.stub });
    for (const child of model.children.get(id) ?? []) {
      if (present.has(child) && !inBatch.has(child)) edges.push({ id: `edge:${child}`, source: id, target: child, stub: model.byId.get(child)!.stub });
    }
  }
  return edges;
}
