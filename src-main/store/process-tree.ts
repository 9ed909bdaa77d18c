// Process trees from the stored process table: the ancestors of one process, the process, its
// descendants and its siblings, each with its context and how many of its events the case holds; and the
// events of a set of processes, keyset-paged or as one compact timeline. Processes are identified by
// (host, pid, start time), never by pid alone: pids are reused.
import type { EventPage, HostContext, ProcessNode, ProcessRole, ProcessTimeline, ProcessTree } from '../../src-shared/api/domain.ts';
import type { Db } from './case-file.ts';
import { toEventRow, type EventDbRow } from './events.ts';
import type { ProcessDbRow } from './ingest-batch.ts';

/** Deeper than any real lineage; stops a cycle in damaged data. */
const maxAncestors = 64;

export interface ProcessRef {
  pid: number;
  startNs: number;
}

/** Which process a tree is about: its identity, or the process an event happened in. */
export type TreeTarget = { hostId: number; pid: number; startNs?: number | undefined } | { eventId: number };

export interface ProcessEventsQuery {
  hostId: number;
  processes: readonly ProcessRef[];
  types?: readonly string[] | undefined;
  order?: 'asc' | 'desc' | undefined;
  after?: { tsNs: number; id: number } | undefined;
  count?: boolean | undefined;
  limit: number;
}

export function processKey(pid: number, startNs: number): string {
  return `${pid}@${startNs}`;
}

type Row = ProcessDbRow & { host_id: number };

/**
 * A list of processes as SQL rows. Times go through a double on the way in, as every stored time did
 * (JSON numbers past 2^53 are doubles in JavaScript), so a key read from the store finds its row again:
 * SQLite would read "1795097320000137000" as that exact integer, not as the double the store holds.
 */
const processList = `SELECT key AS place, CAST(json_extract(value, '$.pid') AS INTEGER) AS pid,
  CAST(CAST(json_extract(value, '$.startNs') AS REAL) AS INTEGER) AS start_ns FROM json_each(@processes)`;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

class TreeQueries {
  readonly byKey;
  readonly latestWithPid;
  readonly children;
  readonly childCount;

  constructor(db: Db) {
    this.byKey = db.prepare('SELECT * FROM processes WHERE host_id = ? AND pid = ? AND start_ns = ?');
    // the process a pid named at a time: the last one started by then
    this.latestWithPid = db.prepare('SELECT * FROM processes WHERE host_id = ? AND pid = ? AND start_ns <= ? ORDER BY start_ns DESC LIMIT 1');
    // children known by their parent's start time, and those ingest met before their parent (no start
    // time then): the ones of this pid that started while this process lived
    // without statistics SQLite reads a host's whole process table by its primary key instead (measured:
    // 1-3 ms a call on 5,000 processes, against 0.06 ms through the parent index)
    const childrenOf = `FROM processes INDEXED BY processes_by_parent WHERE host_id = @hostId AND ppid = @pid
      AND (parent_start_ns = @startNs OR (parent_start_ns IS NULL AND start_ns >= @startNs AND (@exitNs IS NULL OR start_ns <= @exitNs)))
      AND NOT (pid = @skipPid AND start_ns = @skipStart)`;
    this.children = db.prepare(`SELECT * ${childrenOf} ORDER BY start_ns, pid LIMIT @limit`);
    this.childCount = db.prepare(`SELECT count(*) ${childrenOf}`).pluck();
  }

  childParams(row: Row, limit: number, skip?: Row) {
    return { hostId: row.host_id, pid: row.pid, startNs: row.start_ns, exitNs: row.exit_ns, skipPid: skip?.pid ?? -1, skipStart: skip?.start_ns ?? -1, limit };
  }

  parentOf(row: Row): Row | undefined {
    if (row.ppid <= 0) return undefined;
    if (row.parent_start_ns !== null) return this.byKey.get(row.host_id, row.ppid, row.parent_start_ns) as Row | undefined;
    return this.latestWithPid.get(row.host_id, row.ppid, row.start_ns) as Row | undefined;
  }
}

