// Where each character of a YAML scalar's value sits in the YAML source, for every scalar style (plain,
// single- and double-quoted, literal | and folded > blocks), so SECL positions inside a policy file's
// `expression:` map back to the exact characters the author typed. The mapping is checked against the
// value the yaml package parsed; on any disagreement it falls back to a coarser one instead of pointing
// at the wrong characters.
import { Scalar } from 'yaml';

export interface ScalarText {
  /** The value, without trailing line breaks (they mean nothing to SECL). */
  text: string;
  /** offsets[i]: where text[i] starts in the source; offsets[text.length]: just after the last character. */
  offsets: number[];
  /** Whether every character maps exactly (false: positions are approximate, e.g. an unusual block header). */
  exact: boolean;
}

interface Line {
  text: string;
  start: number;
}

function linesOf(source: string, from: number, to: number): Line[] {
  const out: Line[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || source[i] === '\n') {
      let end = i;
      if (end > start && source[end - 1] === '\r') end--;
      out.push({ text: source.slice(start, end), start });
      start = i + 1;
    }
  }
  return out;
}

class Builder {
  chars: string[] = [];
  offsets: number[] = [];
  push(text: string, offset: number): void {
    for (let i = 0; i < text.length; i++) {
      this.chars.push(text[i] as string);
      this.offsets.push(offset + i);
    }
  }
  pushAt(char: string, offset: number): void {
    this.chars.push(char);
    this.offsets.push(offset);
  }
}

function trimStart(line: Line): Line {
  const match = /^[ \t]*/.exec(line.text)?.[0].length ?? 0;
  return { text: line.text.slice(match), start: line.start + match };
}

function trimEnd(line: Line): Line {
  return { text: line.text.replace(/[ \t]+$/, ''), start: line.start };
}

/** Flow folding (plain and quoted): a single line break becomes a space, n+1 breaks become n newlines. */
function foldFlow(lines: Line[], emit: (builder: Builder, line: Line, index: number) => void, joinsNext: (index: number) => boolean = () => false): Builder {
  const builder = new Builder();
  let empties = 0;
  let previousEnd = lines[0] ? lines[0].start + lines[0].text.length : 0;
  let glued = false;
  lines.forEach((line, i) => {
    const isLast = i === lines.length - 1;
    let current = i > 0 ? trimStart(line) : line;
    if (!isLast && !joinsNext(i)) current = trimEnd(current);
    if (i > 0 && current.text === '' && !isLast) {
      empties++;
      return;
    }
    if (i > 0 && !glued) {
      if (empties > 0) for (let k = 0; k < empties; k++) builder.pushAt('\n', previousEnd);
      else builder.pushAt(' ', previousEnd);
    }
    empties = 0;
    emit(builder, current, i);
    glued = joinsNext(i);
    previousEnd = current.start + current.text.length;
  });
  return builder;
}

function plain(source: string, from: number, to: number): Builder {
  return foldFlow(linesOf(source, from, to), (builder, line) => builder.push(line.text, line.start));
}

function singleQuoted(source: string, from: number, to: number): Builder {
  return foldFlow(linesOf(source, from + 1, to - 1), (builder, line) => {
    for (let i = 0; i < line.text.length; i++) {
      builder.pushAt(line.text[i] as string, line.start + i);
      if (line.text[i] === "'" && line.text[i + 1] === "'") i++;
    }
  });
}

const escapes: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029' };
const hexLength: Record<string, number> = { x: 2, u: 4, U: 8 };

function doubleQuoted(source: string, from: number, to: number): Builder {
  const lines = linesOf(source, from + 1, to - 1);
  // A line ending in an odd number of backslashes continues on the next without a space.
  const joins = (index: number): boolean => index < lines.length - 1 && (/\\+$/.exec(lines[index]?.text ?? '')?.[0].length ?? 0) % 2 === 1;
  return foldFlow(
    lines,
    (builder, line, index) => {
      const text = joins(index) ? line.text.slice(0, -1) : line.text;
      for (let i = 0; i < text.length; i++) {
        const c = text[i] as string;
        if (c !== '\\' || i + 1 >= text.length) {
          builder.pushAt(c, line.start + i);
          continue;
        }
        const next = text[i + 1] as string;
        const hex = hexLength[next];
        if (hex !== undefined) {
          const code = parseInt(text.slice(i + 2, i + 2 + hex), 16);
          builder.pushAt(String.fromCodePoint(Number.isNaN(code) ? 0xfffd : code), line.start + i);
          i += 1 + hex;
        } else {
          builder.pushAt(escapes[next] ?? next, line.start + i);
          i++;
        }
      }
    },
    joins,
  );
}

