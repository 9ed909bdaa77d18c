// SeclEditor: Monaco with the SECL language, for a rule form's expression field or a whole policy file.
//
//   import { SeclEditor } from '../../editor/SeclEditor.tsx';
//
//   <SeclEditor
//     value={expression}                  // controlled text
//     onChange={setExpression}            // every edit
//     mode="expression"                   // 'expression': one SECL expression (grows with its text, 2–14 lines)
//                                         // 'policy': a whole policy YAML file (fills its container: give it a height)
//     context={packContext}               // optional: { macros: MacroInfo[] } of the loaded packs (PackContext fits as is);
//                                         //   completion, hover and the checker then know them. A policy file's own macros are always known.
//     ariaLabel="Rule expression"         // required: what the field is, for screen readers
//     onRun={runTests}                    // optional: Ctrl+Enter (⌘+Enter)
//     onDiagnostics={(d) => setErrors(d)} // optional: the current problems (empty when the text checks), e.g. to disable Save
//     placeholder='exec.file.name == "curl"'  // optional, expression mode
//     readOnly={false}                    // optional
//     autoFocus                           // optional
//   />
//
// Completion (Ctrl+Space; as you type), hover, errors underlined as you type with their message below the
// field (expression mode), quick fixes (Ctrl+. or the "Fix" button), formatting (Shift+Alt+F or the
// "Format" button), Ctrl+Enter to run. Monaco loads on first use: pages without an editor do not pay for it.
// Follows the app's light/dark theme. Tab moves focus out of an expression field (Ctrl+M toggles).
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { editor as monacoEditor } from 'monaco-editor/editor/editor.api';
import type { Diagnostic } from '../../src-shared/language-service/types.ts';
import type { SeclContext } from '../../src-shared/secl-language/index.ts';
import type { EditorLanguage } from './languages.ts';
import { useDocumentTheme } from './useDocumentTheme.ts';
import './secl-editor.css';

export interface SeclEditorProps {
  value: string;
  onChange(value: string): void;
  mode: 'expression' | 'policy';
  context?: SeclContext;
  ariaLabel: string;
  onRun?(): void;
  onDiagnostics?(diagnostics: Diagnostic[]): void;
  placeholder?: string;
  readOnly?: boolean;
  autoFocus?: boolean;
}

type MonacoModule = typeof import('./monaco/monaco.ts');
type Loaded = {
  monaco: MonacoModule['monaco'];
  adapter: typeof import('./monaco/adapter.ts');
  themes: typeof import('./monaco/themes.ts');
  environment: typeof import('./monaco/environment.ts');
  secl: typeof import('./secl-languages.ts');
};

// Monaco and the SECL services (with the yaml parser) load together on first use: the page that imports
// this component carries only the component itself.
let loading: Promise<Loaded> | null = null;
function loadMonaco(): Promise<Loaded> {
  loading ??= Promise.all([import('./monaco/monaco.ts'), import('./monaco/adapter.ts'), import('./monaco/themes.ts'), import('./monaco/environment.ts'), import('./secl-languages.ts')]).then(
    ([m, adapter, themes, environment, secl]) => ({ monaco: m.monaco, adapter, themes, environment, secl }),
  );
  return loading;
}

function languageOf(loaded: Loaded, mode: SeclEditorProps['mode']): EditorLanguage<SeclContext> {
  return mode === 'policy' ? loaded.secl.seclPolicyLanguage : loaded.secl.seclExpressionLanguage;
}

const lineHeight = 20;
const expressionLines = { min: 2, max: 14 };

function where(model: monacoEditor.ITextModel, diagnostic: Diagnostic): string {
  const position = model.getPositionAt(diagnostic.range.start);
  return `${position.lineNumber}:${position.column}`;
}

