// String matchers, compiled once per rule: Datadog's simple patterns (`*` matches anything), path globs
// (`*` stays inside one directory, `**` crosses directories) and regular expressions.

export type StringMatcher = (value: string) => boolean;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A simple pattern: `*` matches any run of characters, '/' included; everything else is literal. */
export function compilePattern(pattern: string): StringMatcher {
  if (!pattern.includes('*')) return (value) => value === pattern;
  // The shapes rules mostly write (python3*, *id_rsa*, *.sh) as string tests: rules try them millions of times.
  const parts = pattern.split(/\*+/);
  if (parts.length === 2) {
    const [head, tail] = parts as [string, string];
    if (tail === '') return (value) => value.startsWith(head);
    if (head === '') return (value) => value.endsWith(tail);
    return (value) => value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
  }
  if (parts.length === 3 && parts[0] === '' && parts[2] === '') {
    const middle = parts[1] as string;
    return (value) => value.includes(middle);
  }
  const re = new RegExp(`^${pattern.split(/\*+/).map(escapeRegex).join('[\\s\\S]*')}$`);
  return (value) => re.test(value);
}

/**
 * A path glob, by directory: `*` matches within one path segment, a `**` segment matches any number of
 * segments (at the end, at least one: `/etc/**` matches files under /etc, not /etc itself). As in Datadog,
 * a glob whose first segment is `*` ignores the leading '/' of the path, so `*`/abc/`*` matches /1/abc/2.
 */
export function compileGlob(pattern: string): StringMatcher {
  if (!pattern.includes('*')) return (value) => value === pattern;
  return globShortcut(pattern) ?? globRegex(pattern);
}

/**
 * The shapes rules mostly write, as string tests (rules try them millions of times): /etc/cron.d/*,
 * /usr/bin/python*, /root/**, *.ko, *miner*. Null for any other glob, which the regex handles.
 */
function globShortcut(pattern: string): StringMatcher | null {
  const parts = pattern.split(/\*+/);
  const [head, tail] = parts as [string, string];
  if (parts.length === 2 && tail === '' && head !== '') {
    // A trailing ** as a whole segment crosses directories and needs one character more; any other
    // trailing star stays in the last directory.
    if (head.endsWith('/') && pattern.slice(head.length) === '**') return (value) => value.length > head.length && value.startsWith(head);
    return (value) => value.startsWith(head) && value.indexOf('/', head.length) < 0;
  }
  // A leading star in a glob without '/' keeps the whole value inside one directory.
  if (parts.length === 2 && head === '' && tail !== '' && !tail.includes('/')) return (value) => value.endsWith(tail) && !value.includes('/');
  if (parts.length === 3 && head === '' && parts[2] === '' && parts[1] !== '' && !(parts[1] as string).includes('/')) {
    const middle = parts[1] as string;
    return (value) => value.includes(middle) && !value.includes('/');
  }
  return null;
}

/** Any glob, as one regex. */
export function globRegex(pattern: string): StringMatcher {
  const segments = pattern.split('/');
  let source = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      // Consumes its own trailing '/', so `/a/**/b` also matches /a/b.
      source += last ? '[\\s\\S]+' : '(?:[^/]*/)*';
      return;
    }
    // `**` inside a segment (`/a/b**`) means nothing more than `*` there.
    source += segment.split(/\*+/).map(escapeRegex).join('[^/]*');
    if (!last) source += '/';
  });
  const re = new RegExp(`^${source}$`);
  const stripSlash = segments[0] === '*';
  return (value) => value !== '' && re.test(stripSlash && value.startsWith('/') ? value.slice(1) : value);
}

/**
 * A regular expression written r"…", in Go (RE2) syntax as Datadog evaluates it: unanchored, with leading
 * inline flags like (?i) turned into JavaScript flags. Throws a SyntaxError when the expression is invalid.
 */
export function compileRegex(source: string): StringMatcher {
  let flags = '';
  let body = source;
  const inline = /^\(\?([ims]+)\)/.exec(body);
  if (inline) {
    flags = [...new Set(inline[1])].join('');
    body = body.slice(inline[0].length);
  }
  const re = new RegExp(goAnchors(body), flags);
  return (value) => re.test(value);
}

/**
 * Go's \A and \z (start and end of the text, whatever the m flag says) in JavaScript terms. Escapes are
 * read pairwise, so an escaped backslash followed by z (\\z) stays a backslash and a z.
 */
export function goAnchors(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[i + 1] ?? '';
    out += next === 'z' ? '(?![\\s\\S])' : next === 'A' ? '(?<![\\s\\S])' : `\\${next}`;
    i++;
  }
  return out;
}