export function hostContext(db: Db, hostId: number): HostContext | null {
  const row = db.prepare('SELECT id, name, address, os, kernel, arch FROM hosts WHERE id = ?').get(hostId) as HostContext | undefined;
  return row ?? null;
}

function resolveTarget(db: Db, queries: TreeQueries, target: TreeTarget): Row | undefined {
  if ('eventId' in target) {
    const event = db.prepare('SELECT host_id, pid, process_start_ns, ts_ns FROM events WHERE id = ?').get(target.eventId) as
      | { host_id: number; pid: number; process_start_ns: number | null; ts_ns: number }
      | undefined;
    if (!event) return undefined;
    if (event.process_start_ns !== null) {
      const exact = queries.byKey.get(event.host_id, event.pid, event.process_start_ns) as Row | undefined;
      if (exact) return exact;
    }
    return queries.latestWithPid.get(event.host_id, event.pid, event.ts_ns) as Row | undefined;
  }
  if (target.startNs !== undefined) return queries.byKey.get(target.hostId, target.pid, target.startNs) as Row | undefined;
  return queries.latestWithPid.get(target.hostId, target.pid, Number.MAX_SAFE_INTEGER * 1024) as Row | undefined;
}

/**
 * The tree around one process, at most `limit` processes: all its ancestors, the process, then its
 * descendants breadth first and its siblings (a fifth of the room is kept for siblings while there are
 * any). Every process says how many of its children the tree leaves out, so a cut tree says so where it
 * is cut. Null when the process (or the host) is not in the case.
 */
export function processTree(db: Db, target: TreeTarget, limit: number): ProcessTree | null {
  const queries = new TreeQueries(db);
  const focus = resolveTarget(db, queries, target);
  if (!focus) return null;
  const host = hostContext(db, focus.host_id);
  if (!host) return null;

  const chain: Row[] = [];
  const seen = new Set([processKey(focus.pid, focus.start_ns)]);
  for (let parent = queries.parentOf(focus); parent && chain.length < maxAncestors; parent = queries.parentOf(parent)) {
    const key = processKey(parent.pid, parent.start_ns);
    if (seen.has(key)) break;
    seen.add(key);
    chain.push(parent);
  }
  chain.reverse(); // the root first

  const hiddenOf = new Map<string, number>();
  const count = (row: Row, skip?: Row) => queries.childCount.get(queries.childParams(row, 0, skip)) as number;
  const budget = Math.max(0, limit - 1 - chain.length);
  const parent = chain.at(-1);
  const siblingTotal = parent ? count(parent, focus) : 0;
  const reserved = Math.min(siblingTotal, Math.floor(budget / 5));

  // descendants, breadth first, while there is room; those left in the queue are not expanded
  const descendants: Row[] = [];
  const parentKeyOf = new Map<string, string>();
  const queue: Row[] = [focus];
  let head = 0;
  for (; head < queue.length && budget - reserved - descendants.length > 0; head++) {
    const next = queue[head]!;
    const nextKey = processKey(next.pid, next.start_ns);
    const room = budget - reserved - descendants.length;
    const children = (queries.children.all(queries.childParams(next, room)) as Row[]).filter((child) => !seen.has(processKey(child.pid, child.start_ns)));
    for (const child of children) {
      seen.add(processKey(child.pid, child.start_ns));
      parentKeyOf.set(processKey(child.pid, child.start_ns), nextKey);
    }
    const hidden = children.length < room ? 0 : count(next) - children.length;
    if (hidden > 0) hiddenOf.set(nextKey, hidden);
    descendants.push(...children);
    queue.push(...children);
  }

  const siblingRoom = budget - descendants.length;
  const siblings = parent && siblingRoom > 0 ? (queries.children.all(queries.childParams(parent, siblingRoom, focus)) as Row[]).filter((row) => !seen.has(processKey(row.pid, row.start_ns))) : [];
  // the children of processes the tree did not expand: all left out
  const unexpanded = [...queue.slice(head), ...siblings];
  childCountsOf(db, focus.host_id, unexpanded).forEach((children, index) => {
    const row = unexpanded[index]!;
    if (children > 0) hiddenOf.set(processKey(row.pid, row.start_ns), children);
  });
  chain.forEach((ancestor, index) => {
    // the parent's other children are the siblings; above it, every child but the one on the way down
    const hidden = index === chain.length - 1 ? siblingTotal - siblings.length : count(ancestor) - 1;
    hiddenOf.set(processKey(ancestor.pid, ancestor.start_ns), hidden);
    const below = chain[index + 1] ?? focus;
    parentKeyOf.set(processKey(below.pid, below.start_ns), processKey(ancestor.pid, ancestor.start_ns));
  });
  if (parent) for (const sibling of siblings) parentKeyOf.set(processKey(sibling.pid, sibling.start_ns), processKey(parent.pid, parent.start_ns));

  const placed: Array<[Row, ProcessRole]> = [
    ...chain.map((row): [Row, ProcessRole] => [row, 'ancestor']),
    [focus, 'focus'],
    ...siblings.map((row): [Row, ProcessRole] => [row, 'sibling']),
    ...descendants.map((row): [Row, ProcessRole] => [row, 'descendant']),
  ];
  const eventCounts = eventCountsOf(db, focus.host_id, placed.map(([row]) => ({ pid: row.pid, startNs: row.start_ns })));
  const nodes = placed.map(([row, role], index): ProcessNode => {
    const key = processKey(row.pid, row.start_ns);
    return toNode(row, role, parentKeyOf.get(key) ?? null, hiddenOf.get(key) ?? 0, eventCounts[index] ?? 0);
  });
  return { host, focusKey: processKey(focus.pid, focus.start_ns), nodes, hidden: nodes.reduce((sum, node) => sum + node.hiddenChildren, 0), limit };
}

