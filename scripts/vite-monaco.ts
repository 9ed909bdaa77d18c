// Monaco under the renderer's strict Content-Security-Policy: its stylesheet helper (which writes inline
// <style> elements, refused by style-src 'self') is replaced at build time by one that adopts
// constructable stylesheets (src-renderer/editor/monaco/style-sheets.ts). Used by the app's renderer
// build and by the SECL editor's e2e harness.
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** `root`: the repository's root (a bundled config's import.meta.dirname is not this file's folder). */
export function monacoUnderStrictCsp(root: string): Plugin {
  const replacement = resolve(root, 'src-renderer', 'editor', 'monaco', 'style-sheets.ts');
  return {
    name: 'workbench-monaco-strict-csp',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && /[\\/]monaco-editor[\\/]/.test(importer) && /(^|\/)domStylesheets\.js$/.test(source)) return replacement;
      return null;
    },
  };
}
