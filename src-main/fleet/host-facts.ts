// What a host is, asked in one round trip: what the sensor needs to know before it is deployed.
import { SshError } from './ssh-types.ts';
import type { HostSession } from './host-session.ts';

export interface HostFacts {
  arch: string;
  kernel: string;
  btf: boolean;
  os: string;
  uid: number;
}

const marker = '__wb_facts__';
export const factsCommand = `echo ${marker}; uname -m; uname -r; if [ -r /sys/kernel/btf/vmlinux ]; then echo btf; else echo no-btf; fi; (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s; id -u`;

export function parseFacts(host: string, output: string): HostFacts {
  const lines = output.split('\n');
  const start = lines.indexOf(marker);
  const [arch, kernel, btf, os, uid] = lines.slice(start + 1);
  if (start === -1 || !arch || !kernel || !btf || os === undefined || uid === undefined || !/^\d+$/.test(uid)) {
    throw new SshError(host, 'the host did not answer like a Linux system (uname, /etc/os-release)', 'The workbench supports Linux hosts; check that the login shell is a POSIX shell.');
  }
  return { arch, kernel, btf: btf === 'btf', os, uid: Number(uid) };
}

export async function probeHost(session: HostSession): Promise<HostFacts> {
  const result = await session.exec(factsCommand, { timeoutMs: 15_000 });
  return parseFacts(session.target.name, result.stdout);
}

/** What a connection learned, as the host row stores it. */
export function factsUpdate(facts: HostFacts, local = false): { connection: 'connected' | 'local'; lastError: string; arch: string; kernel: string; btf: boolean; os: string } {
  return { connection: local ? 'local' : 'connected', lastError: '', arch: facts.arch, kernel: facts.kernel, btf: facts.btf, os: facts.os };
}
