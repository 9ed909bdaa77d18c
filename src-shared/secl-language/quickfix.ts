// Quick fixes: the names closest to a misspelt field, constant or macro ("did you mean
// process.file.path?"), ranked by edit distance, the event type's own fields first; and '=' → '=='.
import type { Diagnostic, QuickFix } from '../language-service/types.ts';
import { constantNames, constantsFor, fieldAvailableOn, fields, type MacroTable } from '../secl/index.ts';
import { editDistance } from '../secl/suggest.ts';
import { resolveIdentifier } from '../secl/resolve.ts';
import { lexAll, significant } from './lex.ts';
import { namedEventType } from './complete.ts';

const registerRe = /^(process\.ancestors)(\[[A-Za-z_][A-Za-z0-9_]*\])(\..*)$/;

/** Up to `count` candidates within a typo's distance of `name`, closest first. */
export function nearest(name: string, candidates: Iterable<string>, count = 3, bonus: (candidate: string) => number = () => 0): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name || Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name, candidate);
    if (distance <= limit) scored.push({ candidate, score: distance - bonus(candidate) });
  }
  return scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate)).slice(0, count).map((item) => item.candidate);
}

function replaceWith(diagnostic: Diagnostic, text: string, preferred: boolean): QuickFix {
  return { title: `Change to ${text}`, edits: [{ range: diagnostic.range, text }], preferred };
}

export function quickFixesSecl(source: string, diagnostic: Diagnostic, macros: MacroTable): QuickFix[] {
  const written = source.slice(diagnostic.range.start, diagnostic.range.end);
  // Errors inside a macro are reported where the macro is used: the fix belongs in the macro, not here.
  if (diagnostic.message.startsWith('in macro ')) return [];
  switch (diagnostic.code) {
    case 'unknown-field': {
      const register = registerRe.exec(written);
      const name = register ? `${register[1]}${register[3]}` : written;
      const eventType = namedEventType(significant(lexAll(source)), macros, diagnostic.range);
      const onType = (candidate: string): number => {
        const def = fields.get(candidate);
        return def && eventType && fieldAvailableOn(def, eventType) ? 0.5 : 0;
      };
      const pool = register ? [...fields.keys()].filter((candidate) => candidate.startsWith('process.ancestors.')) : [...fields.keys(), ...macros.keys()];
      const found = nearest(name, pool, 3, onType);
      const rewrite = (candidate: string) => (register ? candidate.replace(/^process\.ancestors/, `process.ancestors${register[2]}`) : candidate);
      return found.map((candidate, i) => replaceWith(diagnostic, rewrite(candidate), i === 0));
    }
    case 'unknown-macro': {
      // An upper-case name: a constant or a macro. Prefer the constants of the field it is compared with.
      const tokens = significant(lexAll(source));
      const at = tokens.findIndex((token) => token.start === diagnostic.range.start);
      let family: readonly string[] = [];
      for (let i = at - 1; i >= 0 && i >= at - 12; i--) {
        const token = tokens[i];
        if (token?.type !== 'ident') continue;
        const resolved = resolveIdentifier(token.text, macros);
        if (resolved.k === 'field') {
          family = constantsFor(resolved.def);
          break;
        }
      }
      const familySet = new Set(family);
      const found = nearest(written, [...macros.keys(), ...constantNames()], 3, (candidate) => (familySet.has(candidate) ? 0.5 : 0));
      return found.map((candidate, i) => replaceWith(diagnostic, candidate, i === 0));
    }
    case 'unknown-variable': {
      const guess = /did you mean \$\{([A-Za-z0-9_.]+)\}\?/.exec(diagnostic.message)?.[1];
      return guess ? [replaceWith(diagnostic, `\${${guess}}`, true)] : [];
    }
    case 'syntax':
      if (written === '=' && /compare with '=='/.test(diagnostic.message)) return [{ title: "Change '=' to '=='", edits: [{ range: diagnostic.range, text: '==' }], preferred: true }];
      return [];
    default:
      return [];
  }
}
