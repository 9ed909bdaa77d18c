// A link to the process tree of any process, for any page that shows a process: by its identity (host,
// pid, start time), or from an event (the event's process). Use it wherever a pid appears.
//   <ProcessLink hostId={3} pid={23030} startNs={1795183385005341400} />
//   <ProcessLink event={row}>bash -i</ProcessLink>
import type { ReactNode } from 'react';
import type { EventRow } from '../../../src-shared/api/domain.ts';
import { processHash } from './processRoute.ts';

export type ProcessLinkProps = ({ hostId: number; pid: number; startNs?: number | null } | { event: Pick<EventRow, 'id' | 'hostId' | 'pid' | 'raw'> }) & {
  children?: ReactNode;
  className?: string;
};

/** The address of the tree of an event's process: by identity when the event says when its process started. */
export function processHashOfEvent(event: Pick<EventRow, 'id' | 'hostId' | 'pid' | 'raw'>): string {
  const createdAt = (event.raw['process'] as { created_at?: unknown } | undefined)?.created_at;
  return typeof createdAt === 'number' && Number.isFinite(createdAt) ? processHash(event.hostId, { pid: event.pid, startNs: createdAt }) : processHash(event.hostId, { eventId: event.id });
}

export function ProcessLink(props: ProcessLinkProps) {
  const href = 'event' in props ? processHashOfEvent(props.event) : processHash(props.hostId, { pid: props.pid, startNs: props.startNs ?? null });
  const pid = 'event' in props ? props.event.pid : props.pid;
  return (
    <a href={href} className={props.className ?? 'process-link'} title={`Open the process tree of pid ${pid}`} data-testid="process-link">
      {props.children ?? `process tree of pid ${pid}`}
    </a>
  );
}
