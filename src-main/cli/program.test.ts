import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './program.ts';
import { terminalSafe } from './terminal-text.ts';

async function cli(args: string[], dataDir = mkdtempSync(join(tmpdir(), 'wb-cli-'))) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: { WORKBENCH_DATA_DIR: dataDir } });
  return { code, out, err, dataDir };
}

describe('workbench (the CLI)', () => {
  it('lists its commands in --help', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    for (const command of ['info', 'cases', 'demo', 'hosts', 'events', 'serve']) expect(out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('prepares the demo case and queries its events through the same API as the UI', async () => {
    const demo = await cli(['demo']);
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/demo\.wbcase\n2 hosts, \d+ events\n/);
    const events = await cli(['events', '--type', 'connect', '--host', 'web-01', '--limit', '3'], demo.dataDir);
    expect(events.code).toBe(0);
    expect(events.out).toContain('10.0.2.21:22');
    expect(events.out).toMatch(/3 of 4 matching events\n$/);
  });

  it('prints events as JSON lines with --json', async () => {
    const { out } = await cli(['events', '--search', 'authorized_keys', '--type', 'open', '--json']);
    const lines = out.trim().split('\n').map((line) => JSON.parse(line) as { type: string; open: { file: { path: string } }; host: string });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: 'open', host: 'web-01', open: { file: { path: '/root/.ssh/authorized_keys' } } });
  });

  it('creates a case and lists it', async () => {
    const created = await cli(['cases', 'create', 'Incident 42']);
    expect(created.out).toMatch(/incident-42-\d{14}\.wbcase\n$/);
    const list = await cli(['cases', 'list'], created.dataDir);
    expect(list.out).toMatch(/^Incident 42\s+0\s+0\s+/m);
  });

  it('adds this machine to a case as a local host, once', async () => {
    const created = await cli(['cases', 'create', 'laptop']);
    const caseFile = created.out.trim();
    const added = await cli(['hosts', 'add-local', 'my-laptop', '--case', caseFile], created.dataDir);
    expect(added).toMatchObject({ code: 0, out: 'added my-laptop (this machine, no SSH)\n' });
    const again = await cli(['hosts', 'add-local', '--case', caseFile], created.dataDir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('This machine is already in the case, as my-laptop.');
  });

  it('explains a bad case file and what to do, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-cli-'));
    const junk = join(dir, 'evidence.wbcase');
    writeFileSync(junk, 'definitely not sqlite');
    const { code, err } = await cli(['hosts', 'list', '--case', junk], dir);
    expect(code).toBe(1);
    expect(err).toMatch(/^workbench: .*evidence\.wbcase/);
    expect(err).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('names the unknown host and the hosts there are', async () => {
    const { code, err } = await cli(['events', '--host', 'mail-01']);
    expect(code).toBe(1);
    expect(err).toContain('No host named mail-01 in this case (it has: db-01, web-01).');
  });

  it('never lets event text drive the terminal', () => {
    expect(terminalSafe('rm -rf /\u001b]0;owned\u0007\r\n')).toBe('rm -rf /\\x1b]0;owned\\x07\\x0d\\x0a');
  });
});

describe('workbench rules check', () => {
  it("says how much of Datadog's default policy loads, with the summary as the last line", async () => {
    const policy = new URL('../../../shared/corpora/datadog-cws/default.policy', import.meta.url).pathname;
    const { code, out } = await cli(['rules', 'check', policy]);
    expect(code).toBe(0);
    expect(out).toContain('policy version 1.69.3, 319 rules');
    expect(out).toMatch(/^\s+10 {2}event type dns$/m);
    expect(out.trim().split('\n').at(-1)).toBe('loaded 164, unsupported 155, errors 0');
  });
});
