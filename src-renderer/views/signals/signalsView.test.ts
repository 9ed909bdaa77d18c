// The explorer's address: what a shared link, a saved view or the back button brings back is the view
// that was shown, and a damaged address falls back to the default rather than breaking the page.
import { describe, expect, it } from 'vitest';
import { defaultView, isExplorerHash, isFiltered, parseView, rangeTexts, selectionOf, viewHash, viewQuery, type SignalsView } from './signalsView.ts';

const full: SignalsView = {
  text: 'curl | bash',
  statuses: ['open', 'under_review'],
  severities: ['critical', 'high'],
  ruleIds: ['download_piped_to_shell', 'odd,rule & id'],
  hostIds: [3, 7],
  techniques: ['T1059.004', ''],
  range: 'custom',
  from: '2026-11-20 14:03:00',
  to: '2026-11-20 14:03:29',
  sort: 'severity',
  order: 'asc',
  signalId: 12,
};

describe('the signals explorer address', () => {
  it('reads back every filter it writes, and leaves the default out', () => {
    expect(parseView(viewHash(full))).toEqual(full);
    expect(viewHash(defaultView)).toBe('#/signals');
    expect(parseView('#/signals')).toEqual(defaultView);
    // every status is not the default (open only)
    expect(parseView(viewHash({ ...defaultView, statuses: [] })).statuses).toEqual([]);
    expect(isFiltered(defaultView)).toBe(false);
    expect(isFiltered({ ...defaultView, sort: 'host' })).toBe(false);
    expect(isFiltered({ ...defaultView, statuses: [] })).toBe(true);
  });

  it('keeps filters without the highlighted signal in a saved view query', () => {
    const query = viewQuery(full);
    expect(query).not.toContain('signal=');
    expect(parseView(`?${query}`)).toEqual({ ...full, signalId: null });
  });

  it('drops what it cannot read instead of failing', () => {
    const view = parseView('#/signals?status=open,bogus&severity=HIGH,low&host=1,x,-2&technique=T1059,<script>&range=forever&from=yesterday&sort=name&signal=abc');
    expect(view).toMatchObject({ statuses: ['open'], severities: ['low'], hostIds: [1], techniques: ['T1059'], range: 'all', from: '', sort: 'lastSeen', signalId: null });
  });

  it('tells the explorer from a signal page', () => {
    expect(isExplorerHash('#/signals')).toBe(true);
    expect(isExplorerHash('#/signals?severity=high')).toBe(true);
    expect(isExplorerHash('#/signals/12')).toBe(false);
    expect(isExplorerHash('#/events')).toBe(false);
  });

  it('turns a view into the API selection, custom time inclusive to the last instant named', () => {
    const selection = selectionOf(full, null);
    expect(selection).toMatchObject({ text: 'curl | bash', statuses: ['open', 'under_review'], hostIds: [3, 7], techniques: ['T1059.004', ''] });
    // nanoseconds since the epoch are doubles past 2^53: exact to a few hundred ns, as stored
    expect(Math.abs(selection.toNs! - selection.fromNs! - (30e9 - 1))).toBeLessThanOrEqual(256);
    expect(selectionOf({ ...defaultView, range: '1h' }, 7200e9)).toEqual({ statuses: ['open'], fromNs: 3600e9 });
  });

  it('writes a histogram span to the second when it can, else to the millisecond', () => {
    const t = Date.parse('2026-11-20T14:03:00Z') * 1e6;
    expect(rangeTexts(t, t + 30e9)).toEqual({ from: '2026-11-20 14:03:00', to: '2026-11-20 14:03:29' });
    expect(rangeTexts(t + 500e6, t + 700e6)).toEqual({ from: '2026-11-20 14:03:00.500', to: '2026-11-20 14:03:00.699' });
    const view = { ...defaultView, range: 'custom' as const, ...rangeTexts(t, t + 30e9) };
    const { fromNs, toNs } = selectionOf(view, null);
    expect(fromNs).toBe(t);
    expect(Math.abs(toNs! - (t + 30e9 - 1))).toBeLessThanOrEqual(256);
  });
});
