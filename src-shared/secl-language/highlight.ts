// Highlighting: the engine's tokens, with identifiers told apart the way the checker tells them apart
// (field, macro, list, constant), so the colour already says whether a name is known.
import type { HighlightToken, TokenClass } from '../language-service/types.ts';
import { resolveIdentifier } from '../secl/resolve.ts';
import type { MacroTable } from '../secl/index.ts';
import { lexAll, type LexToken } from './lex.ts';

const keywords = new Set(['and', 'or', 'not', 'in', 'allin', 'true', 'false']);
const delimiters = new Set(['(', ')', '[', ']', ',']);

export function identifierClass(name: string, macros: MacroTable, lists: ReadonlySet<string>): TokenClass {
  if (keywords.has(name)) return 'keyword';
  const resolved = resolveIdentifier(name, macros);
  switch (resolved.k) {
    case 'macro':
      return lists.has(resolved.id) ? 'list' : 'macro';
    case 'constant':
      return 'constant';
    case 'field':
    case 'length':
    case 'iterator-length':
      return 'field';
    default:
      return 'identifier';
  }
}

function tokenClass(token: LexToken, macros: MacroTable, lists: ReadonlySet<string>): TokenClass {
  switch (token.type) {
    case 'ident':
      return identifierClass(token.text, macros, lists);
    case 'op':
      return delimiters.has(token.text) ? 'delimiter' : 'operator';
    case 'string':
      return 'string';
    case 'pattern':
      return 'pattern';
    case 'regex':
      return 'regex';
    case 'int':
    case 'duration':
    case 'ip':
    case 'cidr':
      return 'number';
    case 'variable':
      return 'variable';
    case 'comment':
      return 'comment';
    default:
      return 'invalid';
  }
}

/** Tokens of a SECL expression, offsets shifted by `base` (its place in a larger document). */
export function highlightSecl(source: string, macros: MacroTable, lists: ReadonlySet<string>, base = 0): HighlightToken[] {
  return lexAll(source).map((token) => ({ start: base + token.start, end: base + token.end, type: tokenClass(token, macros, lists) }));
}
