// Stands in for Monaco's base/browser/domStylesheets.js (the build aliases it here, see
// scripts/vite-monaco.ts). Monaco writes its theme, token colours and widget styles into <style>
// elements, which the renderer's Content-Security-Policy (style-src 'self', no 'unsafe-inline')
// refuses. Here each "style element" is a detached <style> (never inserted, so never checked) whose
// text goes into a constructable stylesheet adopted by the document: the CSSOM, which CSP allows.
import { DisposableStore, toDisposable, type IDisposable } from 'monaco-editor/base/common/lifecycle';
import { autorun } from 'monaco-editor/base/common/observableInternal/reactions/autorun';

interface Adopted {
  sheet: CSSStyleSheet;
  root: Document | ShadowRoot;
}

const adopted = new WeakMap<HTMLStyleElement, Adopted>();

function rootOf(container: Node): Document | ShadowRoot {
  const root = container.getRootNode();
  // A container not yet in the page (widgets are built before they are attached) styles the document:
  // Monaco scopes those rules by unique class names, so they are global anyway.
  return root instanceof ShadowRoot ? root : document;
}

export function createStyleSheet(container: HTMLElement = document.head, beforeAppend?: (style: HTMLStyleElement) => void, disposableStore?: DisposableStore): HTMLStyleElement {
  const style = document.createElement('style');
  const sheet = new CSSStyleSheet();
  let text = '';
  Object.defineProperty(style, 'textContent', {
    configurable: true,
    get: () => text,
    set: (value: string | null) => {
      text = value ?? '';
      sheet.replaceSync(text);
    },
  });
  Object.defineProperty(style, 'sheet', { configurable: true, get: () => sheet });
  const root = rootOf(container);
  beforeAppend?.(style);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  adopted.set(style, { sheet, root });
  style.remove = () => {
    root.adoptedStyleSheets = root.adoptedStyleSheets.filter((candidate) => candidate !== sheet);
  };
  disposableStore?.add(toDisposable(() => style.remove()));
  return style;
}

let shared: HTMLStyleElement | null = null;
function sharedStyleSheet(): HTMLStyleElement {
  shared ??= createStyleSheet();
  return shared;
}

export function createCSSRule(selector: string, cssText: string, style: HTMLStyleElement = sharedStyleSheet()): void {
  if (!cssText) return;
  const sheet = adopted.get(style)?.sheet;
  sheet?.insertRule(`${selector} {${cssText}}`, 0);
}

export function removeCSSRulesContainingSelector(ruleName: string, style: HTMLStyleElement = sharedStyleSheet()): void {
  const sheet = adopted.get(style)?.sheet;
  if (!sheet) return;
  for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
    const rule = sheet.cssRules[i];
    if (rule instanceof CSSStyleRule && rule.selectorText.includes(ruleName)) sheet.deleteRule(i);
  }
}

interface Observable<T> {
  read(reader: unknown): T;
}

export function createStyleSheetFromObservable(css: Observable<string>): IDisposable {
  const store = new DisposableStore();
  let style: HTMLStyleElement | null = null;
  store.add(
    autorun((reader) => {
      const text = css.read(reader);
      style ??= createStyleSheet(undefined, undefined, store);
      style.textContent = text;
    }),
  );
  return store;
}
