// Monaco, lean: the editor core and only the contributions the SECL editor uses (completion, hover, quick
// fixes, formatting, problems navigation, find, context menu), with its single editor worker, all bundled
// by vite: nothing is fetched at run time. Loaded on demand (SeclEditor imports it dynamically), so pages
// without an editor do not pay for it. The environment must be set before Monaco's modules run: first.
import './environment.ts';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/placeholderText/register';
import 'monaco-editor/features/wordOperations/register';

export { monaco };
export type Monaco = typeof monaco;
