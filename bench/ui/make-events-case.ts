// Builds a case with N generated sensor events (default 1,000,000) on a few hosts, through the real
// import path (NDJSON lines → checked events → rows with summaries and full-text index), for measuring
// the Events explorer on a big case. Deterministic: the same N gives the same case. Not a test.
//   node bench/ui/make-events-case.ts [out.wbcase] [events=1000000]
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { importSensorStream } from '../../src-main/ingest/index.ts';
import { CaseStore } from '../../src-main/store/index.ts';

export const bigCaseHosts = ['web-01', 'web-02', 'web-03', 'db-01', 'db-02', 'cache-01', 'ci-runner-01', 'bastion-01'];

/** A small deterministic PRNG (mulberry32): the case is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const programs = [
  ['/usr/bin/bash', 'bash', ['-c', 'cd /srv/app && ./deploy.sh --env prod']],
  ['/usr/bin/curl', 'curl', ['-s', 'https://api.internal.example/health']],
  ['/usr/bin/python3', 'python3', ['/opt/jobs/rotate_logs.py', '--keep', '14']],
  ['/usr/sbin/nginx', 'nginx', ['-g', 'daemon off;']],
  ['/usr/bin/git', 'git', ['fetch', '--prune', 'origin']],
  ['/usr/bin/ssh', 'ssh', ['-o', 'BatchMode=yes', 'deploy@10.0.2.21', 'uptime']],
  ['/usr/bin/tar', 'tar', ['czf', '/var/backups/app.tgz', '/srv/app']],
  ['/usr/lib/postgresql/15/bin/postgres', 'postgres', ['-D', '/var/lib/postgresql/15/main']],
  ['/usr/bin/cron', 'cron', ['-f']],
  ['/usr/bin/node', 'node', ['/srv/app/server.js', '--port', '8080']],
] as const;
const files = ['/etc/passwd', '/etc/hosts', '/etc/resolv.conf', '/var/log/nginx/access.log', '/srv/app/config.yaml', '/tmp/build', '/var/lib/postgresql/15/main/base', '/home/deploy/.bash_history', '/usr/lib/x86_64-linux-gnu/libc.so.6', '/proc/self/status'];
const types: Array<[string, number]> = [['open', 40], ['exec', 14], ['fork', 10], ['exit', 14], ['connect', 8], ['unlink', 4], ['rename', 3], ['chmod', 2], ['accept', 2], ['bind', 1], ['mkdir', 2]];
const typeWheel = types.flatMap(([type, weight]) => Array<string>(weight).fill(type));

export const bigCaseStartNs = 1_795_000_000_000_000_000;
/** Events are spread over three days, so the "last 15 minutes / hour / day" presets all mean something. */
export const bigCaseSpanNs = 3 * 24 * 3600 * 1e9;

function eventLine(rand: () => number, seq: number, tsNs: number, host: string): string {
  const [path, comm, args] = programs[Math.floor(rand() * programs.length)]!;
  const pid = 1000 + Math.floor(rand() * 60_000);
  const uid = rand() < 0.3 ? 0 : 1000 + Math.floor(rand() * 5);
  const type = typeWheel[Math.floor(rand() * typeWheel.length)]!;
  const argv = [...args, ...(rand() < 0.5 ? [`--job-${Math.floor(rand() * 5000)}`] : [])];
  const process = {
    pid, tid: pid, ppid: 1 + Math.floor(rand() * 999), uid, gid: uid, euid: uid, egid: uid, auid: uid, user: uid === 0 ? 'root' : 'deploy',
    comm, file: { path, name: comm }, argv, argv0: comm, args: argv.join(' '), args_truncated: false, cwd: '/srv/app',
    created_at: tsNs - 1_000_000, tty_name: '', cgroup: { id: 4242 }, container: { id: '' },
  };
  const file = `${files[Math.floor(rand() * files.length)]!}/${host}-${Math.floor(rand() * 100_000)}`;
  const detail: Record<string, unknown> = {
    exec: { file: { path, name: comm }, argv, argv0: comm, args: argv.join(' '), args_truncated: false },
    fork: { child: { pid: pid + 1 }, parent: { pid } },
    exit: { code: rand() < 0.9 ? 0 : 1, cause: 'EXITED' },
    open: { file: { path: file, name: file.split('/').at(-1) }, flags: rand() < 0.7 ? 0 : 577, mode: 420, retval: 3 },
    unlink: { file: { path: file, name: file.split('/').at(-1) }, retval: 0 },
    rename: { file: { path: file, destination: { path: `${file}.old` } }, retval: 0 },
    chmod: { file: { path: file, destination: { mode: 493 } }, retval: 0 },
    mkdir: { file: { path: file, destination: { mode: 493 } }, retval: 0 },
    connect: { addr: { ip: `10.0.${Math.floor(rand() * 4)}.${Math.floor(rand() * 250)}`, port: [443, 5432, 6379, 22][Math.floor(rand() * 4)], family: 'AF_INET' }, protocol: 'tcp', retval: 0 },
    accept: { addr: { ip: `198.51.100.${Math.floor(rand() * 250)}`, port: 443, family: 'AF_INET' }, protocol: 'tcp', retval: 5 },
    bind: { addr: { ip: '0.0.0.0', port: 8080, family: 'AF_INET' }, protocol: 'tcp', retval: 0 },
  };
  return JSON.stringify({ seq, ts: tsNs, type, process, [type]: detail[type] });
}

export function makeBigCase(path: string, total: number, progress: (done: number) => void = () => {}): void {
  rmSync(path, { force: true });
  for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
  const store = CaseStore.create(path, `${total.toLocaleString('en-US')} generated events`, 0);
  try {
    const rand = random(42);
    const hostIds = bigCaseHosts.map((name, i) => store.addHost({ name, address: `10.0.2.${30 + i}` }, 0));
    const perHost = Math.ceil(total / bigCaseHosts.length);
    const chunk = 50_000;
    let done = 0;
    bigCaseHosts.forEach((name, h) => {
      const count = Math.min(perHost, total - h * perHost);
      const hello = JSON.stringify({ type: 'hello', sensor: { version: '0.1.0' }, host: name, boot_id: `boot-${name}` });
      for (let first = 1; first <= count; first += chunk) {
        const lines = [hello];
        for (let seq = first; seq < Math.min(first + chunk, count + 1); seq++) {
          // times increase along each host's stream, interleaved across hosts
          const tsNs = bigCaseStartNs + Math.floor(((seq - 1) / count) * bigCaseSpanNs) + h * 1000 + Math.floor(rand() * 900);
          lines.push(eventLine(rand, seq, tsNs, name));
        }
        importSensorStream(store, hostIds[h]!, name, `${name}.ndjson`, lines.join('\n'));
        done += lines.length - 1;
        progress(done);
      }
    });
  } finally {
    store.close();
  }
}

if (import.meta.main) {
  const out = resolve(process.argv[2] ?? '.scratch/events-1m.wbcase');
  const total = Number(process.argv[3] ?? 1_000_000);
  if (existsSync(out)) console.log(`replacing ${out}`);
  const started = performance.now();
  makeBigCase(out, total, (done) => process.stdout.write(`\r${done.toLocaleString('en-US')} events`));
  console.log(`\n${out}: ${total.toLocaleString('en-US')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
