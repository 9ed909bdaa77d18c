// The process tree as a cytoscape graph, top down: ancestors, the flagged process (red border), its
// siblings (faded) and descendants; "+N more" where the tree leaves children out. Clicking a process
// selects it; clicking "+N more" opens the tree of the process those children belong to. Labels are
// canvas text, never HTML. A big tree keeps every process but is drawn for speed: what is in view first
// (the graph answers at once) and the rest in batches after it, labels measured only for what comes into
// view, and cytoscape's viewport shortcuts (textures, no labels or edges while the view moves, no text
// too small to read).
import { useEffect, useRef, useState } from 'react';
import type { Core, ElementDefinition, StylesheetJson } from 'cytoscape';
import type { ProcessTree } from '../../../src-shared/api/domain.ts';
import { formatCount } from '../../format.ts';
import { createGraph, cssColor } from '../../graph/cytoscape.ts';
import { edgesFor, firstView, graphModel, inBox, loadingBatches, nodeHeight, nodeWidth, shownBox, stubHeight, stubWidth, wholeView, type Box, type GraphModel } from './graphModel.ts';

/** Past this many processes, the graph is drawn for speed. */
const bigTree = 1500;
/** Processes handed to cytoscape at a time after the first view (each costs a frame: style and drawing). */
const batchSize = 800;
/** After a click or a wheel, batches wait this long: what the person asked for is drawn first. */
const userPauseMs = 700;
/** Labels are drawn from this zoom on (12 px text, 7 px at least: min-zoomed-font-size). */
const labelZoom = 7 / 12;

function graphStyle(big: boolean): StylesheetJson {
  const danger = cssColor('--danger');
  const accent = cssColor('--accent');
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        width: nodeWidth,
        height: nodeHeight,
        'background-color': cssColor('--surface'),
        'border-width': 1,
        'border-color': cssColor('--graph-border'),
        label: 'data(label)',
        color: cssColor('--text'),
        'font-family': 'DejaVu Sans Mono, ui-monospace, monospace',
        'font-size': 12,
        'line-height': 1.3,
        'text-wrap': 'wrap',
        'text-max-width': `${nodeWidth - 16}px`,
        'text-valign': 'center',
        'text-halign': 'center',
        'text-justification': 'left',
        'min-zoomed-font-size': 7,
      },
    },
    { selector: 'node.ancestor', style: { 'background-color': cssColor('--surface-2') } },
    { selector: 'node.sibling', style: { opacity: 0.72 } },
    { selector: 'node.exited', style: { 'border-style': 'solid' } },
    { selector: 'node.flagged', style: { 'border-color': danger, 'border-width': 2, 'border-style': 'dashed' } },
    { selector: 'node.focus', style: { 'border-color': danger, 'border-width': 3, 'background-color': cssColor('--graph-focus') } },
    {
      selector: 'node.stub',
      style: { width: stubWidth, height: stubHeight, 'border-style': 'dashed', 'background-color': cssColor('--surface-2'), color: cssColor('--muted'), 'font-family': 'system-ui, sans-serif', 'text-justification': 'center' },
    },
    { selector: 'node.selected', style: { 'underlay-color': accent, 'underlay-padding': 7, 'underlay-opacity': 0.45, 'underlay-shape': 'round-rectangle' } },
    {
      selector: 'edge',
      style: big
        ? { width: 1.2, 'line-color': cssColor('--graph-edge'), 'curve-style': 'haystack' }
        : { width: 1.5, 'line-color': cssColor('--graph-edge'), 'curve-style': 'taxi', 'taxi-direction': 'downward', 'taxi-turn': 28, 'target-arrow-shape': 'triangle', 'target-arrow-color': cssColor('--graph-edge'), 'arrow-scale': 0.8 },
    },
    { selector: 'edge.stub-edge', style: { 'line-style': 'dashed' } },
  ];
}

