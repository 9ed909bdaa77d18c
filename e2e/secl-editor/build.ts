// Builds the SECL editor's harness page with the same vite setup as the app's renderer (React, Monaco
// with its worker, the strict-CSP stylesheet replacement), for the browser host to serve under the app's
// own Content-Security-Policy.
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { build } from 'vite';
import { monacoUnderStrictCsp } from '../../scripts/vite-monaco.ts';

export async function buildSeclEditorHarness(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: import.meta.dirname,
    base: './',
    logLevel: 'warn',
    plugins: [react(), monacoUnderStrictCsp(resolve(import.meta.dirname, '..', '..'))],
    build: { outDir: resolve(outDir), emptyOutDir: true, target: 'chrome130', chunkSizeWarningLimit: 10_000 },
  });
}
