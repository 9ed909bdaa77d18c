// The test panel's runs are bounded: over a recording larger than one step can read, each step reads for
// its budget and says where it stopped, the steps together find exactly the matches the engine finds, and
// a run that is not asked to go on (cancelled) leaves nothing behind that changes the next one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../src-shared/api/errors.ts';
import type { RuleTestRun } from '../src-shared/api/rule-packs.ts';
import { bundledAttackCatalogue, bundledRuntimeRulesDir } from './detect/index.ts';
import { RulesService } from './rules-service.ts';

const service = new RulesService({
  dataDir: mkdtempSync(join(tmpdir(), 'wb-rules-service-')),
  bundled: [{ id: 'runtime', name: 'Workbench runtime rules', description: '', dir: bundledRuntimeRulesDir }],
  attack: bundledAttackCatalogue,
  openCase: () => {
    throw new ApiError('no_case_open', 'No case is open.');
  },
  now: Date.now,
  onChange: () => {},
  // a step stops after its first chunk of events: a small recording then takes many steps
  stepBudgetMs: 0,
});
afterAll(() => service.close());

/** A recording of `count` execs on web-07: every seventh one is curl, the others are ls. */
function recording(count: number): string {
  const lines = ['{"type":"hello","sensor":{"version":"0.1.0"},"host":"web-07","kernel":"6.1.0","btf":true,"hooks":[],"boot_id":"0b7a4c1e-9d3f-4a5b-8c9e-1f046f1c2d8e"}'];
  for (let seq = 1; seq <= count; seq++) {
    const [path, name] = seq % 7 === 0 ? ['/usr/bin/curl', 'curl'] : ['/usr/bin/ls', 'ls'];
    const pid = 10_000 + seq;
    const file = { path, name };
    const process = { pid, tid: pid, ppid: 1, uid: 0, gid: 0, euid: 0, egid: 0, auid: 0, user: 'root', comm: name, file, argv: ['-l'], argv0: name, args: '-l', args_truncated: false, cwd: '/', created_at: 1_795_000_000_000_000_000 + seq * 1000, tty_name: '', cgroup: { id: 1 }, container: { id: '' } };
    lines.push(JSON.stringify({ seq, ts: 1_795_000_000_000_000_000 + seq * 1000 + 500, type: 'exec', process, exec: { file, argv: ['-l'], argv0: name, args: '-l', args_truncated: false } }));
  }
  return `${lines.join('\n')}\n`;
}

describe('a run over many events', () => {
  const text = recording(3000);
  const expected = Math.floor(3000 / 7);

  it('comes in bounded steps that resume where they stopped and add up to the engine\'s matches', () => {
    const steps: RuleTestRun[] = [];
    let step = service.testRule({ packId: 'custom', expression: 'exec.file.name == "curl"', source: { kind: 'recording', name: 'big.ndjson', text }, rows: 50 });
    steps.push(step);
    while (step.resume) {
      step = service.testRule({ packId: 'custom', expression: 'exec.file.name == "curl"', source: { kind: 'recordingId', recordingId: step.recordingId! }, after: step.resume.after, rows: 0 });
      steps.push(step);
    }
    expect(steps.length).toBeGreaterThan(3);
    expect(steps[0]!.candidates).toBe(3000);
    expect(steps.slice(1).every((s) => s.candidates === null)).toBe(true);
    expect(steps.every((s) => s.scanned <= 500)).toBe(true);
    expect(steps.reduce((sum, s) => sum + s.scanned, 0)).toBe(3000);
    expect(steps.reduce((sum, s) => sum + s.matched, 0)).toBe(expected);
    expect(steps.flatMap((s) => s.byHost)).toEqual(steps.filter((s) => s.matched > 0).map((s) => ({ hostId: 1, hostName: 'web-07', matches: s.matched })));
    // rows: the first 50, in time order
    const rows = steps.flatMap((s) => s.rows);
    expect(rows).toHaveLength(50);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 50 }, (_, i) => (i + 1) * 7));
  });

  it('can be left half-way (cancelled), and the next run starts afresh on the same recording', () => {
    const first = service.testRule({ packId: 'custom', expression: 'exec.file.name == "curl"', source: { kind: 'recording', name: 'big.ndjson', text }, rows: 10 });
    expect(first.resume).not.toBeNull();
    // the user changed the expression: the old run is never asked to go on
    let step = service.testRule({ packId: 'custom', expression: 'exec.file.name == "ls"', source: { kind: 'recordingId', recordingId: first.recordingId! }, rows: 0 });
    let matched = step.matched;
    while (step.resume) {
      step = service.testRule({ packId: 'custom', expression: 'exec.file.name == "ls"', source: { kind: 'recordingId', recordingId: first.recordingId! }, after: step.resume.after, rows: 0 });
      matched += step.matched;
    }
    expect(matched).toBe(3000 - expected);
    expect(() => service.testRule({ packId: 'custom', expression: 'exec.file.name == "ls"', source: { kind: 'recordingId', recordingId: 'f'.repeat(32) }, rows: 0 })).toThrow(/no longer loaded/);
  });
});
