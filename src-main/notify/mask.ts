// A webhook URL often is the secret (Slack's, Teams', a token in the query): it is shown masked and never
// goes into a log or an error message.
const hidden = '••••';

/** A path segment that reads as a word ("services", "hooks", "api") rather than an id or a token. */
function isWord(segment: string): boolean {
  return /^[a-z][a-z_-]{0,15}$/.test(segment);
}

/**
 * Enough of the URL to recognise it, nothing that may be secret: "https://hooks.slack.com/services/••••",
 * "https://••••@example.com/api/••••?token=••••". The last path segment is always hidden (that is where
 * tokens go), and so is everything after the first segment that is not a plain lower-case word.
 */
export function maskUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return hidden;
  }
  const credentials = url.username || url.password ? `${hidden}@` : '';
  const segments = url.pathname.split('/').filter(Boolean);
  const shown: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (!isWord(segment)) break;
    shown.push(segment);
  }
  const path = shown.length < segments.length ? [...shown, hidden] : shown;
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=${hidden}`).join('&');
  return `${url.protocol}//${credentials}${url.host}${path.length ? `/${path.join('/')}` : ''}${query ? `?${query}` : ''}`;
}

/** `text` with every part of `raw` that may be secret replaced, for messages built from library errors. */
export function redactUrl(text: string, raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // not a URL: only the raw text itself is known to be sensitive
  }
  const secrets = [raw, url?.href, url && url.pathname.length > 1 ? url.pathname : '', url?.search, url?.username, url?.password]
    .filter((part): part is string => typeof part === 'string' && part.length >= 3)
    .sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(hidden);
  return result;
}
