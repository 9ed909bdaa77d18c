// Any LanguageService (pure, offsets) as a Monaco language: providers for completion, hover, quick fixes
// and formatting, markers for diagnostics, and decorations for the service's highlighting. Monaco's
// providers are per language, so the page's context (SECL: the packs' macros) is kept per model.
import type { editor as monacoEditor, IDisposable, languages } from 'monaco-editor/editor/editor.api';
import type { CompletionKind, Diagnostic, TextRange } from '../../../src-shared/language-service/types.ts';
import { editorLanguage } from '../languages.ts';
import type { Monaco } from './monaco.ts';

export const markerOwner = 'workbench-language';

const contexts = new WeakMap<monacoEditor.ITextModel, unknown>();
const installed = new Set<string>();

export function setModelContext(model: monacoEditor.ITextModel, context: unknown): void {
  contexts.set(model, context);
}

function contextOf(model: monacoEditor.ITextModel, id: string): unknown {
  return contexts.get(model) ?? editorLanguage(id).emptyContext;
}

function toRange(monaco: Monaco, model: monacoEditor.ITextModel, range: TextRange) {
  const start = model.getPositionAt(range.start);
  const end = model.getPositionAt(range.end);
  return new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
}

function completionKind(monaco: Monaco, kind: CompletionKind): languages.CompletionItemKind {
  const kinds = monaco.languages.CompletionItemKind;
  switch (kind) {
    case 'field':
      return kinds.Field;
    case 'macro':
      return kinds.Function;
    case 'list':
      return kinds.Enum;
    case 'constant':
      return kinds.Constant;
    case 'keyword':
      return kinds.Keyword;
    case 'operator':
      return kinds.Operator;
    default:
      return kinds.Value;
  }
}

const severities = { error: 8, warning: 4, info: 2 } as const;

/** Registers the language's providers with Monaco, once. */
export function installLanguage(monaco: Monaco, id: string): void {
  if (installed.has(id)) return;
  installed.add(id);
  const language = editorLanguage(id);
  const service = language.service;
  monaco.languages.register({ id });
  monaco.languages.setLanguageConfiguration(id, language.configuration);
  void language.baseTokens?.().then((tokens) => monaco.languages.setMonarchTokensProvider(id, tokens.language));

  monaco.languages.registerCompletionItemProvider(id, {
    triggerCharacters: [...service.completionTriggers],
    provideCompletionItems(model, position) {
      const items = service.complete(model.getValue(), model.getOffsetAt(position), contextOf(model, id));
      return {
        suggestions: items.map((item) => ({
          label: item.label,
          kind: completionKind(monaco, item.kind),
          detail: item.detail,
          documentation: item.documentation ? { value: item.documentation } : undefined,
          insertText: item.insertText ?? item.label,
          range: toRange(monaco, model, item.range),
          sortText: item.sortText,
          command: item.retrigger ? { id: 'editor.action.triggerSuggest', title: 'Suggest' } : undefined,
        })),
      };
    },
  });

  monaco.languages.registerHoverProvider(id, {
    provideHover(model, position) {
      const hover = service.hover(model.getValue(), model.getOffsetAt(position), contextOf(model, id));
      return hover && { range: toRange(monaco, model, hover.range), contents: [{ value: hover.markdown }] };
    },
  });

  monaco.languages.registerCodeActionProvider(
    id,
    {
      provideCodeActions(model, _range, context) {
        const text = model.getValue();
        const actions: languages.CodeAction[] = [];
        for (const marker of context.markers) {
          const diagnostic: Diagnostic = {
            range: { start: model.getOffsetAt({ lineNumber: marker.startLineNumber, column: marker.startColumn }), end: model.getOffsetAt({ lineNumber: marker.endLineNumber, column: marker.endColumn }) },
            severity: marker.severity === 8 ? 'error' : marker.severity === 4 ? 'warning' : 'info',
            message: marker.message,
            code: typeof marker.code === 'string' ? marker.code : (marker.code?.value ?? ''),
          };
          for (const fix of service.quickFixes(text, diagnostic, contextOf(model, id))) {
            actions.push({
              title: fix.title,
              kind: 'quickfix',
              diagnostics: [marker],
              isPreferred: fix.preferred ?? false,
              edit: { edits: fix.edits.map((edit) => ({ resource: model.uri, versionId: model.getVersionId(), textEdit: { range: toRange(monaco, model, edit.range), text: edit.text } })) },
            });
          }
        }
        return { actions, dispose() {} };
      },
    },
    { providedCodeActionKinds: ['quickfix'] },
  );

  monaco.languages.registerDocumentFormattingEditProvider(id, {
    displayName: 'Workbench',
    provideDocumentFormattingEdits(model) {
      return service.format(model.getValue(), contextOf(model, id)).map((edit) => ({ range: toRange(monaco, model, edit.range), text: edit.text }));
    },
  });
}