/** Where labels are wanted now: in and around the view, when text is big enough to draw; null when not. */
function labelBox(cy: Core): Box | null {
  if (cy.zoom() < labelZoom) return null;
  const view = cy.extent();
  return { x1: view.x1 - view.w / 2, y1: view.y1 - view.h / 2, x2: view.x2 + view.w / 2, y2: view.y2 + view.h / 2 };
}

/** Elements for a batch of items; on a big tree only those in `labelled` (when given) get their label now. */
function elementsFor(model: GraphModel, batch: readonly string[], present: Set<string>, big: boolean, box: Box | null, labelled: Set<string>): ElementDefinition[] {
  const elements: ElementDefinition[] = [];
  for (const id of batch) {
    const item = model.byId.get(id)!;
    const position = model.at.get(id)!;
    const label = !big || (box !== null && inBox(position, box));
    if (label) labelled.add(id);
    elements.push({ group: 'nodes', data: { id, text: item.text, label: label ? item.text : '', ...(item.ofProcess ? { ofProcess: item.ofProcess } : {}) }, position: { ...position }, classes: item.classes });
  }
  for (const edge of edgesFor(model, batch, present)) elements.push({ group: 'edges', data: { id: edge.id, source: edge.source, target: edge.target }, ...(edge.stub ? { classes: 'stub-edge' } : {}) });
  for (const id of batch) present.add(id);
  return elements;
}

/** Gives the processes in and around the view their label, once. */
function labelInView(cy: Core, labelled: Set<string>): void {
  const box = labelBox(cy);
  if (!box) return;
  cy.batch(() => {
    for (const node of cy.nodes()) {
      const id = node.id();
      if (labelled.has(id) || !inBox(node.position(), box)) continue;
      labelled.add(id);
      node.data('label', node.data('text'));
    }
  });
}

export interface ProcessTreeGraphProps {
  tree: ProcessTree;
  /** Processes with matched events (marked besides the focus). */
  flagged: ReadonlySet<string>;
  selectedKey: string;
  onSelect(key: string): void;
  /** "+N more" was clicked: open the tree of this process, whose children were left out. */
  onOpenHidden(key: string): void;
  /** What the tree's own process is called on this page ("Flagged process", "This process"). */
  focusName: string;
  /** Every process of the tree is in the graph (a big tree adds them after its first view). */
  onComplete?(): void;
}

