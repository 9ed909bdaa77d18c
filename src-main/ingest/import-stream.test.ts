import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../store/index.ts';
import { importSensorStream } from './import-stream.ts';

const hello = JSON.stringify({ type: 'hello', sensor: { version: '0.1.0' }, boot_id: 'b-1' });
const exec = (seq: number, argv: string[]) =>
  JSON.stringify({ seq, ts: 1_795_183_320_000_000_000 + seq, type: 'exec', process: { pid: 10 + seq, ppid: 1, uid: 33, comm: 'sh', file: { path: '/usr/bin/dash' }, argv }, exec: { argv } });

function newStore() {
  const store = CaseStore.create(join(mkdtempSync(join(tmpdir(), 'wb-ingest-')), 'c.wbcase'), 'C', 0);
  return { store, hostId: store.addHost({ name: 'web-01' }, 0) };
}

describe('importing a recorded sensor stream', () => {
  it('stores each event with its host, boot id and a searchable summary', () => {
    const { store, hostId } = newStore();
    const result = importSensorStream(store, hostId, 'web-01', 'rec.ndjson', [hello, exec(1, ['sh', '-c', 'id']), JSON.stringify({ type: 'heartbeat', counters: {} })].join('\n'));
    expect(result).toEqual({ events: 1, added: 1 });
    const [row] = store.queryEvents({ limit: 5, text: 'id' }).rows;
    expect(row).toMatchObject({ seq: 1, type: 'exec', pid: 11, uid: 33, hostName: 'web-01', executable: '/usr/bin/dash', summary: 'sh -c id' });
    expect(row?.raw['host']).toBe('web-01');
    store.close();
  });

  it('keeps two recordings of one host whose runs both count from 1, and imports the same one only once', () => {
    const { store, hostId } = newStore();
    const run = (id: string) => JSON.stringify({ type: 'hello', boot_id: 'b-1', run_id: id.repeat(32) });
    const first = [run('a'), exec(1, ['first-run'])].join('\n');
    const second = [run('b'), exec(1, ['second-run'])].join('\n');
    expect(importSensorStream(store, hostId, 'web-01', 'a.ndjson', first)).toEqual({ events: 1, added: 1 });
    expect(importSensorStream(store, hostId, 'web-01', 'b.ndjson', second)).toEqual({ events: 1, added: 1 });
    expect(importSensorStream(store, hostId, 'web-01', 'a-again.ndjson', first)).toEqual({ events: 1, added: 0 });
    expect(store.queryEvents({ limit: 5 }).rows.map((row) => row.summary).sort()).toEqual(['first-run', 'second-run']);
    store.close();
  });

  it('names the file and line of every bad line and imports nothing', () => {
    const { store, hostId } = newStore();
    const text = [hello, exec(1, ['ok']), '{"seq":2,"ts":5,"type":"exec"', '[1,2]', JSON.stringify({ seq: 3, ts: 1, type: 'exec', process: { pid: -4 } })].join('\n');
    expect(() => importSensorStream(store, hostId, 'web-01', 'rec.ndjson', text)).toThrow(
      /rec.ndjson has 3 bad line\(s\); nothing was imported.\nrec.ndjson:3: not valid JSON\nrec.ndjson:4: not a JSON object\nrec.ndjson:5: event: process.pid/,
    );
    expect(store.summary().eventCount).toBe(0);
    store.close();
  });

  it('refuses events that arrive before the hello line gives a boot id', () => {
    const { store, hostId } = newStore();
    expect(() => importSensorStream(store, hostId, 'web-01', 'rec.ndjson', exec(1, ['x']))).toThrow(/rec.ndjson:1: event before the hello line/);
    store.close();
  });

  it('refuses a line over the size limit without parsing it', () => {
    const { store, hostId } = newStore();
    const huge = exec(1, ['A'.repeat(2 * 1024 * 1024)]);
    expect(() => importSensorStream(store, hostId, 'web-01', 'rec.ndjson', `${hello}\n${huge}`)).toThrow(/rec.ndjson:2: line is \d+ bytes, over the 1048576-byte limit/);
    store.close();
  });

  it('imports a stream twice without duplicating it', () => {
    const { store, hostId } = newStore();
    const text = [hello, exec(1, ['a']), exec(2, ['b'])].join('\n');
    importSensorStream(store, hostId, 'web-01', 'rec.ndjson', text);
    expect(importSensorStream(store, hostId, 'web-01', 'rec.ndjson', text)).toEqual({ events: 2, added: 0 });
    store.close();
  });
});
