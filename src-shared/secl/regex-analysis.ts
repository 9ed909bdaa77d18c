// What every match of a regular expression (Go syntax, as compileRegex takes it) must have, read from its
// source: the literals it must contain, and its shortest length. The rule index approves a rule by them
// (approvers.ts), so both must be conservative: when in doubt, less is claimed, never more.

/**
 * Literals every match of a regex (Go syntax, as compileRegex takes it) must contain, one per top-level
 * alternative, or null. Conservative: anything not plainly literal (classes, groups, anchors, escapes such
 * as \d) ends a run, and a character made optional by a quantifier is dropped. With (?i) anywhere, the
 * literals are compared in lower case (a superset of the regex's own case folding for ASCII).
 */
export function regexLiterals(source: string): { literals: string[]; caseInsensitive: boolean } | null {
  let body = source;
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(body);
  if (inline) body = body.slice(inline[0].length);
  const caseInsensitive = /\(\?[a-zA-Z]*i/.test(source);
  const literals = alternativesLiterals(body);
  if (literals === null) return null;
  // Lower-casing is only exact for ASCII.
  if (caseInsensitive && literals.some((literal) => !/^[\x20-\x7e]*$/.test(literal))) return null;
  return { literals: caseInsensitive ? literals.map((literal) => literal.toLowerCase()) : literals, caseInsensitive };
}

/** One literal (or set of literals) for each top-level alternative of a regex body, or null. */
function alternativesLiterals(body: string): string[] | null {
  const alternatives = splitTopLevel(body);
  if (alternatives === null) return null;
  const literals: string[] = [];
  for (const alternative of alternatives) {
    const needed = sequenceLiterals(alternative);
    if (needed === null) return null;
    literals.push(...needed);
  }
  return literals;
}

/** The regex split at its top-level | (outside groups and classes); null when it does not parse plainly. */
function splitTopLevel(body: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') i++;
    else if (char === '[') {
      const end = classEnd(body, i);
      if (end < 0) return null;
      i = end;
    } else if (char === '(') depth++;
    else if (char === ')') {
      if (--depth < 0) return null;
    } else if (char === '|' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(body.slice(start));
  return parts;
}

/** The index of the ] that closes the class opened at `open`, or -1. A ] right after [ or [^ is literal. */
function classEnd(body: string, open: number): number {
  let i = open + 1;
  if (body[i] === '^') i++;
  if (body[i] === ']') i++;
  for (; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === ']') return i;
  }
  return -1;
}

/** The index of the ) that closes the group opened at `open`, or -1. */
function groupEnd(body: string, open: number): number {
  let depth = 0;
  for (let i = open; i < body.length; i++) {
    const char = body[i];
    if (char === '\\') i++;
    else if (char === '[') {
      i = classEnd(body, i);
      if (i < 0) return -1;
    } else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return -1;
}

const quantifiers = new Set(['*', '?', '+', '{']);

/**
 * What a sequence (no top-level |) needs: its longest run of literal characters, or the literals of one of
 * its groups that must match (^(kworker|kthreadd) needs kworker or kthreadd), whichever selects more.
 */
function sequenceLiterals(body: string): string[] | null {
  const candidates: string[][] = [];
  let run = '';
  const endRun = () => {
    if (run !== '') candidates.push([run]);
    run = '';
  };
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    let literal: string | null = null;
    let group: string[] | null = null;
    let end = i;
    if (char === '\\') {
      const next = body[i + 1];
      if (next === undefined) return null;
      end = i + 1;
      // Escaped punctuation is itself; escaped letters and digits are classes, anchors or codes.
      if (!/[A-Za-z0-9]/.test(next)) literal = next;
    } else if (char === '[') {
      end = classEnd(body, i);
      if (end < 0) return null;
    } else if (char === '(') {
      end = groupEnd(body, i);
      if (end < 0) return null;
      const inner = body.slice(i + 1, end).replace(/^\?(?:[a-zA-Z]*:|P?<[^>]*>)/, '');
      if (!body.slice(i + 1, end).startsWith('?') || /^\?(?:[a-zA-Z]*:|P?<[^>]*>)/.test(body.slice(i + 1, end))) group = alternativesLiterals(inner);
    } else if (!'.^$|)*?+{'.includes(char)) {
      literal = char;
    }
    const following = body[end + 1];
    if (following !== undefined && quantifiers.has(following)) {
      // x* x? x{0,n}: x may be absent. x+: x is there, but what follows may not touch it.
      if (literal !== null && following === '+') run += literal;
      endRun();
      if (group !== null && following === '+') candidates.push(group);
      i = skipQuantifier(body, end + 1);
      continue;
    }
    if (literal === null) endRun();
    else run += literal;
    if (group !== null) candidates.push(group);
    i = end;
  }
  endRun();
  let best: string[] | null = null;
  const weakest = (literals: readonly string[]) => Math.min(...literals.map((literal) => literal.length));
  for (const candidate of candidates) {
    if (candidate.length === 0 || candidate.includes('')) continue;
    if (best === null || weakest(candidate) > weakest(best) || (weakest(candidate) === weakest(best) && candidate.length < best.length)) best = candidate;
  }
  return best;
}

/** The index of the last character of the quantifier starting at `at` (with a lazy ? after it). */
function skipQuantifier(body: string, at: number): number {
  let end = at;
  if (body[at] === '{') {
    const close = body.indexOf('}', at);
    end = close < 0 ? body.length - 1 : close;
  }
  if (body[end + 1] === '?') end++;
  return end;
}

/** Escapes of one character: classes and control characters. Other letters and digits (\x41, \p{…}, \Q…\E, back-references) are not read. */
const oneCharacterEscapes = new Set('dDwWsSntrfv');
/** Zero-width escapes: word boundaries and the text's ends. */
const zeroWidthEscapes = new Set('bBAz');

/**
 * The fewest UTF-16 code units any match of the regex has, as JavaScript (without the u flag, as
 * compileRegex builds it) counts them: a value shorter than that cannot match. 0 when the regex holds a
 * construct this does not read, which claims nothing.
 */
export function regexMinLength(source: string): number {
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(source);
  return alternativesMinLength(inline ? source.slice(inline[0].length) : source) ?? 0;
}

function alternativesMinLength(body: string): number | null {
  const alternatives = splitTopLevel(body);
  if (alternatives === null) return null;
  let shortest = Infinity;
  for (const alternative of alternatives) {
    const length = sequenceMinLength(alternative);
    if (length === null) return null;
    shortest = Math.min(shortest, length);
  }
  return shortest;
}

function sequenceMinLength(body: string): number | null {
  let total = 0;
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    let length: number;
    let end = i;
    if (char === '\\') {
      const next = body[i + 1];
      if (next === undefined) return null;
      end = i + 1;
      if (zeroWidthEscapes.has(next)) length = 0;
      else if (oneCharacterEscapes.has(next) || !/[A-Za-z0-9]/.test(next)) length = 1;
      else return null;
    } else if (char === '[') {
      end = classEnd(body, i);
      if (end < 0) return null;
      length = 1;
    } else if (char === '(') {
      end = groupEnd(body, i);
      if (end < 0) return null;
      const inner = body.slice(i + 1, end);
      const plain = /^\?(?:[a-zA-Z]*:|P?<[a-zA-Z_][a-zA-Z0-9_]*>)/.exec(inner);
      if (inner.startsWith('?') && plain === null) {
        // A flags group (?i) matches nothing; a lookaround, which Go lacks, is not read.
        if (!/^\?[a-zA-Z-]+$/.test(inner)) return null;
        length = 0;
      } else {
        const groupLength = alternativesMinLength(plain ? inner.slice(plain[0].length) : inner);
        if (groupLength === null) return null;
        length = groupLength;
      }
    } else if (char === '^' || char === '$') {
      length = 0;
    } else if (char === ')' || char === '|' || char === '*' || char === '+' || char === '?') {
      return null; // a stray quantifier or bracket: not a regex this reads
    } else {
      length = 1; // '.', a literal, or a { that starts no repeat
    }
    const repeat = repeatOf(body, end + 1);
    if (repeat === null) {
      total += length;
      i = end;
      continue;
    }
    total += length * repeat.min;
    i = repeat.end;
  }
  return total;
}

/** The quantifier at `at`, if any: the fewest repeats it allows and where it ends (a lazy ? included). */
function repeatOf(body: string, at: number): { min: number; end: number } | null {
  const char = body[at];
  let min: number;
  let end = at;
  if (char === '*' || char === '?') min = 0;
  else if (char === '+') min = 1;
  else if (char === '{') {
    const counted = /^\{(\d+)(?:,\d*)?\}/.exec(body.slice(at));
    if (counted === null) return null; // a literal {, in Go as in JavaScript
    min = Number(counted[1]);
    end = at + counted[0].length - 1;
  } else return null;
  if (body[end + 1] === '?') end++;
  return { min, end };
}
