// Sigma value modifiers (`CommandLine|contains|all`, `TargetFilename|re`, `DestinationIp|cidr`) and the
// values they qualify → SECL literals. Sigma compares strings case-insensitively unless told `cased`; our
// SECL engine expresses that with regular expressions carrying the (?i) flag (its ~"…" patterns are
// case-sensitive globs), so every string comparison becomes an anchored regular expression.
import { isIP } from 'node:net';

export type MatchKind = 'equals' | 'contains' | 'startswith' | 'endswith' | 're' | 'cidr' | 'exists' | 'gt' | 'gte' | 'lt' | 'lte';

export interface Modifiers {
  match: MatchKind;
  /** All values must hold (|all) rather than any. */
  all: boolean;
  cased: boolean;
  base64: boolean;
  /** Flags of |re: i, m, s. */
  reFlags: string;
}

/** Something the rule says that SECL over our events cannot honour. */
export interface Refusal {
  key: string;
  reason: string;
}

/** The rule itself is wrong (an unknown modifier, a value of the wrong kind). */
export class MalformedRule extends Error {
  /** Where in the detection the problem is. */
  readonly path: readonly (string | number)[];

  constructor(message: string, path: readonly (string | number)[]) {
    super(message);
    this.path = path;
  }
}

export type Scalar = string | number | boolean | null;

const refusedModifiers: Readonly<Record<string, string>> = {
  base64offset: 'matches base64 text at every byte offset; not supported',
  wide: 'UTF-16 encoding, for Windows command lines and registry values',
  utf16: 'UTF-16 encoding, for Windows command lines and registry values',
  utf16le: 'UTF-16 encoding, for Windows command lines and registry values',
  utf16be: 'UTF-16 encoding, for Windows command lines and registry values',
  windash: 'expands Windows option dashes (-, /, en and em dashes); a Windows modifier',
  fieldref: 'compares two fields of one event; SECL cannot compare two strings case-insensitively',
  expand: 'placeholders (%name%) stand for values each site defines',
  minute: 'a part of a timestamp; the sensor events carry no such field',
  hour: 'a part of a timestamp; the sensor events carry no such field',
  day: 'a part of a timestamp; the sensor events carry no such field',
  week: 'a part of a timestamp; the sensor events carry no such field',
  month: 'a part of a timestamp; the sensor events carry no such field',
  year: 'a part of a timestamp; the sensor events carry no such field',
};

const matchModifiers = new Set<MatchKind>(['contains', 'startswith', 'endswith', 're', 'cidr', 'exists', 'gt', 'gte', 'lt', 'lte']);
const regexFlagModifiers: Readonly<Record<string, string>> = { i: 'i', ignorecase: 'i', m: 'm', multiline: 'm', s: 's', dotall: 's' };

/** Reads `|contains|all` etc. Throws MalformedRule for unknown or contradictory modifiers. */
export function parseModifiers(names: readonly string[], key: string, path: readonly (string | number)[]): Modifiers | Refusal {
  const modifiers: Modifiers = { match: 'equals', all: false, cased: false, base64: false, reFlags: '' };
  for (const raw of names) {
    const name = raw.toLowerCase();
    const refused = refusedModifiers[name];
    if (refused !== undefined) return { key: `modifier ${name}`, reason: `${key}: modifier ${name}: ${refused}` };
    if (matchModifiers.has(name as MatchKind)) {
      if (modifiers.match !== 'equals') throw new MalformedRule(`${key}: modifiers ${modifiers.match} and ${name} cannot be combined`, path);
      modifiers.match = name as MatchKind;
    } else if (name === 'all') modifiers.all = true;
    else if (name === 'cased') modifiers.cased = true;
    else if (name === 'base64') modifiers.base64 = true;
    else if (regexFlagModifiers[name] !== undefined) {
      if (modifiers.match !== 're') throw new MalformedRule(`${key}: modifier ${name} only qualifies re`, path);
      modifiers.reFlags += regexFlagModifiers[name];
    } else throw new MalformedRule(`${key}: unknown modifier '${raw}'`, path);
  }
  if (modifiers.base64 && !['equals', 'contains', 'startswith', 'endswith'].includes(modifiers.match)) {
    throw new MalformedRule(`${key}: base64 cannot be combined with ${modifiers.match}`, path);
  }
  return modifiers;
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'reason' in value;
}

// ---- strings -------------------------------------------------------------------------------------

/**
 * A literal character in a regular expression. Backslashes become \x5c: the engine rewrites the text
 * `\z` and `\A` in every regex (Go's end and start anchors), which would corrupt an escaped backslash
 * followed by z or A.
 */
