// Diagnostics while typing: the engine's own parser and checker, so what the editor underlines is exactly
// what the policy loader would refuse, at the same characters.
import type { Diagnostic, TextRange } from '../language-service/types.ts';
import { checkRule, parseSecl, type MacroTable, type Node, type SeclError } from '../secl/index.ts';
import { resolveIdentifier } from '../secl/resolve.ts';

/** The error's span, widened to one character when it is empty (an error at the end of the text). */
export function errorRange(source: string, error: SeclError): TextRange {
  const start = Math.min(error.span.offset, source.length);
  const end = Math.min(source.length, start + error.span.length);
  if (end > start) return { start, end };
  if (start < source.length) return { start, end: start + 1 };
  return { start: Math.max(0, start - 1), end: start };
}

function toDiagnostic(source: string, error: SeclError): Diagnostic {
  return { range: errorRange(source, error), severity: 'error', message: error.reason, code: error.code };
}

type Ident = Extract<Node, { kind: 'ident' }>;

/** Every identifier of a tree, walked with a stack: right-grouped chains can be thousands of conditions deep. */
function identifiers(root: Node): Ident[] {
  const out: Ident[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.kind === 'ident') out.push(node);
    else if ('operand' in node) stack.push(node.operand);
    else if ('left' in node) stack.push(node.right, node.left);
    else if (node.kind === 'array') stack.push(...[...node.items].reverse());
  }
  return out;
}

export interface DiagnoseOptions {
  /** A rule is checked whole (types, one event type); a macro only for syntax and names, since it may be a list or a value. */
  kind?: 'rule' | 'macro';
  /** An empty text is not (yet) an error: a form's field being filled in. */
  allowEmpty?: boolean;
}

export function diagnoseSecl(source: string, macros: MacroTable, options: DiagnoseOptions = {}): Diagnostic[] {
  if (options.allowEmpty && source.trim() === '') return [];
  const parsed = parseSecl(source);
  if (!parsed.ok) return [toDiagnostic(source, parsed.error)];
  if (options.kind === 'macro') {
    const out: Diagnostic[] = [];
    for (const ident of identifiers(parsed.ast)) {
      if (['and', 'or', 'not', 'in', 'allin'].includes(ident.name)) continue;
      const resolved = resolveIdentifier(ident.name, macros);
      if (resolved.k === 'error') out.push({ range: errorRange(source, { span: ident.span } as SeclError), severity: 'error', message: resolved.reason, code: resolved.code });
    }
    return out;
  }
  return checkRule(parsed.ast, { macros }).errors.map((error) => toDiagnostic(source, error));
}