export function ProcessTreeGraph({ tree, flagged, selectedKey, onSelect, onOpenHidden, focusName, onComplete: whenComplete }: ProcessTreeGraphProps) {
  const container = useRef<HTMLDivElement>(null);
  const [graph, setGraph] = useState<{ cy: Core; model: GraphModel } | null>(null);
  const [drawing, setDrawing] = useState<{ done: number; total: number } | null>(null);
  const latest = useRef({ onSelect, onOpenHidden, selectedKey });
  const onComplete = useRef(whenComplete);
  useEffect(() => {
    latest.current = { onSelect, onOpenHidden, selectedKey };
    onComplete.current = whenComplete;
  }, [onSelect, onOpenHidden, selectedKey, whenComplete]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const big = tree.nodes.length > bigTree;
    const model = graphModel(tree, flagged);
    const width = element.clientWidth;
    const height = element.clientHeight;
    const view = firstView(model, tree.focusKey, width, height);
    const batches = big ? loadingBatches(model, view, width, height, batchSize) : [model.items.map((item) => item.id)];
    const present = new Set<string>();
    const labelled = new Set<string>();
    const firstLabels = view.zoom >= labelZoom ? shownBox(view, width, height, 0.5) : null;
    const cy = createGraph(element, {
      elements: elementsFor(model, batches[0]!, present, big, firstLabels, labelled),
      style: graphStyle(big),
      // positions come with the elements, and the view is set here: fitting would measure every label
      layout: { name: 'preset', fit: false },
      zoom: view.zoom,
      pan: view.pan,
      minZoom: 0.02,
      maxZoom: 3,
      boxSelectionEnabled: false,
      autoungrabify: true,
      autounselectify: true,
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      hideLabelsOnViewport: big,
      pixelRatio: big ? 1 : 'auto',
    });
    cy.getElementById(latest.current.selectedKey).addClass('selected');

    // the rest of a big tree, a batch at a time when the page is idle, and never just after a click, a
    // wheel or a drag: each batch costs a frame of style and drawing, and the person comes first
    let next = 1;
    let pausedUntil = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let idle: number | undefined;
    const addBatch = () => {
      const batch = batches[next++]!;
      cy.batch(() => {
        cy.add(elementsFor(model, batch, present, big, labelBox(cy), labelled));
        if (batch.includes(latest.current.selectedKey)) cy.getElementById(latest.current.selectedKey).addClass('selected');
      });
    };
    const schedule = () => {
      if (next >= batches.length) {
        setDrawing(null);
        element.dataset['complete'] = 'true';
        onComplete.current?.();
        return;
      }
      setDrawing({ done: present.size, total: model.items.length });
      idle = requestIdleCallback(
        () => {
          const wait = pausedUntil - performance.now();
          if (wait > 0) {
            timer = setTimeout(schedule, wait);
            return;
          }
          addBatch();
          schedule();
        },
        { timeout: 1000 },
      );
    };
    cy.on('tapstart', () => (pausedUntil = performance.now() + userPauseMs));
    element.addEventListener('wheel', () => (pausedUntil = performance.now() + userPauseMs), { passive: true });
    schedule();

    let labelTimer: ReturnType<typeof setTimeout> | undefined;
    if (big) {
      cy.on('viewport', () => {
        clearTimeout(labelTimer);
        labelTimer = setTimeout(() => labelInView(cy, labelled), 60);
      });
    }
    cy.on('tap', 'node', (event) => {
      const node = event.target as { id(): string; data(name: string): unknown };
      const ofProcess = node.data('ofProcess');
      if (typeof ofProcess === 'string') latest.current.onOpenHidden(ofProcess);
      else latest.current.onSelect(node.id());
    });
    cy.on('mouseover', 'node', () => element.classList.add('pointing'));
    cy.on('mouseout', 'node', () => element.classList.remove('pointing'));
    // the theme lives on <html>: restyle when it changes
    const observer = new MutationObserver(() => cy.style(graphStyle(big)));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    element.dataset['ready'] = 'true';
    setGraph({ cy, model });
    return () => {
      clearTimeout(timer);
      clearTimeout(labelTimer);
      if (idle !== undefined) cancelIdleCallback(idle);
      observer.disconnect();
      delete element.dataset['ready'];
      delete element.dataset['complete'];
      cy.destroy();
      setGraph(null);
      setDrawing(null);
    };
  }, [tree, flagged]);

  useEffect(() => {
    if (!graph) return;
    graph.cy.batch(() => {
      graph.cy.nodes('.selected').removeClass('selected');
      graph.cy.getElementById(selectedKey).addClass('selected');
    });
  }, [graph, selectedKey]);

  const zoomBy = (factor: number) => {
    if (!graph) return;
    const { cy } = graph;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };
  const show = (pick: 'first' | 'whole') => {
    if (!graph) return;
    const { cy, model } = graph;
    cy.viewport(pick === 'first' ? firstView(model, tree.focusKey, cy.width(), cy.height()) : wholeView(model, cy.width(), cy.height()));
  };

  return (
    <div className="tree-graph-wrap">
      <div className="graph-toolbar" role="toolbar" aria-label="Process tree view">
        <button type="button" onClick={() => show('first')} title="Back to the first view">{focusName}</button>
        <button type="button" onClick={() => show('whole')}>Fit all</button>
        <button type="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => zoomBy(0.8)} aria-label="Zoom out">−</button>
        {drawing && <span className="graph-drawing muted">drawing {formatCount(drawing.done)} of {formatCount(drawing.total)}…</span>}
      </div>
      <div ref={container} className="tree-graph" data-testid="process-graph" aria-label={`Process tree: ${tree.nodes.length} processes`} role="img" />
    </div>
  );
}
