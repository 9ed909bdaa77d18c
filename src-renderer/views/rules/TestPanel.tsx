// The test panel: the rule as it stands in the editor (saved or not) run over the open case's events or a
// recording picked from disk, its matches counted per host and listed with the process tree one click
// away; and the rule's own tests (match / no_match events), each passed or failed with the reason. A run
// over a large case comes as many short steps; Cancel stops asking for the next one.
import { useCallback, useEffect, useRef, useState } from 'react';
import { maxRecordingChars, type RuleTestRow, type RuleTestsResult } from '../../../src-shared/api/rule-packs.ts';
import type { CallInput } from '../../../src-shared/api/contract.ts';
import { workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import { formatCount, formatTimeNs } from '../../format.ts';
import { ProcessLink } from '../signal/ProcessLink.tsx';

/** Rows kept for the table; the counts per host cover every match. */
const rowLimit = 200;

interface Run {
  state: 'running' | 'done' | 'cancelled' | 'failed';
  label: string;
  scanned: number;
  candidates: number | null;
  matched: number;
  rows: RuleTestRow[];
  byHost: Map<string, { hostId: number; matches: number }>;
  eventType: string;
  error: Error | null;
}

type Source = { kind: 'case' } | { kind: 'recording'; name: string; text: string };

export function TestPanel({ packId, expression, tests, valid, hasCase, autoRunTests, runSignal = 0 }: { packId: string; expression: string; tests: string; valid: boolean; hasCase: boolean; autoRunTests: boolean; /** Runs the rule each time it changes (Ctrl+Enter in the editor). */ runSignal?: number }) {
  return (
    <section className="test-panel" aria-label="Test the rule" data-testid="test-panel">
      <MatchRunner packId={packId} expression={expression} valid={valid} hasCase={hasCase} runSignal={runSignal} />
      <TestsRunner packId={packId} expression={expression} tests={tests} valid={valid} auto={autoRunTests} />
    </section>
  );
}

function MatchRunner({ packId, expression, valid, hasCase, runSignal }: { packId: string; expression: string; valid: boolean; hasCase: boolean; runSignal: number }) {
  const [source, setSource] = useState<Source | null>(hasCase ? { kind: 'case' } : null);
  const [recording, setRecording] = useState<Extract<Source, { kind: 'recording' }> | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const token = useRef(0);
  // a run is about the expression it ran: once the text changes, it says so
  const [ranExpression, setRanExpression] = useState<string | null>(null);

  useEffect(() => () => void token.current++, []);

  const start = useCallback(async () => {
    if (!source || !valid) return;
    const mine = ++token.current;
    setRanExpression(expression);
    const current: Run = { state: 'running', label: source.kind === 'case' ? 'this case' : source.name, scanned: 0, candidates: null, matched: 0, rows: [], byHost: new Map(), eventType: '', error: null };
    setRun({ ...current });
    let request: CallInput<'rules.test'> = { packId, expression, source, rows: rowLimit };
    try {
      for (;;) {
        const step = await workbench().call('rules.test', request);
        if (mine !== token.current) return;
        current.scanned += step.scanned;
        current.candidates ??= step.candidates;
        current.matched += step.matched;
        current.rows = [...current.rows, ...step.rows];
        current.eventType = step.eventType;
        current.label = step.sourceLabel;
        for (const host of step.byHost) current.byHost.set(host.hostName, { hostId: host.hostId, matches: (current.byHost.get(host.hostName)?.matches ?? 0) + host.matches });
        if (!step.resume) {
          current.state = 'done';
          setRun({ ...current, byHost: new Map(current.byHost) });
          return;
        }
        setRun({ ...current, byHost: new Map(current.byHost) });
        request = { ...request, after: step.resume.after, rows: Math.max(0, rowLimit - current.rows.length), source: step.recordingId ? { kind: 'recordingId', recordingId: step.recordingId } : request.source };
      }
    } catch (failure) {
      if (mine === token.current) setRun({ ...current, state: 'failed', error: failure as Error });
    }
  }, [source, valid, packId, expression]);

  const cancel = () => {
    token.current++;
    setRun((previous) => previous && { ...previous, state: 'cancelled' });
  };

  const pick = async (file: File | undefined) => {
    setPickError(null);
    if (!file) return;
    if (file.size > maxRecordingChars) {
      setPickError(`${file.name} is ${(file.size / 1e6).toFixed(1)} MB: a recording picked here can be at most ${maxRecordingChars / 1000} KB. Import a larger one into a case (npx workbench detect, or stream it) and test over the case.`);
      return;
    }
    const picked = { kind: 'recording' as const, name: file.name, text: await file.text() };
    setRecording(picked);
    setSource(picked);
  };

  const startRef = useRef(start);
  startRef.current = start;
  useEffect(() => {
    if (runSignal > 0) void startRef.current();
  }, [runSignal]);

  const stale = run !== null && ranExpression !== expression;
  const hosts = run ? [...run.byHost].sort((a, b) => b[1].matches - a[1].matches) : [];
  const most = Math.max(1, ...hosts.map(([, host]) => host.matches));

  return (
    <div className="test-block">
      <h3>Run it over events</h3>
      <div className="test-source" role="radiogroup" aria-label="Events to run the rule over">
        <label>
          <input type="radio" name="test-source" checked={source?.kind === 'case'} disabled={!hasCase} onChange={() => setSource({ kind: 'case' })} /> This case’s events
        </label>
        <label>
          <input type="radio" name="test-source" checked={source?.kind === 'recording'} disabled={!recording} onChange={() => recording && setSource(recording)} /> {recording ? <SafeText text={recording.name} /> : 'A recording of the sensor (.ndjson):'}
        </label>
        <input type="file" accept=".ndjson,.json,.log,.txt" onChange={(event) => void pick(event.target.files?.[0])} aria-label="Pick a recording" data-testid="test-recording" />
      </div>
      {!hasCase && <p className="muted">No case is open: pick a recording of the sensor’s output, or open a case from the case menu.</p>}
      {pickError && <p className="field-error">{pickError}</p>}
      <div className="test-actions">
        {run?.state === 'running' ? (
          <button type="button" onClick={cancel} data-testid="test-cancel">
            Cancel
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void start()} disabled={!valid || !source} data-testid="test-run" title={valid ? 'Ctrl+Enter in the expression' : 'Fix the expression first'}>
            {run ? 'Run again' : 'Run the rule'}
          </button>
        )}
        <RunProgress run={run} />
      </div>
      {stale && run?.state !== 'running' && <p className="secl-warning test-stale">The expression changed since this run: run it again to see its matches.</p>}
      {run?.error && <ErrorBanner error={run.error} />}
      {run && run.state !== 'failed' && (
        <div className={`test-results${stale ? ' test-results-stale' : ''}`}>
          {hosts.length > 0 && (
            <table className="data-table compact test-hosts" data-testid="test-hosts">
              <thead>
                <tr>
                  <th>Host</th>
                  <th className="num">Matches</th>
                  <th aria-hidden="true" />
                </tr>
              </thead>
              <tbody>
                {hosts.map(([name, host]) => (
                  <tr key={name} data-testid={`test-host-${name}`}>
                    <td>
                      <SafeText text={name} />
                    </td>
                    <td className="num">{formatCount(host.matches)}</td>
                    <td className="test-bar-cell" aria-hidden="true">
                      <span className="test-bar" style={{ width: `${Math.max(2, (host.matches / most) * 100)}%` }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {run.rows.length > 0 && (
            <div className="test-matches-scroll">
              <table className="data-table compact test-matches" data-testid="test-matches">
                <thead>
                  <tr>
                    <th>When (UTC), host</th>
                    <th>Process and event</th>
                  </tr>
                </thead>
                <tbody>
                  {run.rows.map((row, index) => {
                    const [date, time] = formatTimeNs(row.tsNs).split(' ');
                    const commandLine = row.process.replace(/ \(pid \d+\)$/, '');
                    return (
                      <tr key={`${row.hostName}-${row.seq}-${index}`}>
                        <td className="nowrap test-when">
                          <span className="mono">{time}</span>
                          <div className="muted">
                            {date} · <SafeText text={row.hostName} />
                          </div>
                        </td>
                        <td className="test-process">
                          {row.hostId > 0 && run.label === 'this case' ? (
                            <ProcessLink hostId={row.hostId} pid={row.pid} startNs={row.startNs}>
                              <SafeText text={row.process} />
                            </ProcessLink>
                          ) : (
                            <SafeText text={row.process} />
                          )}
                          {row.summary !== commandLine && (
                            <div className="test-what">
                              <span className={`type type-${row.type}`}>{row.type}</span> <SafeText text={row.summary} />
                            </div>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {run.matched > run.rows.length && (
                <p className="muted pad">
                  The first {formatCount(run.rows.length)} of {formatCount(run.matched)} matches; the counts per host cover them all.
                </p>
              )}
            </div>
          )}
          {run.state === 'done' && run.matched === 0 && <p className="muted">No {run.eventType ? `${run.eventType} ` : ''}event of {run.label} matches.</p>}
          {run.label !== 'this case' && run.rows.length > 0 && <p className="muted">Process trees open for events of the case; a recording is only read here.</p>}
        </div>
      )}
    </div>
  );
}

function RunProgress({ run }: { run: Run | null }) {
  if (!run) return null;
  const of = run.candidates !== null ? ` of ${formatCount(run.candidates)}` : '';
  const noun = run.eventType ? `${run.eventType} events` : 'events';
  const found = `${formatCount(run.matched)} ${run.matched === 1 ? 'match' : 'matches'}`;
  switch (run.state) {
    case 'running':
      return (
        <span className="muted" role="status">
          Reading {run.label}: {formatCount(run.scanned)}
          {of} {noun}, {found} so far…
        </span>
      );
    case 'cancelled':
      return (
        <span className="secl-warning" role="status">
          Cancelled after {formatCount(run.scanned)}
          {of} {noun}: {found} in what was read.
        </span>
      );
    case 'done':
      return (
        <span role="status" data-testid="test-summary">
          <strong>{found}</strong> in {run.label} ({formatCount(run.scanned)} {noun} read
          {run.byHost.size > 0 ? `, on ${run.byHost.size} ${run.byHost.size === 1 ? 'host' : 'hosts'}` : ''}).
        </span>
      );
    case 'failed':
      return null;
  }
}

function TestsRunner({ packId, expression, tests, valid, auto }: { packId: string; expression: string; tests: string; valid: boolean; auto: boolean }) {
  const [result, setResult] = useState<{ about: string; value: RuleTestsResult } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [running, setRunning] = useState(false);
  const key = JSON.stringify([expression, tests]);

  const runTests = useCallback(() => {
    setRunning(true);
    setError(null);
    workbench()
      .call('rules.runTests', { packId, expression, tests })
      .then(
        (value) => setResult({ about: key, value }),
        (failure: unknown) => setError(failure as Error),
      )
      .finally(() => setRunning(false));
  }, [packId, expression, tests, key]);

  // tests are cheap (a few events in memory): while editing they run as you type
  useEffect(() => {
    if (!auto || !valid || tests.trim() === '') return;
    const timer = setTimeout(runTests, 500);
    return () => clearTimeout(timer);
  }, [auto, valid, tests, runTests]);

  const value = result?.value;
  const current = result?.about === key;
  return (
    <div className="test-block" data-testid="rule-tests">
      <h3>The rule’s own tests</h3>
      {tests.trim() === '' ? (
        <p className="muted">
          This rule has no tests yet. Tests are events that must match (<code>match:</code>) and events that must not (<code>no_match:</code>), written in the sensor’s shape; they run here as you type and in <code>npx workbench rules test</code>.
        </p>
      ) : (
        <div className="test-actions">
          <button type="button" onClick={runTests} disabled={running} data-testid="tests-run">
            {running ? 'Running…' : 'Run the tests'}
          </button>
          {value && !value.problem && (
            <span role="status" data-testid="tests-summary" className={value.failed === 0 ? 'secl-ok' : 'field-error'}>
              {value.failed === 0 ? `✓ All ${value.passed} tests pass` : `✗ ${value.failed} of ${value.tests.length} tests fail`}
              {!current && <span className="muted"> (before your last change)</span>}
            </span>
          )}
        </div>
      )}
      {error && <ErrorBanner error={error} />}
      {value?.problem && <p className="field-error">{value.problem}</p>}
      {value && value.tests.length > 0 && (
        <ul className={`test-list${current ? '' : ' test-results-stale'}`} data-testid="tests-list">
          {value.tests.map((test) => (
            <li key={`${test.kind}-${test.number}`} className={test.passed ? 'test-pass' : 'test-fail'}>
              <span className="test-mark" aria-hidden="true">
                {test.passed ? '✓' : '✗'}
              </span>
              <span className="test-kind">{test.kind === 'match' ? 'must match' : 'must not match'}</span> <span className="mono">#{test.number}</span>{' '}
              <span className="mono">
                <SafeText text={test.event} />
              </span>
              {test.reason && (
                <div className="test-reason">
                  <SafeText text={test.reason} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