function block(source: string, from: number, to: number, folded: boolean): Builder | null {
  const headerEnd = source.indexOf('\n', from);
  if (headerEnd < 0 || headerEnd >= to) return new Builder();
  const header = source.slice(from, headerEnd);
  if (/[1-9]/.test(header.replace(/#.*/, ''))) return null; // explicit indentation: rare, left to the fallback
  const lines = linesOf(source, headerEnd + 1, to);
  // Lines of spaces only are empty; anything else (a tab included) is content beyond the indentation.
  const blank = (line: Line) => /^ *$/.test(line.text);
  const first = lines.find((line) => !blank(line));
  if (!first) return new Builder();
  const indent = /^ */.exec(first.text)?.[0].length ?? 0;
  const content = lines.map((line) => (blank(line) && line.text.length <= indent ? { text: '', start: line.start + line.text.length } : { text: line.text.slice(indent), start: line.start + indent }));
  while (content.length > 0 && (content[content.length - 1] as Line).text === '') content.pop();
  const builder = new Builder();
  const moreIndented = (line: Line | undefined) => line !== undefined && /^[ \t]/.test(line.text);
  content.forEach((line, i) => {
    builder.push(line.text, line.start);
    if (i === content.length - 1) return;
    const breakAt = line.start + line.text.length;
    if (!folded || line.text === '' || moreIndented(line)) {
      builder.pushAt('\n', breakAt);
      return;
    }
    const next = content[i + 1] as Line;
    if (next.text !== '') {
      builder.pushAt(moreIndented(next) ? '\n' : ' ', breakAt);
      return;
    }
    // Normal line, then empty lines: the first break is folded away unless a more-indented line follows.
    const nextFull = content.slice(i + 1).find((candidate) => candidate.text !== '');
    if (moreIndented(nextFull)) builder.pushAt('\n', breakAt);
  });
  return builder;
}

/** The text of a scalar `node` parsed from `source`, with where each character came from. */
export function scalarText(source: string, node: Scalar): ScalarText {
  const value = node.value === null || node.value === undefined ? '' : String(node.value);
  const wanted = value.replace(/\n+$/, '');
  const [from, to] = node.range ?? [0, 0];
  let built: Builder | null;
  switch (node.type) {
    case Scalar.PLAIN:
      built = plain(source, from, to);
      break;
    case Scalar.QUOTE_SINGLE:
      built = singleQuoted(source, from, to);
      break;
    case Scalar.QUOTE_DOUBLE:
      built = doubleQuoted(source, from, to);
      break;
    case Scalar.BLOCK_LITERAL:
      built = block(source, from, to, false);
      break;
    case Scalar.BLOCK_FOLDED:
      built = block(source, from, to, true);
      break;
    default:
      built = null;
  }
  if (built && built.chars.join('').replace(/\n+$/, '') === wanted && typeof node.value === 'string') {
    const offsets = built.offsets.slice(0, wanted.length);
    const last = offsets[offsets.length - 1];
    offsets.push(last === undefined ? (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? from + 1 : from) : last + 1);
    return { text: wanted, offsets, exact: true };
  }
  // Fallback: the value as written in one piece, or everything at the scalar's start.
  const at = source.indexOf(wanted, from);
  if (wanted !== '' && at >= 0 && at + wanted.length <= to) return { text: wanted, offsets: Array.from({ length: wanted.length + 1 }, (_, i) => at + i), exact: true };
  return { text: wanted, offsets: Array.from({ length: wanted.length + 1 }, () => from), exact: false };
}
