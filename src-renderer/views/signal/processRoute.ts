// The addresses of the investigation pages: a signal (#/signals/12) and the tree of any process
// (#/process/<hostId>/<pid>@<startNs>, or #/process/<hostId>/event-<eventId> for the process an event
// happened in). Times are nanoseconds written as the numbers the API gives, so a key read back finds the
// same process.

export type ProcessTarget = { hostId: number; pid: number; startNs?: number } | { eventId: number };

export type InvestigationRoute = { kind: 'signal'; id: number } | { kind: 'process'; target: ProcessTarget };

const signalPattern = /^#\/signals\/(\d{1,15})\/?$/;
const processPattern = /^#\/process\/(\d{1,15})\/(?:(\d{1,10})(?:@(\d{1,25}))?|event-(\d{1,15}))\/?$/;

function whole(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  return Number.isFinite(value) && Number.isInteger(value) ? value : null;
}

/** The investigation page an address names, or null when it names another page (or nothing valid). */
export function parseInvestigationRoute(hash: string): InvestigationRoute | null {
  const path = hash.split('?')[0] ?? '';
  const signal = signalPattern.exec(path);
  if (signal) {
    const id = whole(signal[1]);
    return id !== null && id > 0 ? { kind: 'signal', id } : null;
  }
  const process = processPattern.exec(path);
  if (!process) return null;
  const hostId = whole(process[1]);
  if (hostId === null || hostId <= 0) return null;
  const eventId = whole(process[4]);
  if (eventId !== null) return eventId > 0 ? { kind: 'process', target: { eventId } } : null;
  const pid = whole(process[2]);
  const startNs = whole(process[3]);
  if (pid === null) return null;
  return { kind: 'process', target: startNs === null ? { hostId, pid } : { hostId, pid, startNs } };
}

export function signalHash(id: number): string {
  return `#/signals/${id}`;
}

/** The address of a process's tree; `hostId` is needed in the address even when an event names the process. */
export function processHash(hostId: number, target: { pid: number; startNs?: number | null } | { eventId: number }): string {
  if ('eventId' in target) return `#/process/${hostId}/event-${target.eventId}`;
  return `#/process/${hostId}/${target.pid}${target.startNs === undefined || target.startNs === null ? '' : `@${target.startNs}`}`;
}