/** How many children each process has, in the order given: one statement, however many processes. */
function childCountsOf(db: Db, hostId: number, rows: readonly Row[]): number[] {
  if (rows.length === 0) return [];
  return db
    .prepare(
      `WITH p AS MATERIALIZED (SELECT key AS place, CAST(json_extract(value, '$[0]') AS INTEGER) AS pid,
         CAST(CAST(json_extract(value, '$[1]') AS REAL) AS INTEGER) AS start_ns, CAST(CAST(json_extract(value, '$[2]') AS REAL) AS INTEGER) AS exit_ns
         FROM json_each(@rows))
       SELECT (SELECT count(*) FROM processes c INDEXED BY processes_by_parent WHERE c.host_id = @hostId AND c.ppid = p.pid
         AND (c.parent_start_ns = p.start_ns OR (c.parent_start_ns IS NULL AND c.start_ns >= p.start_ns AND (p.exit_ns IS NULL OR c.start_ns <= p.exit_ns))))
       FROM p ORDER BY p.place`,
    )
    .pluck()
    .all({ hostId, rows: JSON.stringify(rows.map((row) => [row.pid, row.start_ns, row.exit_ns])) }) as number[];
}

/** How many events each process has, in the order given: one statement, however many processes. */
function eventCountsOf(db: Db, hostId: number, processes: readonly ProcessRef[]): number[] {
  return db
    .prepare(`WITH p AS MATERIALIZED (${processList})
      SELECT (SELECT count(*) FROM events e WHERE e.host_id = @hostId AND e.pid = p.pid AND e.process_start_ns = p.start_ns) FROM p ORDER BY p.place`)
    .pluck()
    .all({ hostId, processes: JSON.stringify(processes) }) as number[];
}

