// How a stored process appears inside events, as process.parent and process.ancestors[]: ingest builds
// lineage from its live table with it, a retro-hunt from the stored table, so both give rules the same view.
import type { ProcessRow } from './ingest-batch.ts';

/**
 * The whole context the sensor gave the process (argv0, args, user, tty, container…), so rules read the
 * same fields on a parent as on the process itself; the table's own columns win where they are newer
 * (an exec changed the image).
 */
export function processView(record: ProcessRow): Record<string, unknown> {
  const name = record.executable.split('/').at(-1) ?? '';
  return {
    ...record.context,
    pid: record.pid,
    ppid: record.ppid,
    uid: record.uid,
    comm: record.comm,
    file: { path: record.executable, name },
    argv: record.argv,
    cwd: record.cwd,
    created_at: record.startNs,
  };
}
