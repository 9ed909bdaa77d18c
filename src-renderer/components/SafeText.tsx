// Attacker-controlled text (command lines, paths, anything a monitored host sent), as text nodes only,
// with characters that would lie on screen (bidi overrides, line breaks, zero-width) shown as escapes.
import { visibleText } from '../../src-shared/events/visible-text.ts';

export function SafeText({ text }: { text: string }) {
  const parts = visibleText(text);
  if (parts.length === 1 && !parts[0]!.escaped) return <>{text}</>;
  return (
    <>
      {parts.map((part, index) =>
        part.escaped ? (
          <span key={index} className="escaped-char" title="A character that would not show as itself">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
