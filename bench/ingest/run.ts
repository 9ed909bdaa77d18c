// Ingest throughput: the real pipeline (bytes → lines → checked events → process table → batched
// commits with FTS and stream positions) against a raw batched INSERT of the very same rows, in one run,
// interleaved, so the ratio holds however busy the machine is. Not a test.
//   node bench/ingest/run.ts [events=200000] [rounds=3]
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { summarizeEvent } from '../../src-shared/events/summary.ts';
import { HostIngest } from '../../src-main/ingest/index.ts';
import { CaseStore } from '../../src-main/store/index.ts';

const total = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 3);

// realistic lines: the demo recording's events, repeated with fresh seqs, pids and times
const template = readFileSync(resolve(import.meta.dirname, '../../resources/demo/web-01.ndjson'), 'utf8').split('\n').filter(Boolean);
const hello = template[0]!;
const events = template.filter((line) => line.startsWith('{"seq"')).map((line) => JSON.parse(line) as Record<string, unknown> & { process: Record<string, unknown> });
const lines: string[] = [hello];
for (let seq = 1; seq <= total; seq++) {
  const event = structuredClone(events[seq % events.length]!);
  event['seq'] = seq;
  event['ts'] = 1_795_183_320_000_000_000 + seq * 1000;
  event.process['pid'] = 30_000 + (seq % 5000);
  lines.push(JSON.stringify(event));
}
const stream = Buffer.from(lines.join('\n') + '\n');
const rows = lines.slice(1).map((line) => {
  const event = JSON.parse(line) as Record<string, unknown> & { process: { pid: number; ppid: number; uid: number; comm: string; file: { path: string } } };
  return { hostId: 1, streamId: 'b', seq: event['seq'], tsNs: event['ts'], type: event['type'], pid: event.process.pid, ppid: event.process.ppid, uid: event.process.uid, comm: event.process.comm, executable: event.process.file.path, summary: summarizeEvent(event), raw: line };
});

function newCase(): { store: CaseStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wb-bench-ingest-'));
  const store = CaseStore.create(join(dir, 'bench.wbcase'), 'bench', 0);
  store.addHost({ name: 'web-01' }, 0);
  return { store, dir };
}

function pipeline(): number {
  const { store, dir } = newCase();
  const ingest = new HostIngest({ store, hostId: 1, hostName: 'web-01', batchDelayMs: 1e9 });
  const started = performance.now();
  for (let offset = 0; offset < stream.length; offset += 64 * 1024) ingest.push(stream.subarray(offset, offset + 64 * 1024));
  ingest.end();
  const seconds = (performance.now() - started) / 1000;
  if (ingest.counters.committed !== total) throw new Error(`pipeline stored ${ingest.counters.committed} of ${total}`);
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return total / seconds;
}

function rawInsert(): number {
  const { store, dir } = newCase();
  store.close();
  const db = new Database(join(dir, 'bench.wbcase'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(`INSERT INTO events (host_id, stream_id, seq, ts_ns, type, pid, ppid, uid, comm, executable, summary, raw)
    VALUES (@hostId, @streamId, @seq, @tsNs, @type, @pid, @ppid, @uid, @comm, @executable, @summary, @raw)`);
  const batch = db.transaction((slice: typeof rows) => {
    for (const row of slice) insert.run(row);
  });
  const started = performance.now();
  for (let i = 0; i < rows.length; i += 2000) batch(rows.slice(i, i + 2000));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return total / seconds;
}

console.log(`ingest benchmark: ${total} events (${(stream.length / 1e6).toFixed(1)} MB of NDJSON), ${rounds} interleaved rounds`);
const ratios: number[] = [];
for (let round = 1; round <= rounds; round++) {
  const raw = rawInsert();
  const real = pipeline();
  ratios.push(real / raw);
  console.log(`round ${round}: pipeline ${Math.round(real)} events/s, raw batched INSERT ${Math.round(raw)} events/s, ratio ${(real / raw).toFixed(2)}`);
}
ratios.sort((a, b) => a - b);
console.log(`median ratio pipeline / raw: ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)} (target ≥ 0.50)`);
