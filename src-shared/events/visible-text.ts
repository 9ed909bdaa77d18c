// Text from a monitored host is attacker-controlled. Beyond never treating it as markup (the renderer
// only makes text nodes), some characters lie when displayed as they are: a right-to-left override
// turns "txt.exe" into "exe.txt", a zero-width space hides inside a path, a newline or carriage return
// fakes a second line. They are shown as visible escapes instead.

export interface TextPart {
  text: string;
  /** This part stands for characters that would not show as themselves. */
  escaped: boolean;
}

// C0 and C1 controls, DEL, zero-width and bidirectional controls, word joiners, the byte-order mark
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const deceptive = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(char: string): string {
  return named[char] ?? `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`;
}

export function visibleText(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(deceptive)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), escaped: false });
    parts.push({ text: escape(match[0]), escaped: true });
    last = match.index + match[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last), escaped: false });
  return parts;
}

/** The same as one plain string (for tooltips and copying what is shown). */
export function visibleString(text: string): string {
  return visibleText(text).map((part) => part.text).join('');
}

// JSON.stringify escapes C0 controls but leaves DEL, C1 and the Unicode format characters raw
const deceptiveInJson = /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/**
 * JSON text with the characters that would lie on screen written as \u escapes: the same JSON value
 * (they can only occur inside strings), but it reads as what it is.
 */
export function jsonWithVisibleEscapes(json: string): string {
  return json.replace(deceptiveInJson, escape);
}
