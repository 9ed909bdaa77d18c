// Hosts of a case and how to reach them. Removing a host removes its events and processes with it
// (foreign keys cascade); hosts that jumped through it lose their jump setting.
import type { HostSummary } from '../../src-shared/api/domain.ts';
import type { Db } from './case-file.ts';

export interface NewHost {
  name: string;
  address?: string;
  port?: number;
  user?: string;
  identityFile?: string;
  jumpHostId?: number | null;
  os?: string;
  kernel?: string;
  arch?: string;
  btf?: boolean | null;
  connection?: HostSummary['connection'];
  lastError?: string;
  sensor?: HostSummary['sensor'];
  local?: boolean;
}

const columns: Record<keyof NewHost, string> = {
  name: 'name',
  address: 'address',
  port: 'port',
  user: 'user',
  identityFile: 'identity_file',
  jumpHostId: 'jump_host_id',
  os: 'os',
  kernel: 'kernel',
  arch: 'arch',
  btf: 'btf',
  connection: 'connection',
  lastError: 'last_error',
  sensor: 'sensor',
  local: 'local',
};

function toSql(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

export function addHost(db: Db, host: NewHost, nowMs: number): number {
  const entries = Object.entries(host).filter(([, value]) => value !== undefined) as Array<[keyof NewHost, unknown]>;
  const names = [...entries.map(([key]) => columns[key]), 'added_at_ms'];
  const result = db
    .prepare(`INSERT INTO hosts (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
    .run(...entries.map(([, value]) => toSql(value)), nowMs);
  return Number(result.lastInsertRowid);
}

export function updateHost(db: Db, id: number, changes: Partial<NewHost>): void {
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as Array<[keyof NewHost, unknown]>;
  if (entries.length === 0) return;
  db.prepare(`UPDATE hosts SET ${entries.map(([key]) => `${columns[key]} = ?`).join(', ')} WHERE id = ?`).run(...entries.map(([, value]) => toSql(value)), id);
}

export function removeHost(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM hosts WHERE id = ?').run(id).changes > 0;
}

interface HostDbRow {
  id: number;
  name: string;
  address: string;
  port: number;
  user: string;
  identity_file: string;
  jump_host_id: number | null;
  os: string;
  kernel: string;
  arch: string;
  btf: number | null;
  connection: HostSummary['connection'];
  last_error: string;
  sensor: HostSummary['sensor'];
  event_count: number;
  last_event_ns: number | null;
  local: number;
}

export function listHosts(db: Db, id?: number): HostSummary[] {
  const rows = db
    .prepare(
      `SELECT h.*, (SELECT count(*) FROM events e WHERE e.host_id = h.id) AS event_count,
              (SELECT max(ts_ns) FROM events e WHERE e.host_id = h.id) AS last_event_ns
       FROM hosts h ${id === undefined ? '' : 'WHERE h.id = @id'} ORDER BY h.name`,
    )
    .all(id === undefined ? {} : { id }) as HostDbRow[];
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    address: row.address,
    port: row.port,
    user: row.user,
    identityFile: row.identity_file,
    jumpHostId: row.jump_host_id,
    os: row.os,
    kernel: row.kernel,
    arch: row.arch,
    btf: row.btf === null ? null : row.btf === 1,
    connection: row.connection,
    lastError: row.last_error,
    sensor: row.sensor,
    local: row.local === 1,
    eventCount: row.event_count,
    lastEventNs: row.last_event_ns,
    capture: null,
  }));
}