function escapeLiteral(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\x5c';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (/[.*+?^${}()|[\]]/.test(char)) out += `\\${char}`;
    else out += char;
  }
  return out;
}

type Piece = { text: string } | { wildcard: '*' | '?' };

/** Sigma's wildcards: * any run, ? one character; \* \? \\ are literal; any other backslash is literal. */
function pieces(value: string): Piece[] {
  const out: Piece[] = [];
  let literal = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    if (char === '\\' && i + 1 < value.length && ['*', '?', '\\'].includes(value[i + 1] as string)) {
      literal += value[++i];
    } else if (char === '*' || char === '?') {
      if (literal) out.push({ text: literal });
      literal = '';
      out.push({ wildcard: char });
    } else literal += char;
  }
  if (literal) out.push({ text: literal });
  return out;
}

function hasWildcard(value: string): boolean {
  return pieces(value).some((piece) => 'wildcard' in piece);
}

/** A regular expression for a Sigma string value under equals/contains/startswith/endswith. */
function stringRegex(value: string, match: 'equals' | 'contains' | 'startswith' | 'endswith', cased: boolean): string {
  const parts: Piece[] = [...(match === 'contains' || match === 'endswith' ? [{ wildcard: '*' as const }] : []), ...pieces(value), ...(match === 'contains' || match === 'startswith' ? [{ wildcard: '*' as const }] : [])];
  let start = 0;
  let end = parts.length;
  while (start < end && (parts[start] as Piece as { wildcard?: string }).wildcard === '*') start++;
  while (end > start && (parts[end - 1] as Piece as { wildcard?: string }).wildcard === '*') end--;
  let body = '';
  let dotAll = false;
  for (const piece of parts.slice(start, end)) {
    if ('text' in piece) body += escapeLiteral(piece.text);
    else {
      dotAll = true;
      if (piece.wildcard === '?') body += '.';
      else if (!body.endsWith('.*')) body += '.*';
    }
  }
  const source = `${start === 0 ? '^' : ''}${body}${end === parts.length ? '$' : ''}`;
  const flags = `${cased ? '' : 'i'}${dotAll ? 's' : ''}`;
  return flags ? `(?${flags})${source}` : source;
}

const jsEscapes = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B', 'n', 'r', 't', 'f', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/**
 * A Sigma regular expression (PCRE-like) → the engine's (JavaScript's, with Go's leading flag group).
 * Constructs that JavaScript reads differently or not at all are refused rather than silently changed.
 */
