// Imports a recorded sensor stream (NDJSON text) into a case for one host. The whole stream is
// checked before anything is written, so a broken file changes nothing in the case.
import { ApiError } from '../../src-shared/api/errors.ts';
import type { CaseStore, NewEvent } from '../store/index.ts';
import { eventRow, LineError, parseSensorLine } from './sensor-line.ts';

export interface ImportResult {
  events: number;
  added: number;
}

export function importSensorStream(store: CaseStore, hostId: number, hostName: string, source: string, text: string): ImportResult {
  const rows: NewEvent[] = [];
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
      rows.push(eventRow(parsed.event, hostId, hostName, streamId));
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
  return { events: rows.length, added: store.insertEvents(rows) };
}
