// The one way the renderer makes a cytoscape graph. Cytoscape puts a <style> element in the page the
// first time it draws, which the renderer's Content-Security-Policy (no inline styles) refuses and reports
// as an error; it skips that when an element with its id is there, so a marker takes its place (the one
// rule it held, position: relative on the container, is up to the container's own CSS). The graph is reachable from its container for tests and
// benchmarks, which click nodes where they are drawn.
import cytoscape, { type Core, type CytoscapeOptions } from 'cytoscape';

const stylesheetId = '__________cytoscape_stylesheet';

export type GraphContainer = HTMLElement & { cytoscape?: Core };

export function createGraph(container: HTMLElement, options: Omit<CytoscapeOptions, 'container'>): Core {
  if (!document.getElementById(stylesheetId)) {
    const marker = document.createElement('meta');
    marker.id = stylesheetId;
    document.head.append(marker);
  }
  const cy = cytoscape({ ...options, container });
  (container as GraphContainer).cytoscape = cy;
  return cy;
}

/** A theme colour from styles.css (cytoscape draws on a canvas, which cannot read CSS variables). */
export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}
