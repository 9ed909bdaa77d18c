// The Events explorer: every event of the case in one virtual table, filtered by host, type, time and
// text on the server, newest or oldest first, with the selected event in full beside it. What is shown
// lives in the address, so a view survives a reload and can be shared. It follows a live capture.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SortingState, Updater } from '@tanstack/react-table';
import type { CaseSummary, EventCursor, EventRow, HostSummary } from '../../../src-shared/api/domain.ts';
import { useCall, workbench } from '../../api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import type { PageInfo } from '../../pages.ts';
import { usePersistentColumnVisibility } from '../../table/columnVisibility.ts';
import { ColumnChooser } from '../../table/ColumnChooser.tsx';
import { useKeysetRows } from '../../table/useKeysetRows.ts';
import { maxRowsFor, VirtualTable, type VirtualTableHandle } from '../../table/VirtualTable.tsx';
import { defaultEventColumns, eventColumns } from './eventColumns.tsx';
import { EventDetail } from './EventDetail.tsx';
import { EventFilters, NoMatches } from './EventFilters.tsx';
import { defaultView, parseView, timeBounds, viewHash, type EventsView } from './eventsView.ts';
import { RuleDraftDialog } from './RuleDraftDialog.tsx';
import { SeclQueryBar } from './SeclQueryBar.tsx';
import { seclCount, seclPage, type CountProgress } from './seclPaging.ts';
import './events.css';

const rowHeight = 28;

/** While a SECL query has found no rows yet: how far it has read, so a long search does not look stuck. */
function searchingText(progress: CountProgress): string {
  const read = progress.candidates ? `${Math.min(99, Math.floor((progress.scanned / progress.candidates) * 100))}% of ${progress.candidates.toLocaleString('en-US')}` : progress.scanned.toLocaleString('en-US');
  return `Searching… read ${read} events, ${progress.found === 0 ? 'no match yet' : `${progress.found.toLocaleString('en-US')} ${progress.found === 1 ? 'match' : 'matches'} so far`}.`;
}
const maxRows = maxRowsFor(rowHeight);
const searchDelayMs = 250;

export function EventsPage({ page, openCase }: { page: PageInfo; openCase: CaseSummary | null }) {
  // another case: the hosts and the selected event of the last one mean nothing here
  const [shownPath, setShownPath] = useState(openCase?.path);
  const [resetView, setResetView] = useState(false);
  if (openCase && openCase.path !== shownPath) {
    setResetView(shownPath !== undefined);
    setShownPath(openCase.path);
  }
  if (!openCase) return <EmptyState page={page} title="No case is open" />;
  return <EventsExplorer key={openCase.path} page={page} openCase={openCase} initialView={resetView ? defaultView : parseView(window.location.hash)} />;
}

