// One event in full over the right edge of an investigation page, with the way to its process tree and
// to its place among all events. Escape closes it.
import { useEffect } from 'react';
import type { EventRow } from '../../../src-shared/api/domain.ts';
import { EventDetail } from '../events/EventDetail.tsx';
import { ProcessLink } from './ProcessLink.tsx';

export function EventDrawer({ event, onClose }: { event: EventRow; onClose(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="event-drawer" role="dialog" aria-label="Event" data-testid="event-drawer">
      <nav className="event-drawer-links">
        <ProcessLink event={event}>Process tree of this event</ProcessLink>
        <a href={`#/events?event=${event.id}`}>Show among all events</a>
      </nav>
      <EventDetail event={event} onClose={onClose} />
    </div>
  );
}
