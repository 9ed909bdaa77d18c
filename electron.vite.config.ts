// Three builds, with our folder names: the Electron main process, the sandboxed preload (CommonJS, as
// sandboxed preloads must be), and the renderer. `electron-vite build` needs no Electron binary.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { monacoUnderStrictCsp } from './scripts/vite-monaco.ts';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      target: 'node22',
      rolldownOptions: {
        input: { main: resolve(root, 'src-main/electron/main.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      target: 'node22',
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [react(), monacoUnderStrictCsp(root)],
    build: {
      outDir: resolve(root, 'out/renderer'),
      target: 'chrome130',
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
