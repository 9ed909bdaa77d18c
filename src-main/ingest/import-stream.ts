// Imports a recorded sensor stream (NDJSON text) into a case for one host. The whole stream is
// checked before anything is written, so a broken file changes nothing in the case; then it goes
// through the same ingest as a live stream: process table, lineage, and detection when asked.
import { ApiError } from '../../src-shared/api/errors.ts';
import type { BatchMatch, CaseStore } from '../store/index.ts';
import { HostIngest } from './host-ingest.ts';
import { LineError, parseSensorLine } from './sensor-line.ts';

/**
 * The host a recording is of: the name its hello line gives, else its file name made safe (no spaces or
 * slashes, at most 100 characters).
 */
export function recordingHostName(text: string, file: string): string {
  const first = text.slice(0, 65536).split('\n').find((line) => line.includes('"hello"'));
  try {
    const hello = JSON.parse(first ?? '{}') as { host?: unknown };
    if (typeof hello.host === 'string' && /^[^\s/\\]{1,100}$/.test(hello.host)) return hello.host;
  } catch {
    // the import reports a bad hello with its line
  }
  return (file.split(/[\\/]/).at(-1) ?? file).replace(/\.ndjson$/, '').replace(/[\s/\\]+/g, '_').slice(0, 100) || 'recording';
}

export interface ImportResult {
  events: number;
  added: number;
}

export interface ImportOptions {
  /** Rules to run over the events as they are imported (signals are recorded with them). */
  detect?: ((event: Record<string, unknown>, seq: number) => readonly BatchMatch[]) | undefined;
}

export function importSensorStream(store: CaseStore, hostId: number, hostName: string, source: string, text: string, options: ImportOptions = {}): ImportResult {
  let events = 0;
  const errors: string[] = [];
  let streamId: string | null = null;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source}:${index + 1}`;
    try {
      const parsed = parseSensorLine(line);
      if (parsed.kind === 'hello') streamId = parsed.streamId;
      if (parsed.kind !== 'event') return;
      if (streamId === null) throw new LineError('event before the hello line (no stream id)');
      events++;
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      errors.push(`${where}: ${error.message}`);
    }
  });
  if (errors.length > 0) {
    const shown = errors.slice(0, 5).join('\n');
    const more = errors.length > 5 ? `\n… and ${errors.length - 5} more` : '';
    throw new ApiError('bad_file', `${source} has ${errors.length} bad line(s); nothing was imported.\n${shown}${more}`,
      'Fix or remove those lines and import again.');
  }
  const ingest = new HostIngest({ store, hostId, hostName, batchSize: 5000, ...(options.detect ? { detect: options.detect } : {}) });
  ingest.push(Buffer.from(text.endsWith('\n') ? text : `${text}\n`));
  ingest.end();
  return { events, added: ingest.counters.committed };
}
