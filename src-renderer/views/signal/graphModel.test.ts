// What the graph is given: a big tree's first view shows the process it is about at a readable zoom, the
// processes in that view come first, every process and every edge arrives exactly once however the tree
// is cut into batches, and a small tree is shown whole.
import { describe, expect, it } from 'vitest';
import type { ProcessNode, ProcessTree } from '../../../src-shared/api/domain.ts';
import { edgesFor, firstView, graphModel, inBox, loadingBatches, readableZoom, shownBox } from './graphModel.ts';

function node(pid: number, parentPid: number | null, role: ProcessNode['role'], hiddenChildren = 0): ProcessNode {
  return {
    key: `${pid}@${pid * 1000}`, pid, startNs: pid * 1000, ppid: parentPid ?? 0, parentKey: parentPid === null ? null : `${parentPid}@${parentPid * 1000}`, role,
    executable: '/usr/bin/make', argv0: 'make', argv: ['-j8'], comm: 'make', user: 'ci', uid: 999, cwd: '/builds', tty: '', containerId: '', exitNs: null, exitCode: null, eventCount: 2, hiddenChildren,
  };
}

/** systemd → runner → make (the focus) → 50 sub-makes → 99 compilers each. */
function buildTree(): ProcessTree {
  const nodes = [node(1, null, 'ancestor', 3), node(100, 1, 'ancestor'), node(101, 100, 'focus')];
  let pid = 1000;
  for (let lib = 0; lib < 50; lib++) {
    const sub = pid++;
    nodes.push(node(sub, 101, 'descendant'));
    for (let file = 0; file < 99; file++) nodes.push(node(pid++, sub, 'descendant'));
  }
  return { host: { id: 1, name: 'ci', address: '', os: '', kernel: '', arch: '' }, focusKey: '101@101000', nodes, hidden: 3, limit: 6000 };
}

describe('the process tree graph model', () => {
  it('opens a big tree on the process it is about, readable, with its parent above it', () => {
    const tree = buildTree();
    const model = graphModel(tree, new Set());
    const view = firstView(model, tree.focusKey, 800, 600);
    expect(view.zoom).toBeGreaterThanOrEqual(readableZoom);
    const shown = shownBox(view, 800, 600);
    expect(inBox(model.at.get(tree.focusKey)!, shown)).toBe(true);
    expect(inBox(model.at.get('100@100000')!, shown)).toBe(true);
  });

  it('shows a small tree whole', () => {
    const tree: ProcessTree = { ...buildTree(), nodes: [node(1, null, 'ancestor'), node(101, 1, 'focus'), node(102, 101, 'descendant')] };
    const model = graphModel(tree, new Set());
    const view = firstView(model, tree.focusKey, 800, 600);
    const shown = shownBox(view, 800, 600);
    for (const id of model.byId.keys()) expect(inBox(model.at.get(id)!, shown), id).toBe(true);
  });

  it('hands over what is in view first, then everything else once, each edge once when both its ends are there', () => {
    const tree = buildTree();
    const model = graphModel(tree, new Set());
    const view = firstView(model, tree.focusKey, 800, 600);
    const batches = loadingBatches(model, view, 800, 600, 500);
    expect(batches[0]).toContain(tree.focusKey);
    expect(batches[0]!.length).toBeLessThan(200);
    const all = batches.flat();
    expect(all).toHaveLength(model.items.length); // the processes and the "+3 more" under systemd
    expect(new Set(all).size).toBe(all.length);
    const present = new Set<string>();
    const edges: string[] = [];
    for (const batch of batches) {
      for (const edge of edgesFor(model, batch, present)) {
        expect(present.has(edge.source) || batch.includes(edge.source)).toBe(true);
        expect(present.has(edge.target) || batch.includes(edge.target)).toBe(true);
        edges.push(edge.id);
      }
      batch.forEach((id) => present.add(id));
    }
    expect(new Set(edges).size).toBe(edges.length);
    expect(edges).toHaveLength(model.items.length - 1); // a tree: one edge into everything but the root
  });
});