function sigmaRegex(source: string, flags: string, key: string): string | Refusal {
  const refuse = (why: string): Refusal => ({ key: 'regular expression syntax', reason: `${key} '${source}': ${why}` });
  let body = source;
  let allFlags = flags;
  const leading = /^\(\?([A-Za-z]+)\)/.exec(body);
  if (leading) {
    const inline = leading[1] as string;
    if (!/^[ims]+$/.test(inline)) return refuse(`the inline flags (?${inline}) have no JavaScript equivalent`);
    allFlags += inline;
    body = body.slice(leading[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char === '\\') {
      const next = body[i + 1];
      if (next === undefined) return refuse('it ends with a lone backslash');
      i++;
      if (next === '\\') {
        out += '\\x5c';
        continue;
      }
      if (/[A-Za-z0-9]/.test(next)) {
        const rest = body.slice(i + 1);
        const ok = jsEscapes.has(next)
          || (next === 'x' && /^[0-9A-Fa-f]{2}/.test(rest))
          || (next === 'c' && /^[A-Za-z]/.test(rest))
          || ((next === 'A' || next === 'z') && !inClass);
        if (!ok) return refuse(`the escape \\${next}${next === 'x' ? rest.slice(0, 1) : ''} means something else, or nothing, in JavaScript`);
      }
      out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (char === '[' && body[i + 1] === ':') return refuse('POSIX classes like [:alpha:] are read literally by JavaScript');
      if (char === ']') inClass = false;
      out += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      out += char;
      // PCRE reads a ] right after [ or [^ as a literal; JavaScript ends the class there.
      if (body[i + 1] === '^') out += body[++i];
      if (body[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (char === '(' && body[i + 1] === '?') {
      const group = body.slice(i + 2);
      if (!/^(?::|=|!|<=|<!|<[A-Za-z_][A-Za-z0-9_]*>)/.test(group)) return refuse(`the group (?${group.slice(0, 2)}… has no JavaScript equivalent`);
    }
    out += char;
  }
  const uniqueFlags = [...new Set(allFlags)].join('');
  try {
    new RegExp(out.replaceAll('\\z', '$').replaceAll('\\A', '^'), uniqueFlags);
  } catch (error) {
    return refuse(`JavaScript cannot run it (${(error as Error).message})`);
  }
  return uniqueFlags ? `(?${uniqueFlags})${out}` : out;
}

/** Whether a regex in the engine's form matches the empty string (the Image translation must know). */
export function matchesEmpty(regex: string): boolean {
  const leading = /^\(\?([ims]+)\)/.exec(regex);
  const body = leading ? regex.slice(leading[0].length) : regex;
  return new RegExp(body.replaceAll('\\z', '$').replaceAll('\\A', '^'), leading?.[1] ?? '').test('');
}

/** An r"…" SECL literal. In SECL only \" is an escape inside r"…": a quote, escaped or not, is written \". */
export function regexLiteral(regex: string): string {
  let out = '';
  for (let i = 0; i < regex.length; i++) {
    const char = regex[i] as string;
    if (char === '\\' && i + 1 < regex.length) {
      const next = regex[++i] as string;
      out += next === '"' ? '\\"' : `\\${next}`;
    } else out += char === '"' ? '\\"' : char;
  }
  return `r"${out}"`;
}

function text(value: Scalar): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * The regular expressions (engine form) a string-valued field item compares with, one per value.
 * exists and numeric comparisons are not string matches and are handled by the caller.
 */
export function stringRegexes(values: readonly Scalar[], modifiers: Modifiers, key: string): string[] | Refusal {
  const out: string[] = [];
  for (const value of values) {
    if (value === null) return { key: 'null value', reason: `${key}: null (the field is absent); the sensor's fields are never absent, only empty` };
    if (modifiers.match === 're') {
      const regex = sigmaRegex(text(value), modifiers.reFlags, key);
      if (isRefusal(regex)) return regex;
      out.push(regex);
      continue;
    }
    if (modifiers.match === 'cidr' || modifiers.match === 'gt' || modifiers.match === 'gte' || modifiers.match === 'lt' || modifiers.match === 'lte') {
      return { key: `modifier ${modifiers.match}`, reason: `${key}: ${modifiers.match} does not apply to a text field` };
    }
    let literal = text(value);
    if (modifiers.base64) {
      if (hasWildcard(literal)) return { key: 'modifier base64', reason: `${key}: base64 of a value with wildcards is undefined` };
      literal = Buffer.from(literal, 'utf8').toString('base64');
    }
    out.push(stringRegex(literal, modifiers.match as 'equals' | 'contains' | 'startswith' | 'endswith', modifiers.cased));
  }
  return out;
}

// ---- numbers, addresses, booleans ------------------------------------------------------------------

export function integerOf(value: Scalar): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return null;
}

export function booleanOf(value: Scalar): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return null;
}

function validCidr(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address ?? '');
  if (rest.length > 0 || family === 0 || (address ?? '').includes('%')) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Sigma IP values → SECL IP or CIDR literals. Text matches on whole IPv4 octets become CIDR ranges. */
export function ipLiterals(values: readonly Scalar[], modifiers: Modifiers, key: string, path: readonly (string | number)[]): string[] | Refusal {
  const out: string[] = [];
  for (const value of values) {
    const raw = text(value).trim();
    if (modifiers.match === 'cidr') {
      if (!validCidr(raw)) throw new MalformedRule(`${key}: '${raw}' is not a CIDR range`, path);
      out.push(raw);
      continue;
    }
    if (modifiers.match === 'equals' && isIP(raw) !== 0 && !raw.includes('%')) {
      out.push(raw);
      continue;
    }
    // 10.* or startswith '10.': a whole-octet IPv4 prefix is exactly a CIDR range.
    const prefix = modifiers.match === 'startswith' ? raw : modifiers.match === 'equals' && raw.endsWith('.*') ? raw.slice(0, -1) : null;
    const octets = prefix !== null && /^(\d{1,3}\.){1,3}$/.test(prefix) ? prefix.slice(0, -1).split('.') : null;
    if (octets && octets.every((octet) => Number(octet) <= 255)) {
      out.push(`${[...octets, '0', '0', '0'].slice(0, 4).join('.')}/${octets.length * 8}`);
      continue;
    }
    return {
      key: `${key.split('|')[0]} text match`,
      reason: `${key} '${raw}': the sensor's addresses compare as IP addresses; only exact addresses, CIDR ranges and whole-octet IPv4 prefixes translate`,
    };
  }
  return out;
}
