// SECL in the editor: single expressions (a rule form's field) and whole policy files (YAML).
import { seclExpressionService, seclPolicyService, type SeclContext } from '../../src-shared/secl-language/index.ts';
import { defineEditorLanguage } from './languages.ts';

const emptyContext: SeclContext = {};

export const seclExpressionLanguage = defineEditorLanguage<SeclContext>({
  service: seclExpressionService,
  emptyContext,
  configuration: {
    comments: { lineComment: '#' },
    brackets: [
      ['(', ')'],
      ['[', ']'],
    ],
    autoClosingPairs: [
      { open: '(', close: ')' },
      { open: '[', close: ']' },
      { open: '"', close: '"', notIn: ['string'] },
    ],
    surroundingPairs: [
      { open: '(', close: ')' },
      { open: '[', close: ']' },
      { open: '"', close: '"' },
    ],
    // A field with its dots and registers is one word: double-click selects it, completion replaces it whole.
    wordPattern: /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[A-Za-z_][A-Za-z0-9_]*\])*|-?\d+/,
  },
});

export const seclPolicyLanguage = defineEditorLanguage<SeclContext>({
  service: seclPolicyService,
  emptyContext,
  configuration: {
    comments: { lineComment: '#' },
    brackets: [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ],
    autoClosingPairs: [
      { open: '{', close: '}' },
      { open: '[', close: ']' },
      { open: '(', close: ')' },
      { open: '"', close: '"' },
      { open: "'", close: "'" },
    ],
    wordPattern: /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[A-Za-z_][A-Za-z0-9_]*\])*|-?\d+/,
    indentationRules: { increaseIndentPattern: /:\s*(#.*)?$/, decreaseIndentPattern: /^\s*$/ },
  },
  baseTokens: async () => {
    const yaml = await import('monaco-editor/languages/definitions/yaml/yaml');
    return { conf: yaml.conf, language: yaml.language };
  },
});
