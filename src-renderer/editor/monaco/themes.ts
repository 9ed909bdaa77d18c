// Monaco themes in the workbench's colours (styles.css), one per app theme. SECL tokens are coloured by
// CSS (secl-editor.css) through decorations, so these only set the editor's frame and YAML's tokens.
import type { Monaco } from './monaco.ts';
import type { Theme } from '../../components/theme.ts';

export const monacoThemeName: Record<Theme, string> = { light: 'workbench-light', dark: 'workbench-dark' };

let defined = false;

export function defineThemes(monaco: Monaco): void {
  if (defined) return;
  defined = true;
  monaco.editor.defineTheme(monacoThemeName.light, {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'type', foreground: '6a3fd1' },
      { token: 'string', foreground: '1a7f4b' },
      { token: 'number', foreground: 'a15c00' },
      { token: 'keyword', foreground: '1f5fbf' },
      { token: 'comment', foreground: '5d6778', fontStyle: 'italic' },
      { token: 'operators', foreground: '5d6778' },
    ],
    colors: {
      'editor.background': '#ffffff',
      'editor.foreground': '#1c2330',
      'editorLineNumber.foreground': '#9aa3b5',
      'editorLineNumber.activeForeground': '#5d6778',
      'editor.lineHighlightBackground': '#f3f0fb',
      'editor.lineHighlightBorder': '#00000000',
      'editor.selectionBackground': '#d9ccf6',
      'editor.inactiveSelectionBackground': '#e9e3f8',
      'editorCursor.foreground': '#6a3fd1',
      'editorError.foreground': '#b42318',
      'editorWarning.foreground': '#a15c00',
      'editorWidget.background': '#ffffff',
      'editorWidget.border': '#d9dde5',
      'editorSuggestWidget.background': '#ffffff',
      'editorSuggestWidget.border': '#d9dde5',
      'editorSuggestWidget.selectedBackground': '#ece6fb',
      'editorSuggestWidget.selectedForeground': '#1c2330',
      'editorSuggestWidget.highlightForeground': '#6a3fd1',
      'editorSuggestWidget.focusHighlightForeground': '#4b22b0',
      'editorHoverWidget.background': '#ffffff',
      'editorHoverWidget.border': '#d9dde5',
      focusBorder: '#6a3fd1',
    },
  });
  monaco.editor.defineTheme(monacoThemeName.dark, {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'type', foreground: 'b9a2f7' },
      { token: 'string', foreground: '6fd6a0' },
      { token: 'number', foreground: 'fdb022' },
      { token: 'keyword', foreground: '7cb4ff' },
      { token: 'comment', foreground: '9aa3b5', fontStyle: 'italic' },
      { token: 'operators', foreground: '9aa3b5' },
    ],
    colors: {
      'editor.background': '#1a1d25',
      'editor.foreground': '#e4e7ee',
      'editorLineNumber.foreground': '#5d6778',
      'editorLineNumber.activeForeground': '#9aa3b5',
      'editor.lineHighlightBackground': '#232733',
      'editor.lineHighlightBorder': '#00000000',
      'editor.selectionBackground': '#4b3a80',
      'editor.inactiveSelectionBackground': '#3a3060',
      'editorCursor.foreground': '#b9a2f7',
      'editorError.foreground': '#f97066',
      'editorWarning.foreground': '#fdb022',
      'editorWidget.background': '#232733',
      'editorWidget.border': '#323847',
      'editorSuggestWidget.background': '#232733',
      'editorSuggestWidget.border': '#323847',
      'editorSuggestWidget.selectedBackground': '#3b2f63',
      'editorSuggestWidget.selectedForeground': '#e4e7ee',
      'editorSuggestWidget.highlightForeground': '#b9a2f7',
      'editorSuggestWidget.focusHighlightForeground': '#d8c8ff',
      'editorHoverWidget.background': '#232733',
      'editorHoverWidget.border': '#323847',
      focusBorder: '#9b7bf0',
    },
  });
}