export function SeclEditor({ value, onChange, mode, context, ariaLabel, onRun, onDiagnostics, placeholder, readOnly = false, autoFocus = false }: SeclEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const reattach = useRef<(() => void) | null>(null);
  const emitted = useRef(value);
  // The editor once created (state, not a ref: the status line renders from it).
  const [instance, setInstance] = useState<{ loaded: Loaded; editor: monacoEditor.IStandaloneCodeEditor; language: EditorLanguage<SeclContext> } | null>(null);
  const ready = instance !== null;
  const [failed, setFailed] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ text: string; diagnostics: Diagnostic[] } | null>(null);
  const [height, setHeight] = useState(mode === 'expression' ? expressionLines.min * lineHeight + 14 : 0);
  const theme = useDocumentTheme();
  const statusId = useId();
  // The latest callbacks, read by Monaco's listeners without re-creating the editor.
  const latest = useRef({ onChange, onRun, onDiagnostics, context });
  useLayoutEffect(() => {
    latest.current = { onChange, onRun, onDiagnostics, context };
  });

  // Create the editor once per mode.
  useEffect(() => {
    let disposed = false;
    const cleanups: (() => void)[] = [];
    loadMonaco().then(
      (loaded) => {
        const element = host.current;
        if (disposed || !element) return;
        const { monaco, adapter, themes, environment } = loaded;
        const language = languageOf(loaded, mode);
        const languageId = language.service.id;
        themes.defineThemes(monaco);
        adapter.installLanguage(monaco, languageId);
        cleanups.push(environment.applyCspStyles(element));
        const model = monaco.editor.createModel(value, languageId);
        adapter.setModelContext(model, latest.current.context ?? language.emptyContext);
        const expression = mode === 'expression';
        const editor = monaco.editor.create(element, {
          model,
          theme: themes.monacoThemeName[theme],
          ariaLabel,
          automaticLayout: true,
          fixedOverflowWidgets: true,
          useShadowDOM: false,
          readOnly,
          placeholder: expression ? placeholder : undefined,
          fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, monospace",
          fontSize: 13,
          lineHeight,
          minimap: { enabled: false },
          lineNumbers: expression ? 'off' : 'on',
          lineNumbersMinChars: 3,
          glyphMargin: false,
          folding: false,
          lineDecorationsWidth: expression ? 8 : 10,
          renderLineHighlight: expression ? 'none' : 'line',
          scrollBeyondLastLine: false,
          wordWrap: expression ? 'on' : 'off',
          wrappingIndent: 'indent',
          overviewRulerLanes: expression ? 0 : 2,
          hideCursorInOverviewRuler: true,
          overviewRulerBorder: false,
          scrollbar: { alwaysConsumeMouseWheel: false, verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
          padding: expression ? { top: 6, bottom: 6 } : { top: 8, bottom: 8 },
          tabSize: 2,
          insertSpaces: true,
          detectIndentation: false,
          tabFocusMode: expression,
          wordBasedSuggestions: 'off',
          quickSuggestions: { other: true, comments: false, strings: false },
          suggest: { showWords: false, preview: false, filterGraceful: true, showStatusBar: false },
          'semanticHighlighting.enabled': false,
          stickyScroll: { enabled: false },
          unicodeHighlight: { ambiguousCharacters: false },
          contextmenu: true,
          accessibilitySupport: 'auto',
          // The hidden textarea, not Chrome's EditContext: with EditContext, fast typing lost characters.
          editContext: false,
        });
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun?.());
        const attach = () =>
          adapter.attachLanguage(monaco, editor, languageId, {
            onDiagnostics: (found) => {
              setChecked({ text: model.getValue(), diagnostics: found });
              latest.current.onDiagnostics?.(found);
            },
          });
        let attached = attach();
        const details = adapter.openSuggestionDetailsOnce(editor);
        cleanups.push(() => details.dispose());
        cleanups.push(() => attached.dispose());
        // Re-attaching recomputes markers and colours, e.g. when the packs' macros arrive.
        reattach.current = () => {
          attached.dispose();
          attached = attach();
        };
        const changes = editor.onDidChangeModelContent(() => {
          emitted.current = model.getValue();
          latest.current.onChange(emitted.current);
        });
        cleanups.push(() => changes.dispose());
        if (expression) {
          const sizes = editor.onDidContentSizeChange((event) => {
            // +2: the frame's border, so that text that fits shows no scrollbar.
            const max = expressionLines.max * lineHeight + 14;
            setHeight(Math.min(max, Math.max(expressionLines.min * lineHeight + 14, event.contentHeight + 2)));
          });
          cleanups.push(() => sizes.dispose());
        }
        if (autoFocus) editor.focus();
        cleanups.push(() => {
          editor.dispose();
          model.dispose();
          setInstance(null);
        });
        setInstance({ loaded, editor, language });
      },
      (error: unknown) => setFailed(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      disposed = true;
      for (const cleanup of cleanups.reverse()) cleanup();
    };
    // The editor is created once per mode; later prop changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode]);

  // A value set from outside (another rule loaded) replaces the text. The page echoing back what the
  // editor emitted is not one: renders lag behind fast typing, and resetting then would lose keystrokes.
  useEffect(() => {
    const model = instance?.editor.getModel();
    if (!model || value === emitted.current) return;
    emitted.current = value;
    if (model.getValue() !== value) model.setValue(value);
  }, [value, instance]);

  useEffect(() => {
    const model = instance?.editor.getModel();
    if (!instance || !model) return;
    instance.loaded.adapter.setModelContext(model, context ?? instance.language.emptyContext);
    reattach.current?.();
  }, [context, instance]);

  useEffect(() => {
    if (instance) instance.loaded.monaco.editor.setTheme(instance.loaded.themes.monacoThemeName[theme]);
  }, [theme, instance]);

  useEffect(() => {
    instance?.editor.updateOptions({ readOnly, ariaLabel });
  }, [readOnly, ariaLabel, instance]);

  const format = useCallback(() => {
    if (!instance) return;
    void instance.editor.getAction('editor.action.formatDocument')?.run();
    instance.editor.focus();
  }, [instance]);

  const applyFix = useCallback(
    (diagnostic: Diagnostic) => {
      const model = instance?.editor.getModel();
      if (!instance || !model) return;
      const { editor, loaded, language } = instance;
      const fix = language.service.quickFixes(model.getValue(), diagnostic, latest.current.context ?? language.emptyContext).find((candidate) => candidate.preferred);
      if (!fix) return;
      editor.executeEdits(
        'quick-fix',
        fix.edits.map((edit) => {
          const start = model.getPositionAt(edit.range.start);
          const end = model.getPositionAt(edit.range.end);
          return { range: new loaded.monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), text: edit.text };
        }),
      );
      editor.focus();
    },
    [instance],
  );

  const model = instance?.editor.getModel() ?? null;
  const diagnostics = checked?.diagnostics ?? [];
  // "No problems" only once the text on screen has been checked (checks wait for a pause in typing).
  const upToDate = checked !== null && checked.text === value;
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const first = errors[0];
  const language = instance?.language ?? null;
  const fix = first && model && language ? language.service.quickFixes(model.getValue(), first, context ?? language.emptyContext).find((candidate) => candidate.preferred) : undefined;

  return (
    <div className={`secl-editor secl-editor-${mode}${first ? ' secl-editor-invalid' : ''}`}>
      <div
        ref={host}
        className="secl-editor-host"
        style={mode === 'expression' ? { height } : undefined}
        role="group"
        aria-label={ariaLabel}
        aria-describedby={statusId}
        data-ready={ready ? 'true' : 'false'}
      >
        {!ready && !failed ? <div className="secl-editor-loading">Loading the editor…</div> : null}
      </div>
      <div className="secl-editor-status" id={statusId} role="status" aria-live="polite">
        {failed ? (
          <span className="secl-editor-problem">The editor could not load: {failed}</span>
        ) : first && model ? (
          <>
            <span className="secl-editor-problem">
              <span className="secl-editor-place">{where(model, first)}</span> {first.message}
              {errors.length > 1 ? <span className="secl-editor-more"> (+{errors.length - 1} more{mode === 'policy' ? ': F8 goes to the next' : ''})</span> : null}
            </span>
            {fix ? (
              <button type="button" className="secl-editor-fix" onClick={() => applyFix(first)}>
                {fix.title.startsWith('Change to ') ? fix.title.replace(/^Change to /, 'Fix: ') : `Fix: ${fix.title.charAt(0).toLowerCase()}${fix.title.slice(1)}`}
              </button>
            ) : null}
          </>
        ) : ready && value.trim() === '' ? (
          <span className="secl-editor-ok">{mode === 'expression' ? 'Ctrl+Space lists fields, operators and macros.' : ''}</span>
        ) : ready && upToDate ? (
          <span className="secl-editor-ok">No problems.</span>
        ) : null}
        <span className="secl-editor-actions">
          {ready && !readOnly ? (
            <button type="button" className="secl-editor-format" onClick={format} title="Format (Shift+Alt+F)">
              Format
            </button>
          ) : null}
        </span>
      </div>
    </div>
  );
}
