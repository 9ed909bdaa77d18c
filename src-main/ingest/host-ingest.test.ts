import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../store/index.ts';
import { HostIngest, type IngestProblem } from './host-ingest.ts';

const recording = readFileSync(resolve(import.meta.dirname, '../../resources/demo/web-01.ndjson'));
const recordedEvents = recording.toString().split('\n').filter((line) => line.includes('"seq"')).length;

function setUp() {
  const store = CaseStore.create(join(mkdtempSync(join(tmpdir(), 'wb-ingest-')), 'c.wbcase'), 'C', 0);
  const hostId = store.addHost({ name: 'web-01' }, 0);
  const problems: IngestProblem[] = [];
  const commits: number[] = [];
  const events: Record<string, unknown>[] = [];
  const ingest = new HostIngest({ store, hostId, hostName: 'web-01', batchSize: 10, onProblem: (p) => problems.push(p), onCommit: (_boot, seq) => commits.push(seq), onEvent: (e) => events.push(e) });
  return { store, hostId, ingest, problems, commits, events };
}

function seqs(store: CaseStore): number[] {
  return store.queryEvents({ limit: 1000 }).rows.map((r) => r.seq).sort((a, b) => a - b);
}

describe('ingesting a host stream', () => {
  it('stores the same events however the bytes are chunked', () => {
    for (const chunkSize of [1, 7, 4096]) {
      const { store, ingest } = setUp();
      for (let offset = 0; offset < recording.length; offset += chunkSize) ingest.push(recording.subarray(offset, offset + chunkSize));
      ingest.end();
      expect(seqs(store)).toEqual(Array.from({ length: recordedEvents }, (_, i) => i + 1));
      expect(ingest.committedSeq()).toBe(recordedEvents);
      store.close();
    }
  });

  it('acknowledges a sequence number only after its batch is committed', () => {
    const { store, ingest, commits } = setUp();
    ingest.push(recording);
    ingest.end();
    expect(commits.length).toBeGreaterThan(1);
    for (const seq of commits) expect(store.queryEvents({ limit: 1000 }).rows.some((r) => r.seq === seq)).toBe(true);
    expect(commits.at(-1)).toBe(recordedEvents);
    store.close();
  });

  it('gives each event its parent and ancestors from the process table', () => {
    const { store, ingest, events } = setUp();
    ingest.push(recording);
    ingest.end();
    const shadowRead = events.find((e) => e['type'] === 'open' && JSON.stringify(e).includes('"/etc/shadow"')) as { process: { pid: number; parent: { pid: number; file: { path: string } }; ancestors: Array<{ pid: number }> } };
    expect(shadowRead.process.pid).toBe(23035);
    // the parent as the sensor described it after its exec (sudo became bash): every field a rule may read
    expect(shadowRead.process.parent).toMatchObject({ pid: 23034, file: { path: '/usr/bin/bash' }, argv0: 'bash', argv: ['-c', 'cat /etc/shadow > /tmp/.x/s'], args: '-c cat /etc/shadow > /tmp/.x/s', user: 'root', euid: 0, tty_name: '' });
    // cat ← bash -c ← sudo ← interactive bash ← implant ← bash ← sh -c ← php-fpm worker ← php-fpm master ← systemd
    expect(shadowRead.process.ancestors.map((a) => a.pid)).toEqual([23034, 23033, 23030, 23026, 23022, 23020, 841, 840, 1]);
    store.close();
  });

  it('completes the traced process of a ptrace and the target of a kill from the process table', () => {
    const { store, ingest, events } = setUp();
    const lines = recording.toString().split('\n').filter((line) => line.trim() !== '');
    const shell = (JSON.parse(lines.find((line) => line.includes('"pid":23030,'))!) as { process: Record<string, unknown> }).process;
    const at = 1795183520010409000 + 1000;
    const ptrace = { seq: 77, ts: at, type: 'ptrace', process: shell, ptrace: { request: 16, tracee: { pid: 612 }, retval: 0 } };
    const kill = { seq: 78, ts: at + 1000, type: 'signal', process: shell, signal: { type: 9, target: { pid: 612 }, retval: 0 } };
    const unknown = { seq: 79, ts: at + 2000, type: 'signal', process: shell, signal: { type: 9, target: { pid: 4_000_000 }, retval: -3 } };
    ingest.push(Buffer.from(`${lines.join('\n')}\n${[ptrace, kill, unknown].map((e) => JSON.stringify(e)).join('\n')}\n`));
    ingest.end();
    const [traced, killed, missing] = events.slice(-3) as Array<Record<string, Record<string, Record<string, unknown>>>>;
    expect(traced!['ptrace']!['tracee']).toMatchObject({ pid: 612, comm: 'sshd', file: { path: '/usr/sbin/sshd', name: 'sshd' }, user: 'root' });
    expect(killed!['signal']!['target']).toMatchObject({ pid: 612, file: { name: 'sshd' } });
    expect(missing!['signal']!['target']).toEqual({ pid: 4_000_000 });
    // the stored event stays as the sensor sent it
    expect(store.queryEvents({ limit: 1 }).rows[0]!.raw['signal']).toEqual({ type: 9, target: { pid: 4_000_000 }, retval: -3 });
    store.close();
  });

  it('keeps the process table: exits recorded, pids keyed with their start time', () => {
    const { store, ingest } = setUp();
    ingest.push(recording);
    ingest.end();
    const running = store.runningProcesses(1).map((p) => p.pid).sort((a, b) => a - b);
    expect(running).toContain(23030); // the attacker's interactive shell never exited
    expect(running).not.toContain(23035); // cat /etc/shadow did
    // a later session restores the whole context of the attacker's shell, as of its exec
    expect(store.runningProcesses(1).find((p) => p.pid === 23030)?.context).toMatchObject({ argv0: 'bash', argv: ['-i'], user: 'www-data', file: { path: '/usr/bin/bash' } });
    store.close();
  });

  it('resumes after a reconnect without duplicating what was committed', () => {
    const { store, hostId, ingest } = setUp();
    const lines = recording.toString().split('\n');
    const half = Math.floor(lines.length / 2);
    ingest.push(Buffer.from(lines.slice(0, half).join('\n') + '\n'));
    ingest.end();
    const committed = ingest.committedSeq()!;
    expect(committed).toBeGreaterThan(10);
    // a new connection (after an app restart): the sensor replays from an earlier point
    const again = new HostIngest({ store, hostId, hostName: 'web-01' });
    expect(again.committedSeq(ingest.currentStreamId)).toBe(committed);
    again.push(Buffer.from([lines[0], ...lines.slice(5)].join('\n')));
    again.end();
    expect(seqs(store)).toEqual(Array.from({ length: recordedEvents }, (_, i) => i + 1));
    expect(again.counters.duplicates).toBeGreaterThan(0);
    store.close();
  });

  it('reports garbage, a cut-off line and a 100 MB line, and keeps everything else', () => {
    const { store, ingest, problems } = setUp();
    const lines = recording.toString().split('\n');
    ingest.push(Buffer.from(`${lines[0]}\n${lines[1]}\nthis is not json\n<script>alert(1)</script>\n`));
    const huge = Buffer.alloc(8 * 1024 * 1024, 'A');
    ingest.push(Buffer.from('{"seq":99999,"ts":1,"type":"exec","process":{"pid":1,"argv":["'));
    for (let i = 0; i < 12; i++) ingest.push(huge); // ~100 MB without a newline
    ingest.push(Buffer.from(`"]}}\n${lines[2]}\n{"seq":3,"ts":`));
    ingest.end();
    expect(problems.map((p) => p.message)).toEqual([
      'line 3: not valid JSON',
      'line 4: not valid JSON',
      expect.stringMatching(/^line 5 is \d{9} bytes, over the 1 MiB limit of one event; dropped$/),
      'the stream ended in the middle of a line (14 bytes not yet stored)',
    ]);
    expect(problems.every((p) => p.host === 'web-01')).toBe(true);
    expect(seqs(store)).toEqual([1, 2]);
    store.close();
  });
});
