// kill -9 of the ingesting process mid-stream: after a restart the case file is intact and every event
// that was acknowledged is there. The ingest runs in a real child process that we kill without warning.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../store/index.ts';

const here = resolve(import.meta.dirname);
const driver = `
import { CaseStore } from '${here}/../store/index.ts';
import { HostIngest } from '${here}/host-ingest.ts';
const store = CaseStore.open(process.argv[2]);
const ingest = new HostIngest({ store, hostId: 1, hostName: 'web-01', batchSize: 500, onCommit: (_boot, seq) => process.stdout.write('ACK ' + seq + '\\n') });
process.stdout.write('RESUME ' + (store.latestStreamPosition(1)?.lastSeq ?? 0) + '\\n');
process.stdin.on('data', (chunk) => ingest.push(chunk));
`;

function line(seq: number): string {
  return JSON.stringify({ seq, ts: 1_795_000_000_000_000_000 + seq, type: 'exec', process: { pid: 1000 + (seq % 300), ppid: 1, uid: 0, comm: 'sh', file: { path: '/bin/sh' }, argv: ['-c', `step ${seq}`] }, exec: { argv: ['-c', `step ${seq}`] } });
}

/** Runs the driver, feeds it events after its resume point, kills it with SIGKILL after `acks` commits. */
function runAndKill(caseFile: string, driverFile: string, acks: number): Promise<{ resumedFrom: number; lastAck: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [driverFile, caseFile], { stdio: ['pipe', 'pipe', 'inherit'] });
    let resumedFrom = -1;
    let lastAck = 0;
    let seen = 0;
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const text of lines) {
        const [word, value] = text.split(' ');
        if (word === 'RESUME') {
          resumedFrom = Number(value);
          let payload = `${JSON.stringify({ type: 'hello', boot_id: 'boot-1' })}\n`;
          for (let seq = resumedFrom + 1; seq <= resumedFrom + 200_000; seq++) payload += `${line(seq)}\n`;
          child.stdin.write(payload);
        } else if (word === 'ACK') {
          lastAck = Number(value);
          if (++seen === acks) child.kill('SIGKILL');
        }
      }
    });
    child.stdin.on('error', () => undefined); // the pipe breaks when we kill it: expected
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? done({ resumedFrom, lastAck }) : fail(new Error(`driver exited without being killed (${signal})`))));
  });
}

describe('a crash of the ingesting process', () => {
  it('loses nothing acknowledged and leaves an intact case, three kills in a row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-crash-'));
    const caseFile = join(dir, 'crash.wbcase');
    const store = CaseStore.create(caseFile, 'crash', 0);
    store.addHost({ name: 'web-01' }, 0);
    store.close();
    const driverFile = join(dir, 'driver.ts');
    writeFileSync(driverFile, driver);

    let previousAck = 0;
    for (const acks of [7, 3, 11]) {
      const { resumedFrom, lastAck } = await runAndKill(caseFile, driverFile, acks);
      expect(resumedFrom).toBeGreaterThanOrEqual(previousAck); // resumes after everything acknowledged before
      previousAck = lastAck;
      const after = CaseStore.open(caseFile);
      expect(after.integrityCheck()).toBe('ok');
      const stored = after.queryEvents({ limit: 1, types: ['exec'] }).total;
      expect(stored).toBeGreaterThanOrEqual(lastAck);
      // exactly the acknowledged prefix, no holes and no duplicates
      const maxSeq = after.queryEvents({ limit: 1 }).rows[0]!.seq;
      expect(stored).toBe(maxSeq);
      after.close();
    }
  }, 60_000);
});