export interface AttachOptions {
  /** Every change of the diagnostics, for the page (a status line, a disabled Save). */
  onDiagnostics?(diagnostics: Diagnostic[]): void;
}

/** Keeps an editor's markers and highlighting up to date with its model, as the author types. */
export function attachLanguage(monaco: Monaco, editor: monacoEditor.IStandaloneCodeEditor, id: string, options: AttachOptions = {}): IDisposable {
  const service = editorLanguage(id).service;
  const highlights = editor.createDecorationsCollection();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const highlight = () => {
    const model = editor.getModel();
    if (!model) return;
    const tokens = service.highlight(model.getValue(), contextOf(model, id));
    highlights.set(tokens.map((token) => ({ range: toRange(monaco, model, token), options: { inlineClassName: `secl-tok secl-tok-${token.type}` } })));
  };
  const diagnose = () => {
    const model = editor.getModel();
    if (!model) return;
    const diagnostics = service.diagnose(model.getValue(), contextOf(model, id));
    monaco.editor.setModelMarkers(
      model,
      markerOwner,
      diagnostics.map((diagnostic) => {
        const range = toRange(monaco, model, diagnostic.range);
        return { severity: severities[diagnostic.severity], message: diagnostic.message, code: diagnostic.code, source: diagnostic.code === 'yaml' ? 'YAML' : 'SECL', startLineNumber: range.startLineNumber, startColumn: range.startColumn, endLineNumber: range.endLineNumber, endColumn: range.endColumn };
      }),
    );
    options.onDiagnostics?.(diagnostics);
  };
  let highlightTimer: ReturnType<typeof setTimeout> | undefined;
  const refresh = (immediately: boolean) => {
    // Colours follow each keystroke in a rule-sized text; a whole policy file (Datadog's is 220 KB, about
    // 150 ms to re-read) waits for a pause, its decorations moving with the edits meanwhile.
    clearTimeout(highlightTimer);
    if (immediately || (editor.getModel()?.getValueLength() ?? 0) < 20_000) highlight();
    else highlightTimer = setTimeout(highlight, 200);
    clearTimeout(timer);
    if (immediately) diagnose();
    else timer = setTimeout(diagnose, 350);
  };
  refresh(true);
  const onChange = editor.onDidChangeModelContent(() => refresh(false));
  const onModel = editor.onDidChangeModel(() => refresh(true));
  return {
    dispose() {
      clearTimeout(timer);
      clearTimeout(highlightTimer);
      onChange.dispose();
      onModel.dispose();
      highlights.clear();
    },
  };
}

let detailsOpened = false;

/**
 * Opens the completion list's documentation pane the first time a list shows (Monaco starts with it
 * closed and remembers the choice for the page): a rule author should see what a field means without
 * knowing Ctrl+Space toggles it. Reaches into the suggest widget, which Monaco exposes no API for.
 */
export function openSuggestionDetailsOnce(editor: monacoEditor.IStandaloneCodeEditor): IDisposable {
  type Widget = { onDidShow(listener: () => void): IDisposable; toggleDetails(): void };
  const controller = editor.getContribution('editor.contrib.suggestController') as unknown as { widget?: { value?: Widget } } | null;
  const widget = controller?.widget?.value;
  if (!widget) return { dispose() {} };
  return widget.onDidShow(() => {
    if (detailsOpened) return;
    detailsOpened = true;
    widget.toggleDetails();
  });
}
