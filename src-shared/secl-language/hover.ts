// Hover: what the name under the pointer is, in the words of the field dictionary, the constant tables and
// the macro's own definition.
import type { HoverInfo } from '../language-service/types.ts';
import type { MacroTable } from '../secl/index.ts';
import { resolveIdentifier } from '../secl/resolve.ts';
import { isListMacro, type SeclMacroInfo } from './context.ts';
import { constantMarkdown, fieldMarkdown, macroMarkdown, operatorDocs } from './docs.ts';
import { lexAll } from './lex.ts';

export function hoverSecl(source: string, offset: number, macros: MacroTable, infos: readonly SeclMacroInfo[]): HoverInfo | null {
  const token = lexAll(source).find((candidate) => candidate.start <= offset && offset < candidate.end);
  if (!token) return null;
  const range = { start: token.start, end: token.end };
  if (token.type === 'variable') return token.value === 'process.pid' ? { range, markdown: '**${process.pid}** · `int`\n\nThe process ID of the event’s process, e.g. in `"/proc/${process.pid}/maps"`.' } : null;
  if (token.type === 'op') {
    const doc = operatorDocs[token.text];
    return doc ? { range, markdown: `**${token.text}**\n\n${doc}` } : null;
  }
  if (token.type !== 'ident') return null;
  if (operatorDocs[token.text]) return { range, markdown: `**${token.text}**\n\n${operatorDocs[token.text]}` };
  const resolved = resolveIdentifier(token.text, macros);
  switch (resolved.k) {
    case 'field':
      return { range, markdown: fieldMarkdown(resolved.def, token.text) };
    case 'length':
      return { range, markdown: `**${token.text}** · \`int\`\n\nThe length of ${resolved.def.array ? 'the list' : 'the string'} \`${resolved.def.name}\`${resolved.def.array ? ' (its number of elements)' : ' (its number of characters)'}.` };
    case 'iterator-length':
      return { range, markdown: `**${token.text}** · \`int\`\n\nThe number of ancestors of the process.` };
    case 'constant':
      return { range, markdown: constantMarkdown(token.text) };
    case 'macro': {
      const info = infos.find((macro) => macro.id === resolved.id) ?? { id: resolved.id, expression: macros.get(resolved.id)?.expression ?? '' };
      return { range, markdown: macroMarkdown(info, isListMacro(info)) };
    }
    default:
      return null;
  }
}
