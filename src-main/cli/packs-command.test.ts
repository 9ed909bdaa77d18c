// The packs commands as a rule author scripts them: import Sigma rules and Datadog's policy from the
// corpora, list, switch off, export a pack that imports again, delete; bad input named, nothing lost.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './program.ts';

const corpora = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpora');
const datadogPolicy = join(corpora, 'datadog-cws', 'default.policy');
const sigmaFileEvents = join(corpora, 'sigma-linux', 'rules', 'linux', 'file_event');

async function cli(args: string[], dataDir: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: { WORKBENCH_DATA_DIR: dataDir, HOME: dataDir } });
  return { code, out, err };
}

describe('workbench packs', () => {
  it('imports a folder of Sigma rules and a Datadog policy, lists, switches, exports and deletes them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-cli-packs-'));
    const dry = await cli(['packs', 'import', datadogPolicy, '--dry-run'], dataDir);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^default\.policy: datadog, \d+ rules run$/m);
    expect(dry.out).toMatch(/^unsupported\s+default\.policy:\d+ \S+: /m);
    expect(dry.out).toMatch(/dry run: \d+ rules would run, \d+ would not\n$/);
    expect((await cli(['packs', 'list'], dataDir)).out).not.toContain('default');

    const sigma = await cli(['packs', 'import', sigmaFileEvents, '--name', 'Sigma file events'], dataDir);
    expect(sigma.code).toBe(0);
    expect(sigma.out).toMatch(/Sigma rules by .+ \(Detection Rule License 1\.1\)/);
    const imported = /imported (\S+): (\d+) rules run/.exec(sigma.out)!;
    expect(imported[1]).toBe('sigma-file-events');
    const running = Number(imported[2]);
    expect(running).toBeGreaterThan(5);

    const list = await cli(['packs', 'list'], dataDir);
    expect(list.out).toMatch(new RegExp(`^sigma-file-events\\s+Sigma file events\\s+imported\\s+${running} of ${running}\\s`, 'm'));
    expect(list.out).toMatch(/^runtime\s+Workbench runtime rules\s+bundled/m);

    expect((await cli(['packs', 'disable', 'sigma-file-events'], dataDir)).out).toBe('Sigma file events: off\n');
    expect((await cli(['packs', 'list'], dataDir)).out).toMatch(new RegExp(`^sigma-file-events .* off \\(${running}\\)`, 'm'));
    expect((await cli(['packs', 'enable', 'sigma-file-events'], dataDir)).out).toBe(`Sigma file events: ${running} of ${running} rules run\n`);

    // shipped: the export imports on another machine with the same rules running
    const out = join(dataDir, 'shipped.policy');
    expect((await cli(['packs', 'export', 'sigma-file-events', '--out', out], dataDir)).out).toBe(`wrote ${out}: ${running} rules\n`);
    const colleague = mkdtempSync(join(tmpdir(), 'wb-cli-packs-'));
    const installed = await cli(['packs', 'import', out, '--name', 'From the IR team'], colleague);
    expect(installed.out).toMatch(new RegExp(`imported from-the-ir-team: ${running} rules run, 0 do not\n$`));

    const deleted = await cli(['packs', 'delete', 'sigma-file-events'], dataDir);
    expect(deleted.code).toBe(0);
    const keptAt = /kept in (.+)\n$/.exec(deleted.out)![1]!;
    expect(existsSync(join(keptAt, 'pack.json'))).toBe(true);
    expect((await cli(['packs', 'list'], dataDir)).out).not.toContain('sigma-file-events');
  });

  it('names the problem and changes nothing on bad input: no rule that runs, a bundled pack, a missing pack', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wb-cli-packs-'));
    const broken = join(dataDir, 'broken.policy');
    writeFileSync(broken, 'rules:\n  - id: bad\n    expression: exec.file.nam == "x"\n');
    const refused = await cli(['packs', 'import', broken], dataDir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/No rule of broken\.policy can run, so nothing was imported/);
    expect(refused.err).toMatch(/broken\.policy:2 bad/);
    expect((await cli(['packs', 'delete', 'runtime'], dataDir)).err).toMatch(/bundled pack/);
    expect((await cli(['packs', 'import', join(dataDir, 'nowhere')], dataDir)).err).toBe(`workbench: ${join(dataDir, 'nowhere')}: no such file or folder\n`);
    const missing = await cli(['packs', 'export', 'nope'], dataDir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('There is no rule pack nope.');
    expect(readFileSync(broken, 'utf8')).toContain('exec.file.nam');
    expect((await cli(['packs', 'list'], dataDir)).out).toMatch(/^2 packs, \d+ rules running\n$/m);
  });
});
