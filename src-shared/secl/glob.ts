// String matchers, compiled once per rule: Datadog's simple patterns (`*` matches anything), path globs
// (`*` stays inside one directory, `**` crosses directories) and regular expressions.

export type StringMatcher = (value: string) => boolean;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A simple pattern: `*` matches any run of characters, '/' included; everything else is literal. */
export function compilePattern(pattern: string): StringMatcher {
  if (!pattern.includes('*')) return (value) => value === pattern;
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