/** The view, mirrored into the address; an address typed, pasted or gone back to replaces it. */
function useView(initial: EventsView, onAddress: (view: EventsView) => void): [EventsView, (change: Partial<EventsView>) => void] {
  const [view, setView] = useState(initial);
  useEffect(() => {
    // replace, not push: typing a search must not fill the back button's history
    if (window.location.hash.startsWith('#/events')) window.history.replaceState(null, '', viewHash(view));
  }, [view]);
  useEffect(() => {
    const onHash = () => {
      if (!window.location.hash.startsWith('#/events')) return;
      const next = parseView(window.location.hash);
      setView(next);
      onAddress(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [onAddress]);
  const update = useCallback((change: Partial<EventsView>) => setView((previous) => ({ ...previous, ...change })), []);
  return [view, update];
}

function EventsExplorer({ page, openCase, initialView }: { page: PageInfo; openCase: CaseSummary; initialView: EventsView }) {
  const [searchInput, setSearchInput] = useState(initialView.text);
  const [seclInput, setSeclInput] = useState(initialView.secl);
  const [view, updateView] = useView(
    initialView,
    useCallback((next: EventsView) => {
      setSearchInput(next.text);
      setSeclInput(next.secl);
    }, []),
  );
  const [ruleFrom, setRuleFrom] = useState<EventRow | null>(null);
  const [selection, setSelection] = useState<{ id: number | null; index: number | null }>({ id: view.eventId, index: null });
  const [detail, setDetail] = useState<EventRow | null>(null);
  const [columnVisibility, setColumnVisibility] = usePersistentColumnVisibility('workbench.events.columns', defaultEventColumns);
  const tableHandle = useRef<VirtualTableHandle>(null);

  const facets = useCall('events.facets', {}, [openCase.path, openCase.eventCount]);

  // the search follows typing after a pause, not on every key
  useEffect(() => {
    if (searchInput === view.text) return;
    const timer = setTimeout(() => updateView({ text: searchInput }), searchDelayMs);
    return () => clearTimeout(timer);
  }, [searchInput, view.text, updateView]);

  const newestNs = facets.data?.newestNs ?? null;
  const bounds = timeBounds(view, newestNs);
  const selectionInput = useMemo(
    () => ({
      ...(view.hostIds.length ? { hostIds: view.hostIds } : {}),
      ...(view.types.length ? { types: view.types } : {}),
      ...(view.text.trim() ? { text: view.text } : {}),
      ...(view.secl.trim() ? { secl: view.secl } : {}),
      ...bounds,
    }),
    [view.hostIds, view.types, view.text, view.secl, bounds.fromNs, bounds.toNs], // eslint-disable-line react-hooks/exhaustive-deps -- bounds is rebuilt each render; its numbers are what count
  );
  const order = view.order;
  // a preset counts back from the newest event, which must be known first
  const relative = view.range !== 'all' && view.range !== 'custom';
  const listKey = JSON.stringify([openCase.path, view.hostIds, view.types, view.text, view.secl, view.range, view.from, view.to, order]);
  // a SECL scan goes on call after call only while its list is the one shown (see seclPaging.ts)
  const shownList = useRef(listKey);
  useEffect(() => {
    shownList.current = listKey;
  }, [listKey]);
  const [scan, setScan] = useState<{ key: string; progress: CountProgress } | null>(null);
  const [pageScan, setPageScan] = useState<{ key: string; progress: CountProgress } | null>(null);
  const secl = view.secl.trim() !== '';
  const rows = useKeysetRows<EventRow, EventCursor>({
    key: listKey,
    // new events, or a relative range that moved with them: reload in place
    version: JSON.stringify([openCase.eventCount, bounds.fromNs, bounds.toNs]),
    enabled: !relative || facets.data !== undefined,
    fetchPage: async ({ after, skip, limit, backward }) => {
      const direction = backward ? (order === 'desc' ? 'asc' : 'desc') : order;
      const cursor = after === null ? {} : direction === 'desc' ? { before: after } : { after };
      const input = { ...selectionInput, ...cursor, order: direction, skip, limit, count: false };
      // the first rows of a rare match may take many calls: say how far the search has read meanwhile
      if (secl) return seclPage(workbench(), input, () => shownList.current === listKey, after === null && skip === 0 ? (progress) => shownList.current === listKey && setPageScan({ key: listKey, progress }) : undefined);
      const result = await workbench().call('events.query', input);
      return result.rows;
    },
    fetchCount: async () => {
      if (!secl) return workbench().call('events.count', { ...selectionInput, cap: maxRows });
      const wanted = () => shownList.current === listKey;
      const count = await seclCount(workbench(), { ...selectionInput, cap: maxRows }, wanted, (progress) => wanted() && setScan({ key: listKey, progress }));
      // not wanted any more: the loader drops answers for a list it no longer shows
      return count ?? { total: 0, capped: false };
    },
    cursorOf: (row) => ({ tsNs: row.tsNs, id: row.id }),
  });
  const { rowAt } = rows;
  // asked once rows are there: a server answers in order, and on a big case listing hosts (with their
  // event counts) takes longer than the first page
  const [rowsShown, setRowsShown] = useState(false);
  if (!rows.loading && !rowsShown) setRowsShown(true);
  const [hosts, setHosts] = useState<HostSummary[]>([]);
  useEffect(() => {
    if (!rowsShown) return;
    let live = true;
    workbench()
      .call('hosts.list', {})
      .then((list) => live && setHosts(list), () => {});
    return () => {
      live = false;
    };
  }, [rowsShown, openCase.path, openCase.hostCount]);

  // an event named in the address: show it, and scroll to where it sits in the list
  useEffect(() => {
    const id = view.eventId;
    if (id === null || detail?.id === id) return;
    let live = true;
    void (async () => {
      const event = await workbench().call('events.get', { id });
      if (!live) return;
      if (event === null) return updateView({ eventId: null }); // not in this case (a link from another)
      setDetail(event);
      const cursor = { tsNs: event.tsNs, id: event.id };
      const positionInput = { ...selectionInput, ...(order === 'desc' ? { after: cursor } : { before: cursor }), cap: maxRows };
      const before = secl ? await seclCount(workbench(), positionInput, () => live) : await workbench().call('events.count', positionInput);
      if (!live || !before || before.capped) return;
      setSelection({ id, index: before.total });
      tableHandle.current?.scrollToIndex(before.total);
    })().catch(() => live && updateView({ eventId: null }));
    return () => {
      live = false;
    };
  }, [view.eventId]); // eslint-disable-line react-hooks/exhaustive-deps -- only when the address names another event

  // a row selected before it loaded (keyboard past the loaded rows) becomes that row when it arrives
  const arrived = selection.id === null && selection.index !== null ? rowAt(selection.index) : undefined;
  if (arrived) {
    setSelection({ id: arrived.id, index: selection.index });
    if (view.eventId !== null) {
      setDetail(arrived);
      updateView({ eventId: arrived.id });
    }
  }

  const onSelect = useCallback(
    (index: number, row: EventRow | undefined) => {
      setSelection({ id: row?.id ?? null, index });
      // the open detail follows the selection
      if (row && view.eventId !== null) {
        setDetail(row);
        updateView({ eventId: row.id });
      }
    },
    [view.eventId, updateView],
  );
  const onOpen = useCallback(
    (index: number, row: EventRow) => {
      setSelection({ id: row.id, index });
      setDetail(row);
      updateView({ eventId: row.id });
    },
    [updateView],
  );
  const closeDetail = useCallback(() => {
    setDetail(null);
    updateView({ eventId: null });
    tableHandle.current?.focus();
  }, [updateView]);

  const sorting: SortingState = useMemo(() => [{ id: 'time', desc: order === 'desc' }], [order]);
  const onSortingChange = useCallback(
    (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      updateView({ order: next[0]?.desc === false ? 'asc' : 'desc' });
    },
    [sorting, updateView],
  );

  const clearFilters = useCallback(() => {
    setSearchInput('');
    setSeclInput('');
    updateView({ hostIds: [], types: [], text: '', secl: '', range: 'all', from: '', to: '' });
  }, [updateView]);
  // a saved rule's matches, as the dialog counted them: over the whole case
  const showRuleMatches = useCallback(
    (expression: string) => {
      setRuleFrom(null);
      setSearchInput('');
      setSeclInput(expression);
      updateView({ hostIds: [], types: [], text: '', secl: expression, range: 'all', from: '', to: '', eventId: null });
    },
    [updateView],
  );

  if (facets.data && facets.data.newestNs === null) {
    return <EmptyState page={page} />;
  }
  const filtered = view.hostIds.length > 0 || view.types.length > 0 || view.text.trim() !== '' || secl || view.range !== 'all';
  const scanning = !secl || rows.total !== null ? null : scan?.key === listKey ? scan.progress : pageScan?.key === listKey ? pageScan.progress : null;
  return (
    <>
    <div
      className="events-page"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && detail && !event.defaultPrevented) closeDetail();
      }}
    >
      <SeclQueryBar text={seclInput} onText={setSeclInput} applied={view.secl} onApply={(expression) => updateView({ secl: expression })} selectedTypes={view.types} onClearTypes={() => updateView({ types: [] })} />
      <EventFilters
        view={view}
        update={updateView}
        searchInput={searchInput}
        onSearchInput={setSearchInput}
        hosts={hosts}
        types={facets.data?.types ?? []}
        newestNs={newestNs}
        oldestNs={facets.data?.oldestNs ?? null}
        total={rows.total}
        capped={rows.capped}
        secl={secl}
        scanning={scanning}
        shownLimit={maxRows}
        chooser={<ColumnChooser columns={eventColumns} visibility={columnVisibility} onChange={setColumnVisibility} onReset={() => setColumnVisibility(defaultEventColumns)} />}
      />
      {(rows.error ?? facets.error) && <ErrorBanner error={(rows.error ?? facets.error)!} />}
      <div className="events-body">
        <VirtualTable
          label="Events"
          testId="events-table"
          scrollResetKey={listKey}
          handle={tableHandle}
          columns={eventColumns}
          rowCount={rows.rowCount}
          rowAt={rowAt}
          rowId={(row) => String(row.id)}
          onRangeChange={rows.setRange}
          sorting={sorting}
          onSortingChange={onSortingChange}
          columnVisibility={columnVisibility}
          onColumnVisibilityChange={setColumnVisibility}
          selectedId={selection.id === null ? null : String(selection.id)}
          selectedIndex={selection.index}
          onSelect={onSelect}
          onOpen={onOpen}
          rowHeight={rowHeight}
          empty={rows.loading ? <p className="muted" data-testid="events-loading">{secl && pageScan?.key === listKey ? searchingText(pageScan.progress) : 'Loading events…'}</p> : filtered ? <NoMatches view={view} onClear={clearFilters} /> : <p className="muted">No events.</p>}
        />
        {detail && view.eventId !== null && <EventDetail key={detail.id} event={detail} onClose={closeDetail} onCreateRule={() => setRuleFrom(detail)} />}
      </div>
    </div>
    {ruleFrom && <RuleDraftDialog event={ruleFrom} onClose={() => setRuleFrom(null)} onShowMatches={showRuleMatches} />}
    </>
  );
}
