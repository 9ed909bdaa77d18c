// How fast the Events explorer shows rows on a case of a million events, measured in Chromium against
// the browser host (the built renderer, the real API over WebSocket, the real store): from the moment
// something asks for rows to the frame where the first of them is in the page. Not a test.
//   npm run build && node bench/ui/events-first-rows.ts [case.wbcase] [events=1000000] [rounds=5]
// The case is generated once (about 80 s for a million events) and reused while its size matches.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSession } from '../../e2e/harness.ts';
import { CaseStore } from '../../src-main/store/index.ts';
import { makeBigCase } from './make-events-case.ts';

// the page's globals, for the functions that run in Chromium (this file is type-checked as Node code)
declare const requestAnimationFrame: (callback: () => void) => number;
declare const document: { querySelector(selector: string): { scrollTop: number; scrollHeight: number } | null };

const casePath = resolve(process.argv[2] ?? join(tmpdir(), 'wb-bench-events-1m.wbcase'));
const total = Number(process.argv[3] ?? 1_000_000);
const rounds = Number(process.argv[4] ?? 5);

function caseHolds(path: string): number {
  if (!existsSync(path)) return -1;
  const store = CaseStore.open(path, { readonly: true });
  try {
    return store.summary().eventCount;
  } finally {
    store.close();
  }
}

if (caseHolds(casePath) !== total) {
  console.log(`generating ${total.toLocaleString('en-US')} events into ${casePath} …`);
  makeBigCase(casePath, total, (done) => process.stdout.write(`\r${done.toLocaleString('en-US')}`));
  process.stdout.write('\n');
}

const session = await startSession({ openDemo: false });
const { page } = session;
session.workbench.openCase(casePath);
const base = session.host.url.split('#')[0]!;
await page.goto(session.host.url);
await page.getByTestId('status-case').getByText('generated events').waitFor({ timeout: 60_000 });

/** Runs `act` in the page, then waits frame by frame until `ready` holds; milliseconds between. */
async function timeInPage(act: string, ready: string): Promise<number> {
  return page.evaluate(
    ([actSource, readySource]) =>
      new Promise<number>((done, fail) => {
        const act = new Function(actSource!) as () => void;
        const ready = new Function(`return (${readySource!})`) as () => boolean;
        const start = performance.now();
        act();
        const poll = () => {
          if (ready()) return done(performance.now() - start);
          if (performance.now() - start > 20_000) return fail(new Error(`not ready after 20 s: ${readySource}`));
          requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      }),
    [act, ready],
  );
}

const firstRow = `document.querySelector('tbody tr.vt-data') !== null`;
const rowWith = (text: string) => `[...document.querySelectorAll('tbody tr.vt-data')].some((row) => row.textContent.includes(${JSON.stringify(text)}))`;
const counted = `/\\d events?$/.test(document.querySelector('[data-testid=events-count]')?.textContent ?? '')`;

/** To a page that asks the server nothing, and let the server go idle: what follows is timed alone. */
async function leaveEvents(): Promise<void> {
  await page.goto(`${base}#/rules`);
  await page.getByTestId('page-rules').waitFor();
  await page.waitForTimeout(300);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const results: Array<[string, number[]]> = [];
async function measure(label: string, prepare: () => Promise<void>, act: string, ready: string): Promise<void> {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await prepare();
    samples.push(await timeInPage(act, ready));
  }
  results.push([label, samples]);
  console.log(`${label.padEnd(58)} median ${median(samples).toFixed(0).padStart(5)} ms   (${samples.map((s) => s.toFixed(0)).join(', ')})`);
}

console.log(`${caseHolds(casePath).toLocaleString('en-US')} events; ${rounds} rounds each; times from the request to the frame showing it`);
await measure('open the Events page: first rows', leaveEvents, `location.hash = '#/events'`, firstRow);
await measure('open the Events page: the count', leaveEvents, `location.hash = '#/events'`, counted);
await measure('filter to one host (address change): first rows', leaveEvents, `location.hash = '#/events?host=4'`, rowWith('db-01'));
await measure('filter to two types: first rows', leaveEvents, `location.hash = '#/events?type=bind,chmod'`, rowWith('chmod'));
await measure('full-text search "etc" (150 k matches): first rows', leaveEvents, `location.hash = '#/events?q=etc'`, rowWith('/etc/'));
await measure('search + host + type: first rows', leaveEvents, `location.hash = '#/events?q=passwd&host=4&type=open'`, rowWith('passwd'));
await measure('oldest first: first rows', leaveEvents, `location.hash = '#/events?order=asc'`, rowWith('2026-11-1'));

// scrolling: the scrollbar spans the million rows; a jump lands without reading what it passes over
const scroll = `const s = document.querySelector('.vt-scroll'); s.scrollTop = s.scrollHeight * FRACTION;`;
const rowsThere = `(() => {
  const s = document.querySelector('.vt-scroll');
  const want = Math.floor(s.scrollTop / 28);
  return [...document.querySelectorAll('tbody tr.vt-data')].some((r) => Math.abs(Number(r.getAttribute('aria-rowindex')) - 2 - want) < 5);
})()`;
for (const fraction of [0.5, 0.25, 0.999]) {
  await measure(
    `scrollbar jump to ${(fraction * 100).toFixed(1)} % (nothing loaded there): rows there`,
    async () => {
      await leaveEvents();
      await page.goto(`${base}#/events`);
      await page.getByTestId('events-count').getByText(/\d events$/).waitFor();
      await page.waitForTimeout(300);
    },
    scroll.replace('FRACTION', String(fraction)),
    rowsThere,
  );
}
const height = await page.evaluate(() => document.querySelector('.vt-scroll')!.scrollHeight);
const domRows = await page.locator('tbody tr').count();
console.log(`scroll height ${height.toLocaleString('en-US')} px for the whole list; ${domRows} rows in the DOM`);
await session.close();
