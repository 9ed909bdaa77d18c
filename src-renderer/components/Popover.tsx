// A button that opens a small panel below it; the panel closes on Escape (focus back on the button),
// on a click elsewhere, and when the button is pressed again.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import './popover.css';

export function Popover({
  label,
  button,
  children,
  active = false,
  align = 'start',
  testId,
}: {
  /** The accessible name of the button (and of the panel). */
  label: string;
  button: ReactNode;
  children: ReactNode;
  /** Shows the button as holding a choice (a filter in force). */
  active?: boolean;
  align?: 'start' | 'end';
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="popover" ref={root}>
      <button
        ref={buttonRef}
        type="button"
        className={`popover-button${active ? ' popover-button-active' : ''}`}
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((value) => !value)}
        data-testid={testId}
      >
        {button}
        <span className="popover-caret" aria-hidden="true">▾</span>
      </button>
      {open && (
        <div id={panelId} className={`popover-panel popover-${align}`} role="group" aria-label={label}>
          {children}
        </div>
      )}
    </div>
  );
}
