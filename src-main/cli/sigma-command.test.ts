import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSigma } from '../detect/index.ts';
import { runCli } from './program.ts';

const corpus = new URL('../../../shared/corpora/sigma-linux', import.meta.url).pathname;

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: { WORKBENCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'wb-cli-')) } });
  return { code, out, err };
}

const rule = (id: string, image: string) => `title: Runs ${image}
id: ${id}
author: Jane Doe
logsource: { product: linux, category: process_creation }
detection:
  sel:
    Image|endswith: /${image}
  condition: sel
`;

describe('workbench rules import-sigma', () => {
  it('translates the SigmaHQ Linux corpus into a policy that `rules check` loads whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-sigma-cli-'));
    const policy = join(dir, 'out', 'sigma.policy');
    const { code, out } = await cli(['rules', 'import-sigma', corpus, '--out', policy]);
    expect(code).toBe(0);
    const { translated, untranslatable } = importSigma([corpus]).counts;
    expect(out.trim().split('\n').at(-1)).toBe(`translated ${translated}, untranslatable ${untranslatable}, errors 0`);
    expect(out).toContain(`untranslatable ${corpus}/rules/linux/network_connection/net_connection_lnx_ngrok_tunnel.yml "Communication To Ngrok Tunneling Service - Linux": field DestinationHostname: the sensor sees IP addresses, not host names\n`);
    expect(out).toMatch(/^ +54 {2}log source service auditd$/m);
    expect(readFileSync(policy, 'utf8')).toContain('Detection Rule License (DRL) 1.1');
    const check = await cli(['rules', 'check', policy]);
    expect(check.code).toBe(0);
    expect(check.out.trim().split('\n').at(-1)).toBe(`loaded ${translated}, unsupported 0, errors 0`);
  });

  it('names a malformed file with its line, imports the others, and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-sigma-cli-'));
    writeFileSync(join(dir, 'a-good.yml'), rule('7d0f5d1e-53a6-4c59-9d1f-9b6f7c1d9e01', 'curl'));
    writeFileSync(join(dir, 'b-broken.yml'), 'title: Broken\ndetection:\n  sel: [a, b\n  condition: sel\n');
    writeFileSync(join(dir, 'c-good.yml'), rule('7d0f5d1e-53a6-4c59-9d1f-9b6f7c1d9e02', 'wget'));
    const policy = join(dir, 'rules.policy');
    const { code, out, err } = await cli(['rules', 'import-sigma', dir, '--out', policy]);
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`^error ${join(dir, 'b-broken.yml')}:4:\\d+: not valid YAML: `, 'm'));
    expect(out.trim().split('\n').at(-1)).toBe('translated 2, untranslatable 0, errors 1');
    expect(err).toBe('workbench: import-sigma: 1 error (listed above)\n');
    expect(readFileSync(policy, 'utf8')).toMatch(/author: Jane Doe[\s\S]*author: Jane Doe/);
  });

  it('without --out writes nothing and says how to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-sigma-cli-'));
    writeFileSync(join(dir, 'r.yml'), rule('7d0f5d1e-53a6-4c59-9d1f-9b6f7c1d9e03', 'nc'));
    const { code, out } = await cli(['rules', 'import-sigma', dir]);
    expect(code).toBe(0);
    expect(out).toBe('(nothing written: add --out FILE.policy to save the translated rules)\ntranslated 1, untranslatable 0, errors 0\n');
  });
});
