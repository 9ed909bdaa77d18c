// The editor's languages. Each one brings a pure LanguageService (src-shared: completion, hover,
// diagnostics, quick fixes, formatting, highlighting) and, optionally, Monaco's own tokenizer for the
// text around it (policy files are YAML). SECL registers itself in secl-languages.ts; a second language
// (CEL for posture rules) adds its own file beside it and touches nothing here or in SECL's code.
import type { languages } from 'monaco-editor/editor/editor.api';
import type { LanguageService } from '../../src-shared/language-service/types.ts';

export interface BaseTokens {
  conf: languages.LanguageConfiguration;
  language: languages.IMonarchLanguage;
}

export interface EditorLanguage<Context> {
  service: LanguageService<Context>;
  /** Brackets, comments, word pattern: how Monaco edits the text. */
  configuration: languages.LanguageConfiguration;
  /** Monaco's tokenizer for the surrounding syntax, loaded on demand; the service's tokens colour the rest. */
  baseTokens?: () => Promise<BaseTokens>;
  /** The context used when a page gives none. */
  emptyContext: Context;
}

// Each language keeps its own context type; the registry only stores and hands them back.
const registry = new Map<string, EditorLanguage<unknown>>();

export function defineEditorLanguage<Context>(language: EditorLanguage<Context>): EditorLanguage<Context> {
  if (registry.has(language.service.id)) throw new Error(`editor language ${language.service.id} is defined twice`);
  registry.set(language.service.id, language as EditorLanguage<unknown>);
  return language;
}

export function editorLanguage(id: string): EditorLanguage<unknown> {
  const language = registry.get(id);
  if (!language) throw new Error(`no editor language ${id}: import its definition file`);
  return language;
}

export function editorLanguageIds(): string[] {
  return [...registry.keys()];
}
