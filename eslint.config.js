// Lint, and the process boundaries of DESIGN.md as rules: `electron` only inside src-main/electron,
// no Node in src-shared or the renderer, no DOM in src-shared, and no reaching across layers.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeModules = builtinModules.filter((name) => !name.startsWith('_'));
const noNode = nodeModules.flatMap((name) => [name, `node:${name}`]).map((name) => ({
  name,
  message: 'Node modules are not available here: this code also runs in the renderer or must stay pure (DESIGN.md, Folders and layers).',
}));
const noElectron = {
  name: 'electron',
  message: 'Only src-main/electron/ may import electron: importing it from Node downloads the Electron binary (DESIGN.md, Toolchain decisions).',
};
const electronPattern = { group: ['electron/*'], message: noElectron.message };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', '.scratch/**', 'e2e/artifacts/**', 'sensor/build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [electronPattern] }],
    },
  },
  {
    files: ['src-main/**/*.ts', 'scripts/**', 'e2e/**', 'bench/**', 'sensor/**', '*.config.*', 'bin/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode],
          patterns: [
            electronPattern,
            { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared is the bottom layer: it imports nothing of main or the renderer.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer', 'require', '__dirname', '__filename'].map((name) => ({
          name,
          message: 'src-shared is pure TypeScript: no DOM and no Node globals.',
        })),
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode],
          patterns: [electronPattern, { group: ['**/src-main/**'], message: 'The renderer talks to main only through window.workbench.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname', '__filename'].map((name) => ({ name, message: 'The renderer has no Node: talk to main through window.workbench.' })),
      ],
    },
  },
);
