// Monaco's HTML strings without inline style attributes, which the renderer's CSP refuses: the styles move
// to a data attribute that environment.ts applies through the CSSOM.
export const cspStyleAttribute = 'data-csp-style';

// A start tag, its quoted attribute values skipped whole (a '>' inside one does not end the tag).
const tagRe = /<[A-Za-z][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/g;

/** `<div style="top:1px">` → `<div data-csp-style="top:1px">`, inside tags only (Monaco escapes text). */
export function moveStyleAttributes(html: string): string {
  return html.includes('style=') ? html.replace(tagRe, (tag) => tag.replace(/(\s)style=(["'])/g, `$1${cspStyleAttribute}=$2`)) : html;
}
