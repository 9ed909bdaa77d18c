// OpenSSH known_hosts files: plain and hashed host patterns, [host]:port entries, negations, and the
// @revoked marker. Lookups answer whether a presented key is known, unknown, or different from the one
// on record (a changed key, which must never be accepted silently).
import { createHmac } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { keyTypeOf, sha256Fingerprint } from './fingerprint.ts';

export interface KnownHostEntry {
  file: string;
  line: number;
  marker: 'revoked' | 'cert-authority' | null;
  patterns: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'unknown'; fingerprint: string; keyType: string }
  | { status: 'changed'; fingerprint: string; keyType: string; recorded: KnownHostEntry[] }
  | { status: 'revoked'; fingerprint: string; entry: KnownHostEntry };

/** The name known_hosts uses for a host: plain on port 22, "[host]:port" otherwise. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** Whether a host field (comma-separated patterns, possibly hashed or negated) names `name`. */
export function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) return hashedMatches(patterns, name);
  let matched = false;
  for (const pattern of patterns.split(',')) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (globToRegExp(body).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() === '@revoked' ? 'revoked' : 'cert-authority';
    const [patterns, keyType, base64] = fields;
    if (!patterns || !keyType || !base64) return; // malformed lines are skipped, as OpenSSH does
    const key = Buffer.from(base64, 'base64');
    if (key.length === 0 || keyTypeOf(key) !== keyType) return;
    entries.push({ file, line: index + 1, marker, patterns, keyType, key });
  });
  return entries;
}

export class KnownHosts {
  private readonly files: string[];
  private readonly writableFile: string;

  /** `files` are read in order; accepted keys are appended to `writableFile` (the workbench's own list). */
  constructor(files: string[], writableFile: string) {
    this.files = files;
    this.writableFile = writableFile;
  }

  entries(): KnownHostEntry[] {
    return [...new Set([...this.files, this.writableFile])].flatMap((file) => (existsSync(file) ? parseKnownHosts(readFileSync(file, 'utf8'), file) : []));
  }

  verify(host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
    const name = hostKeyName(host, port);
    const keyType = keyTypeOf(keyBlob);
    const fingerprint = sha256Fingerprint(keyBlob);
    const forHost = this.entries().filter((entry) => entry.marker !== 'cert-authority' && patternsMatch(entry.patterns, name));
    const revoked = forHost.find((entry) => entry.marker === 'revoked' && entry.key.equals(keyBlob));
    if (revoked) return { status: 'revoked', fingerprint, entry: revoked };
    const same = forHost.find((entry) => entry.marker === null && entry.key.equals(keyBlob));
    if (same) return { status: 'known', entry: same };
    const recorded = forHost.filter((entry) => entry.marker === null);
    // Like OpenSSH: any recorded key for this host that differs means the host's identity changed.
    if (recorded.length > 0) return { status: 'changed', fingerprint, keyType, recorded };
    return { status: 'unknown', fingerprint, keyType };
  }

  /** Records a key the user accepted, in OpenSSH's format, so `ssh` agrees with us. */
  accept(host: string, port: number, keyBlob: Buffer): void {
    mkdirSync(dirname(this.writableFile), { recursive: true });
    appendFileSync(this.writableFile, `${hostKeyName(host, port)} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}\n`, { mode: 0o600 });
  }
}