function toNode(row: Row, role: ProcessRole, parentKey: string | null, hiddenChildren: number, eventCount: number): ProcessNode {
  const context = JSON.parse(row.context) as Record<string, unknown>;
  const container = (context['container'] ?? {}) as Record<string, unknown>;
  return {
    key: processKey(row.pid, row.start_ns),
    pid: row.pid,
    startNs: row.start_ns,
    ppid: row.ppid,
    parentKey,
    role,
    executable: row.executable,
    argv0: text(context['argv0']) || row.executable.split('/').at(-1) || row.comm,
    argv: JSON.parse(row.argv) as string[],
    comm: row.comm,
    user: text(context['user']) || String(row.uid),
    uid: row.uid,
    cwd: row.cwd,
    tty: text(context['tty_name']),
    containerId: text(container['id']),
    exitNs: row.exit_ns,
    exitCode: row.exit_code,
    eventCount,
    hiddenChildren,
  };
}

function eventsWhere(query: Pick<ProcessEventsQuery, 'hostId' | 'processes' | 'types'>): { where: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { hostId: query.hostId, processes: JSON.stringify(query.processes.map(({ pid, startNs }) => ({ pid, startNs }))) };
  let where = '';
  if (query.types && query.types.length > 0) {
    where = 'AND e.type IN (SELECT value FROM json_each(@types))';
    params['types'] = JSON.stringify(query.types);
  }
  return { where, params };
}

/** Events of a set of processes of one host, in time order, after a cursor (keyset paging). */
export function processEvents(db: Db, query: ProcessEventsQuery): EventPage {
  const { where, params } = eventsWhere(query);
  const direction = query.order === 'desc' ? 'DESC' : 'ASC';
  let cursor = '';
  if (query.after) {
    cursor = `AND (e.ts_ns, e.id) ${direction === 'ASC' ? '>' : '<'} (@afterTs, @afterId)`;
    params['afterTs'] = query.after.tsNs;
    params['afterId'] = query.after.id;
  }
  const rows = db
    .prepare(
      `WITH p AS MATERIALIZED (${processList})
       SELECT e.*, h.name AS host_name FROM p JOIN events e ON e.host_id = @hostId AND e.pid = p.pid AND e.process_start_ns = p.start_ns
       JOIN hosts h ON h.id = e.host_id
       WHERE 1 ${where} ${cursor} ORDER BY e.ts_ns ${direction}, e.id ${direction} LIMIT @limit`,
    )
    .all({ ...params, limit: query.limit + 1 }) as EventDbRow[];
  const page = rows.slice(0, query.limit).map(toEventRow);
  const last = page.at(-1);
  const total =
    query.count === false
      ? null
      : (db
          .prepare(`WITH p AS MATERIALIZED (${processList}) SELECT count(*) FROM p JOIN events e ON e.host_id = @hostId AND e.pid = p.pid AND e.process_start_ns = p.start_ns WHERE 1 ${where}`)
          .pluck()
          .get(params) as number);
  return { rows: page, next: rows.length > query.limit && last ? { tsNs: last.tsNs, id: last.id } : null, total };
}

/** The first `limit` events of a set of processes as points on a time line, oldest first, and how many there are. */
export function processTimeline(db: Db, query: { hostId: number; processes: readonly ProcessRef[]; limit: number }): ProcessTimeline {
  const { params } = eventsWhere(query);
  const rows = db
    .prepare(
      `WITH p AS MATERIALIZED (${processList})
       SELECT e.id, e.ts_ns, e.type, e.pid, p.start_ns, e.summary FROM p JOIN events e ON e.host_id = @hostId AND e.pid = p.pid AND e.process_start_ns = p.start_ns
       ORDER BY e.ts_ns, e.id LIMIT @limit`,
    )
    .all({ ...params, limit: query.limit }) as Array<{ id: number; ts_ns: number; type: string; pid: number; start_ns: number; summary: string }>;
  const total =
    rows.length < query.limit
      ? rows.length
      : (db.prepare(`WITH p AS MATERIALIZED (${processList}) SELECT count(*) FROM p JOIN events e ON e.host_id = @hostId AND e.pid = p.pid AND e.process_start_ns = p.start_ns`).pluck().get(params) as number);
  return {
    points: rows.map((row) => ({ id: row.id, tsNs: row.ts_ns, type: row.type, processKey: processKey(row.pid, row.start_ns), summary: row.summary })),
    total,
  };
}

