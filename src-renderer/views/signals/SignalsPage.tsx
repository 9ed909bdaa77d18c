// The signals explorer: every signal of the case in a virtual table, narrowed by facets (counted under the
// other filters, as Datadog does), text, and a time range drawn as a histogram; views saved in the case;
// picked signals triaged in bulk. A row opens the signal's own page (#/signals/<id>); the highlighted
// row's essentials sit beside the list. Everything shown lives in the address. Signal text is
// attacker-controlled: it is rendered as text only.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SortingState, Updater } from '@tanstack/react-table';
import type { CaseSummary, SignalBulkResult, SignalSortKey, SignalSummary } from '../../../src-shared/api/domain.ts';
import { useCall, workbench } from '../../api.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatCount, formatSpanNs } from '../../format.ts';
import type { PageInfo } from '../../pages.ts';
import { usePersistentColumnVisibility } from '../../table/columnVisibility.ts';
import { ColumnChooser } from '../../table/ColumnChooser.tsx';
import { useKeysetRows } from '../../table/useKeysetRows.ts';
import { VirtualTable, type VirtualTableHandle } from '../../table/VirtualTable.tsx';
import { BulkBar, type BulkChangeRequest } from './BulkBar.tsx';
import { SavedViews } from './SavedViews.tsx';
import { defaultSignalColumns, signalColumns, SignalTableContext, type SignalTableState } from './signalColumns.tsx';
import { SignalFacetsPanel } from './SignalFacetsPanel.tsx';
import { SeverityLegend, SignalHistogramChart } from './SignalHistogramChart.tsx';
import { SignalPeek } from './SignalPeek.tsx';
import { defaultView, isFiltered, noFilters, parseView, rangeTexts, selectionOf, statusLabels, timeBounds, viewHash, viewQuery, type SignalsView } from './signalsView.ts';
import { TimeRangeControls } from './TimeRangeControls.tsx';
import '../../components/severity.css';
import './signals.css';
import { useHash, useView } from './useSignalsView.ts';

const rowHeight = 30;
const searchDelayMs = 250;
const histogramBuckets = 60;
/** How far down the loaded rows a signal is looked for (a shift-click range, the row to come back to). */
const maxScan = 20_000;

export function SignalsPage({ page, openCase }: { page: PageInfo; openCase: CaseSummary | null }) {
  const hash = useHash();
  // another case: its hosts and rules are not this one's, so its filters start afresh
  const [shownPath, setShownPath] = useState(openCase?.path);
  const [resetView, setResetView] = useState(false);
  if (openCase && openCase.path !== shownPath) {
    setResetView(shownPath !== undefined);
    setShownPath(openCase.path);
  }
  if (!openCase) return <EmptyState page={page} title="No case is open" />;
  return <SignalsExplorer key={openCase.path} page={page} openCase={openCase} initialView={resetView ? defaultView : parseView(hash)} />;
}

interface Picked {
  /** Every signal matching the filters, but `except`. */
  all: boolean;
  ids: Map<number, SignalSummary>;
  except: Set<number>;
}

const nothingPicked: Picked = { all: false, ids: new Map(), except: new Set() };

function plural(n: number, one: string): string {
  return `${formatCount(n)} ${n === 1 ? one : `${one}s`}`;
}

