import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Fingerprint } from './fingerprint.ts';
import { KnownHosts, patternsMatch } from './known-hosts.ts';

function newKey(dir: string, name: string): { blob: Buffer; line: string; path: string } {
  const path = join(dir, name);
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
  const line = readFileSync(`${path}.pub`, 'utf8').trim();
  return { blob: Buffer.from(line.split(' ')[1]!, 'base64'), line: line.split(' ').slice(0, 2).join(' '), path };
}

describe('known_hosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wb-kh-'));
  const key = newKey(dir, 'server');
  const other = newKey(dir, 'impostor');

  it('computes the fingerprint ssh-keygen prints', () => {
    const printed = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${key.path}.pub`], { encoding: 'utf8' }).stdout.split(' ')[1];
    expect(sha256Fingerprint(key.blob)).toBe(printed);
  });

  it('knows a host listed in plain, with a port, and hashed by ssh-keygen -H', () => {
    const file = join(dir, 'known_hosts_plain');
    writeFileSync(file, `# comment\nweb-01,10.0.0.5 ${key.line}\n[10.0.0.6]:2222 ${key.line}\n`);
    const known = new KnownHosts([file], join(dir, 'own1'));
    expect(known.verify('10.0.0.5', 22, key.blob).status).toBe('known');
    expect(known.verify('10.0.0.6', 2222, key.blob).status).toBe('known');
    expect(known.verify('10.0.0.6', 22, key.blob).status).toBe('unknown');

    const hashed = join(dir, 'known_hosts_hashed');
    writeFileSync(hashed, `10.0.0.7 ${key.line}\n`);
    spawnSync('ssh-keygen', ['-H', '-f', hashed]);
    expect(readFileSync(hashed, 'utf8')).toMatch(/^\|1\|/);
    expect(new KnownHosts([hashed], join(dir, 'own2')).verify('10.0.0.7', 22, key.blob).status).toBe('known');
  });

  it('reports a different key for a known host as changed, with both fingerprints', () => {
    const file = join(dir, 'known_hosts_changed');
    writeFileSync(file, `db-01 ${key.line}\n`);
    const verdict = new KnownHosts([file], join(dir, 'own3')).verify('db-01', 22, other.blob);
    expect(verdict).toMatchObject({ status: 'changed', fingerprint: sha256Fingerprint(other.blob) });
    expect(verdict.status === 'changed' && verdict.recorded.map((r) => `${r.file}:${r.line}`)).toEqual([`${file}:1`]);
  });

  it('refuses a revoked key even when it is also listed as trusted', () => {
    const file = join(dir, 'known_hosts_revoked');
    writeFileSync(file, `@revoked * ${key.line}\nweb-01 ${key.line}\n`);
    expect(new KnownHosts([file], join(dir, 'own4')).verify('web-01', 22, key.blob).status).toBe('revoked');
  });

  it('remembers an accepted key in OpenSSH format', () => {
    const own = join(dir, 'own5');
    const known = new KnownHosts([], own);
    expect(known.verify('10.1.1.1', 2200, key.blob).status).toBe('unknown');
    known.accept('10.1.1.1', 2200, key.blob);
    expect(known.verify('10.1.1.1', 2200, key.blob).status).toBe('known');
    expect(readFileSync(own, 'utf8')).toBe(`[10.1.1.1]:2200 ${key.line}\n`);
  });

  it('matches wildcards and honours negations', () => {
    expect(patternsMatch('*.prod.example,!db.prod.example', 'web.prod.example')).toBe(true);
    expect(patternsMatch('*.prod.example,!db.prod.example', 'db.prod.example')).toBe(false);
    expect(patternsMatch('web-0?', 'web-01')).toBe(true);
    expect(patternsMatch('web-0?', 'web-010')).toBe(false);
  });

  it('skips malformed lines instead of failing', () => {
    const file = join(dir, 'known_hosts_bad');
    writeFileSync(file, `garbage\nweb-01 ssh-ed25519 !!!notbase64\n\nweb-01 ${key.line}\n`);
    expect(new KnownHosts([file], join(dir, 'own6')).verify('web-01', 22, key.blob).status).toBe('known');
  });
});
