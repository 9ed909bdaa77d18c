// A UTC time typed or pasted from a log, for the custom time ranges of the Events and Signals explorers:
// applied as soon as it reads as a time; until then it is marked, and the last good time stays in force.
// Empty means open-ended.
import { useState } from 'react';
import { parseUtc } from './eventsView.ts';

export function UtcTimeInput({ ariaLabel, value, onValid, className }: { ariaLabel: string; value: string; onValid(text: string): void; className?: string }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    // the range changed from elsewhere (a preset, an address, the histogram): show it
    setShown(value);
    setText(value);
  }
  const valid = text.trim() === '' || parseUtc(text) !== null;
  return (
    <input
      type="text"
      className={className}
      value={text}
      placeholder="YYYY-MM-DD HH:MM:SS"
      spellCheck={false}
      aria-label={`${ariaLabel} (UTC)`}
      aria-invalid={!valid}
      title={valid ? 'UTC; to the minute, second or nanosecond (2026-11-20 14:02:07.25)' : 'Not a time: write it as 2026-11-20 14:02:07 (UTC)'}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        if (next.trim() === '' || parseUtc(next)) {
          setShown(next.trim());
          onValid(next.trim());
        }
      }}
    />
  );
}
