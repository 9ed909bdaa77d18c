// Investigation addresses: what a pasted or linked address opens, and that a link made from a process
// leads back to that same process (nanosecond start times past 2^53 included).
import { describe, expect, it } from 'vitest';
import { parseInvestigationRoute, processHash, signalHash } from './processRoute.ts';

describe('investigation addresses', () => {
  it('opens a signal by its number', () => {
    expect(parseInvestigationRoute('#/signals/12')).toEqual({ kind: 'signal', id: 12 });
    expect(parseInvestigationRoute(signalHash(7))).toEqual({ kind: 'signal', id: 7 });
    // the signals list itself, and anything malformed, is not a signal page
    for (const other of ['#/signals', '#/signals/', '#/signals/abc', '#/signals/0', '#/signals/1/2', '#/events?event=3', '']) expect(parseInvestigationRoute(other), other).toBeNull();
  });

  it('opens a process by host, pid and start time, and comes back to the same process', () => {
    const startNs = 1_795_183_385_005_341_400; // past 2^53: a double, as the API gives it
    const hash = processHash(3, { pid: 23030, startNs });
    expect(hash).toBe('#/process/3/23030@1795183385005341400');
    expect(parseInvestigationRoute(hash)).toEqual({ kind: 'process', target: { hostId: 3, pid: 23030, startNs } });
    expect(parseInvestigationRoute('#/process/3/23030')).toEqual({ kind: 'process', target: { hostId: 3, pid: 23030 } });
    expect(parseInvestigationRoute(processHash(3, { eventId: 57 }))).toEqual({ kind: 'process', target: { eventId: 57 } });
    for (const other of ['#/process', '#/process/3', '#/process/0/1@2', '#/process/3/x@1', '#/process/3/1@', '#/process/3/event-0']) expect(parseInvestigationRoute(other), other).toBeNull();
  });
});
