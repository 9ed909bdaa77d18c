// Hosts from an OpenSSH client config (~/.ssh/config), with the settings ssh itself would apply to
// each alias (Host * defaults, first value wins), parsed by the ssh-config library.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import type { SshConfigHost } from '../../src-shared/api/domain.ts';
import { ApiError } from '../../src-shared/api/errors.ts';

function expandHome(path: string): string {
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

function first(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

export function defaultSshConfigPath(): string {
  return join(homedir(), '.ssh', 'config');
}

export function parseSshConfig(text: string, defaultUser: string): SshConfigHost[] {
  const config = SSHConfig.parse(text);
  // a Host line with several patterns holds them as [{ val }, …]
  const aliases = config
    .filter((line) => 'param' in line && line.param.toLowerCase() === 'host')
    .flatMap((line) => {
      const value = (line as { value: unknown }).value;
      return Array.isArray(value) ? value.map((part: { val?: string } | string) => (typeof part === 'string' ? part : (part.val ?? ''))) : String(value).split(/\s+/);
    })
    .filter((alias) => alias && !/[*?!]/.test(alias));
  return [...new Set(aliases)].map((alias) => {
    const computed = config.compute(alias) as Record<string, string | string[] | undefined>;
    const port = Number.parseInt(first(computed['Port']) || '22', 10);
    return {
      alias,
      address: first(computed['HostName']) || alias,
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 22,
      user: first(computed['User']) || defaultUser,
      identityFile: first(computed['IdentityFile']) ? expandHome(first(computed['IdentityFile'])) : '',
      proxyJump: first(computed['ProxyJump']) === 'none' ? '' : first(computed['ProxyJump']),
    };
  });
}

export function readSshConfig(path = defaultSshConfigPath(), defaultUser = process.env['USER'] ?? 'root'): SshConfigHost[] {
  if (!existsSync(path)) return [];
  try {
    return parseSshConfig(readFileSync(path, 'utf8'), defaultUser);
  } catch (error) {
    throw new ApiError('bad_file', `Cannot read the SSH config ${path}: ${(error as Error).message}`, 'Fix the file (ssh -G HOST shows what OpenSSH makes of it) and import again.');
  }
}
