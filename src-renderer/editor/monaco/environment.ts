// Monaco's environment, set before any Monaco module runs (monaco.ts imports this first): its one web
// worker, bundled by vite, and trusted-types policies that keep its HTML within the renderer's CSP.
//
// Monaco renders lines, line numbers and selections as HTML strings with style="top:…px" attributes,
// which style-src 'self' refuses. Every such string passes through a trusted-types policy first; ours
// renames the attribute to data-csp-style, and applyCspStyles() turns it into element.style (the CSSOM,
// which CSP allows) as the nodes arrive, before the browser paints them.
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { cspStyleAttribute, moveStyleAttributes } from './csp-html.ts';

function applyTo(element: Element): void {
  const css = element.getAttribute(cspStyleAttribute);
  if (css === null) return;
  (element as HTMLElement).style.cssText = css;
  element.removeAttribute(cspStyleAttribute);
}

/** Applies the renamed styles of everything added under `root`, now and from now on. */
export function applyCspStyles(root: HTMLElement): () => void {
  const sweep = (node: Node) => {
    if (!(node instanceof Element)) return;
    applyTo(node);
    for (const element of node.querySelectorAll(`[${cspStyleAttribute}]`)) applyTo(element);
  };
  sweep(root);
  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) sweep(node);
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}

interface PolicyOptions {
  createHTML?: (value: string) => string;
  createScript?: (value: string) => string;
  createScriptURL?: (value: string) => string;
}

const environment = {
  getWorker: () => new EditorWorker(),
  createTrustedTypesPolicy: (name: string, options: PolicyOptions = {}) => ({
    name,
    createHTML: (value: string) => moveStyleAttributes(options.createHTML ? options.createHTML(value) : value),
    createScript: options.createScript,
    createScriptURL: options.createScriptURL,
  }),
};

(globalThis as unknown as { MonacoEnvironment: typeof environment }).MonacoEnvironment = environment;