function describeResult(result: SignalBulkResult, change: BulkChangeRequest): string {
  const parts: string[] = [];
  if (change.mute) {
    const already = result.alreadyMuted ? ` (${formatCount(result.alreadyMuted)} ${result.alreadyMuted === 1 ? 'was' : 'were'} muted already)` : '';
    parts.push(`muted ${plural(result.muted.length, 'rule')}${already}`);
  }
  if (change.status === 'archived') parts.push(`archived ${plural(result.updated, 'signal')}`);
  else if (change.status) parts.push(`set ${plural(result.updated, 'signal')} to ${statusLabels[change.status].toLowerCase()}`);
  if (change.assignee !== undefined) parts.push(change.assignee ? `assigned ${plural(result.updated, 'signal')} to ${change.assignee}` : `unassigned ${plural(result.updated, 'signal')}`);
  const text = `${parts.join('; ')}.`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function SignalsExplorer({ page, openCase, initialView }: { page: PageInfo; openCase: CaseSummary; initialView: SignalsView }) {
  const [searchInput, setSearchInput] = useState(initialView.text);
  const [view, update] = useView(initialView, useCallback((next: SignalsView) => setSearchInput(next.text), []));
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((n) => n + 1), []);
  const [viewsGeneration, setViewsGeneration] = useState(0);
  const [problem, setProblem] = useState<Error>();
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [hunting, setHunting] = useState(false);
  const [selectedIndex, setSelectedIndex] = useState<number | null>(null);
  const [columnVisibility, setColumnVisibility] = usePersistentColumnVisibility('workbench.signals.columns', defaultSignalColumns);
  const tableHandle = useRef<VirtualTableHandle>(null);

  useEffect(() => {
    if (searchInput === view.text) return;
    const timer = setTimeout(() => update({ text: searchInput }, 'replace'), searchDelayMs);
    return () => clearTimeout(timer);
  }, [searchInput, view.text, update]);

  // presets count back from the newest event, as on the Events page
  const eventFacets = useCall('events.facets', {}, [openCase.path, openCase.eventCount]);
  const newestNs = eventFacets.data?.newestNs ?? null;
  const relative = view.range !== 'all' && view.range !== 'custom';
  const bounds = timeBounds(view, newestNs);
  const selectionKey = JSON.stringify(selectionOf(view, newestNs));
  const selection = useMemo(() => JSON.parse(selectionKey) as ReturnType<typeof selectionOf>, [selectionKey]);
  const version = JSON.stringify([openCase.eventCount, generation]);


  const { sort, order } = view;
  const listKey = JSON.stringify([openCase.path, selectionKey, sort, order]);
  const rows = useKeysetRows<SignalSummary, number>({
    key: listKey,
    version,
    enabled: !relative || eventFacets.data !== undefined,
    fetchPage: ({ after, skip, limit, backward }) =>
      workbench().call('signals.list', { ...selection, sort, order: backward ? (order === 'desc' ? 'asc' : 'desc') : order, ...(after === null ? {} : { after }), skip, limit }),
    fetchCount: async () => ({ total: (await workbench().call('signals.count', selection)).total, capped: false }),
    cursorOf: (row) => row.id,
  });
  const { rowAt, rowCount } = rows;
  // asked after the rows: a server answers in order, and the rows are what a person waits for
  const caseTotal = useCall('signals.count', {}, [version]);
  const facets = useCall('signals.facets', selection, [version]);
  const histogram = useCall('signals.histogram', { ...selection, buckets: histogramBuckets }, [version]);
  const savedViews = useCall('views.list', { page: 'signals' }, [openCase.path, viewsGeneration]);

  // picked rows belong to the filters they were picked under
  const [picked, setPicked] = useState<Picked>(nothingPicked);
  const [pickedFor, setPickedFor] = useState(selectionKey);
  if (pickedFor !== selectionKey) {
    setPickedFor(selectionKey);
    setPicked(nothingPicked);
    setNotice(null);
  }
  // a highlighted place belongs to its list too
  const [indexFor, setIndexFor] = useState(listKey);
  if (indexFor !== listKey) {
    setIndexFor(listKey);
    setSelectedIndex(null);
  }
  const anchor = useRef<number | null>(null);
  const pickedCount = picked.all ? Math.max(0, (rows.total ?? 0) - picked.except.size) : picked.ids.size;

  /** Where a loaded row sits in the list (rows far down that never loaded are not looked for). */
  const indexOf = useCallback(
    (id: number): number | null => {
      for (let index = 0; index < Math.min(rowCount, maxScan); index++) if (rowAt(index)?.id === id) return index;
      return null;
    },
    [rowAt, rowCount],
  );

  const tableState: SignalTableState = useMemo(
    () => ({
      attackNames: facets.data?.attackNames ?? {},
      isChecked: (id) => (picked.all ? !picked.except.has(id) : picked.ids.has(id)),
      picked: pickedCount === 0 ? 'none' : picked.all && picked.except.size === 0 ? 'all' : 'some',
      toggleAll: () => setPicked(pickedCount === 0 ? { all: true, ids: new Map(), except: new Set() } : nothingPicked),
      toggle: (signal, checked, range) => {
        const index = indexOf(signal.id);
        const targets: SignalSummary[] = [signal];
        if (range && anchor.current !== null && index !== null) {
          for (let i = Math.min(anchor.current, index); i <= Math.max(anchor.current, index); i++) {
            const row = rowAt(i);
            if (row) targets.push(row);
          }
        }
        anchor.current = index;
        setPicked((previous) => {
          const next: Picked = { all: previous.all, ids: new Map(previous.ids), except: new Set(previous.except) };
          for (const row of targets) {
            if (next.all) {
              if (checked) next.except.delete(row.id);
              else next.except.add(row.id);
            } else if (checked) next.ids.set(row.id, row);
            else next.ids.delete(row.id);
          }
          return next;
        });
      },
    }),
    [facets.data, picked, pickedCount, indexOf, rowAt],
  );

  const applyBulk = useCallback(
    async (change: BulkChangeRequest): Promise<boolean> => {
      const target = picked.all ? { matching: selection, exceptIds: [...picked.except] } : { ids: [...picked.ids.keys()] };
      setBusy(true);
      setProblem(undefined);
      try {
        const result = await workbench().call('signals.bulkUpdate', { ...target, ...change });
        setNotice(describeResult(result, change));
        setPicked(nothingPicked);
        refresh();
        return true;
      } catch (error) {
        setProblem(error instanceof Error ? error : new Error(String(error)));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [picked, selection, refresh],
  );

  // the rules and hosts the picked signals have, for the mute dialog
  const pickedRules = useMemo(() => {
    if (!picked.all) {
      const list = [...picked.ids.values()];
      return { rules: [...new Set(list.map((s) => s.rule.id))].sort(), hosts: [...new Set(list.map((s) => s.hostName))].sort() };
    }
    const rules = (facets.data?.rules ?? []).map((r) => r.value).filter((id) => view.ruleIds.length === 0 || view.ruleIds.includes(id));
    const hosts = (facets.data?.hosts ?? []).filter((h) => view.hostIds.length === 0 || view.hostIds.includes(h.value)).map((h) => h.name);
    return { rules, hosts };
  }, [picked, facets.data, view.ruleIds, view.hostIds]);

  const assignees = useMemo(() => {
    const names = new Set<string>();
    for (let index = 0; index < Math.min(rowCount, 1000); index++) {
      const name = rowAt(index)?.assignee;
      if (name) names.add(name);
    }
    return [...names].sort();
  }, [rowAt, rowCount]);

  // the row highlighted in the address (coming back from its page): found once its block has loaded
  const [located, setLocated] = useState<number | null>(null);
  const [scrollTo, setScrollTo] = useState<number | null>(null);
  if (view.signalId !== null && located !== view.signalId) {
    const index = indexOf(view.signalId);
    if (index !== null) {
      setLocated(view.signalId);
      setSelectedIndex(index);
      setScrollTo(index);
    }
  }
  useEffect(() => {
    if (scrollTo !== null) tableHandle.current?.scrollToIndex(scrollTo);
  }, [scrollTo]);

  const onSelect = useCallback(
    (index: number, row: SignalSummary | undefined) => {
      setSelectedIndex(index);
      if (row) {
        setLocated(row.id);
        update({ signalId: row.id }, 'replace');
      }
    },
    [update],
  );
  const onOpen = useCallback(
    (_index: number, row: SignalSummary) => {
      // the list's entry in history remembers the row, so the back button comes back to it
      window.history.replaceState(null, '', viewHash({ ...view, signalId: row.id }));
      window.location.hash = `#/signals/${row.id}`;
    },
    [view],
  );
  const closePeek = useCallback(() => {
    update({ signalId: null }, 'replace');
    tableHandle.current?.focus();
  }, [update]);

  const sorting: SortingState = useMemo(() => [{ id: sort, desc: order === 'desc' }], [sort, order]);
  const onSortingChange = useCallback(
    (updater: Updater<SortingState>) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first) update({ sort: first.id as SignalSortKey, order: first.desc ? 'desc' : 'asc' }, 'replace');
    },
    [sorting, update],
  );

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    if (event.key === 'Escape' && view.signalId !== null && !target.closest('.modal')) closePeek();
    // Space picks the highlighted row, as a click on its box would
    if (event.key === ' ' && target.getAttribute('role') === 'grid' && selectedIndex !== null) {
      const row = rowAt(selectedIndex);
      if (row) {
        event.preventDefault();
        tableState.toggle(row, !tableState.isChecked(row.id), event.shiftKey);
      }
    }
  };

  const runRules = () => {
    setHunting(true);
    setProblem(undefined);
    workbench()
      .call('detect.retroHunt', {})
      .then(
        (result) => {
          setNotice(`The rules ran over ${formatCount(result.events)} events: ${plural(result.newSignals, 'new signal')}.`);
          refresh();
        },
        (failure: unknown) => setProblem(failure instanceof Error ? failure : new Error(String(failure))),
      )
      .finally(() => setHunting(false));
  };
  const huntButton = (
    <button type="button" disabled={hunting} onClick={runRules} title="A retro-hunt: the bundled rules over every stored event; what they already flagged is not flagged twice">
      {hunting ? 'Running the rules…' : 'Run the rules over all events'}
    </button>
  );

  if (caseTotal.data?.total === 0) {
    return (
      <EmptyState page={page} title="No signals in this case">
        {huntButton}
      </EmptyState>
    );
  }

  const filtered = isFiltered(view);
  const histogramData = histogram.data;
  const span = histogramData && histogramData.fromNs !== null && histogramData.toNs !== null ? { fromNs: histogramData.fromNs, toNs: histogramData.toNs } : null;
  const error = problem ?? rows.error ?? facets.error ?? histogram.error;
  return (
    <div className="signals-explorer" onKeyDown={onKeyDown}>
      <div className="toolbar signals-toolbar">
        <input
          type="search"
          className="signals-search"
          placeholder="Search rules, descriptions and processes"
          value={searchInput}
          onChange={(event) => setSearchInput(event.target.value)}
          aria-label="Search signals"
          spellCheck={false}
        />
        <SavedViews
          views={savedViews.data ?? []}
          currentQuery={viewQuery(view)}
          onApply={(saved) => {
            const next = parseView(`?${saved.query}`);
            setSearchInput(next.text);
            update({ ...next, signalId: null });
          }}
          onChanged={() => setViewsGeneration((n) => n + 1)}
          onError={setProblem}
        />
        {filtered && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setSearchInput('');
              update({ ...noFilters, statuses: defaultView.statuses });
            }}
            title="Back to the open signals, with no other filter"
          >
            Reset filters
          </button>
        )}
        <span className="toolbar-spacer" />
        {huntButton}
        <ColumnChooser columns={signalColumns} visibility={columnVisibility} onChange={setColumnVisibility} onReset={() => setColumnVisibility(defaultSignalColumns)} />
      </div>
      <SignalFacetsPanel facets={facets.data} view={view} update={update} />
      <div className="signals-main">
        <section className="histogram-card" aria-label="Signals over time">
          <header className="histogram-head">
            <h3>Signals over time</h3>
            <span className="muted histogram-note">
              by first seen{histogramData && histogramData.bucketNs > 0 ? `, ${formatSpanNs(histogramData.bucketNs)} per bar` : ''} · drag across bars to narrow
            </span>
            <SeverityLegend />
            <span className="toolbar-spacer" />
            <TimeRangeControls view={view} update={update} bounds={bounds} newestNs={newestNs} span={span} />
          </header>
          <SignalHistogramChart histogram={histogramData} onRange={(fromNs, toNs) => update({ range: 'custom', ...rangeTexts(fromNs, toNs) })} />
        </section>
        {error && <ErrorBanner error={error} />}
        {notice && (
          <p className="signals-notice" role="status">
            {notice}{' '}
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setNotice(null)}>
              ✕
            </button>
          </p>
        )}
        {pickedCount > 0 ? (
          <BulkBar
            count={pickedCount}
            allMatching={picked.all}
            total={rows.total}
            rules={pickedRules.rules}
            hosts={pickedRules.hosts}
            assignees={assignees}
            busy={busy}
            onSelectAll={() => setPicked({ all: true, ids: new Map(), except: new Set() })}
            onClear={() => setPicked(nothingPicked)}
            onApply={applyBulk}
          />
        ) : (
          <div className="signals-count-line">
            <span className="signals-count" data-testid="signals-count" aria-live="polite">
              {rows.total === null ? 'Counting…' : plural(rows.total, 'signal')}
            </span>
            <span className="muted">Click a signal to investigate it · ↑↓ to move, Space to pick, Enter to open · Shift-click picks a range</span>
          </div>
        )}
        <div className="signals-body">
          <SignalTableContext.Provider value={tableState}>
            <VirtualTable
              label="Signals"
              testId="signals-table"
              scrollResetKey={listKey}
              handle={tableHandle}
              columns={signalColumns}
              rowCount={rows.rowCount}
              rowAt={rowAt}
              rowId={(row) => String(row.id)}
              onRangeChange={rows.setRange}
              sorting={sorting}
              onSortingChange={onSortingChange}
              columnVisibility={columnVisibility}
              onColumnVisibilityChange={setColumnVisibility}
              selectedId={view.signalId === null ? null : String(view.signalId)}
              selectedIndex={selectedIndex}
              onSelect={onSelect}
              onOpen={onOpen}
              rowHeight={rowHeight}
              empty={
                rows.loading ? (
                  <p className="muted">Loading signals…</p>
                ) : (
                  <div className="no-matches" data-testid="signals-no-matches">
                    <h3>No signals match these filters</h3>
                    <p className="muted">
                      The case has {caseTotal.data ? plural(caseTotal.data.total, 'signal') : 'signals'}; none meets every filter at once
                      {view.statuses.length > 0 ? ` (only ${view.statuses.map((s) => statusLabels[s].toLowerCase()).join(' or ')} ones are shown)` : ''}.
                    </p>
                    <button
                      type="button"
                      onClick={() => {
                        setSearchInput('');
                        update({ ...noFilters });
                      }}
                    >
                      Clear all filters
                    </button>
                  </div>
                )
              }
            />
          </SignalTableContext.Provider>
          {view.signalId !== null && <SignalPeek key={view.signalId} id={view.signalId} attackNames={facets.data?.attackNames ?? {}} version={version} onChange={refresh} onClose={closePeek} />}
        </div>
      </div>
    </div>
  );
}
