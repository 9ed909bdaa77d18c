// Every field of an event as one flat list of SECL-style names and values (process.file.path,
// open.flags, process.argv …), for the detail pane: what a rule author types is what they read.

export interface EventField {
  /** Dotted path; elements of arrays of objects get an index: process.ancestors[0].pid. */
  name: string;
  /** A string, number, boolean or null; an array of those; or an empty object or array. */
  value: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function walk(value: unknown, name: string, out: EventField[]): void {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) out.push({ name, value: {} });
    for (const key of keys) walk(value[key], name ? `${name}.${key}` : key, out);
    return;
  }
  if (Array.isArray(value) && value.length > 0 && !value.every(isScalar)) {
    value.forEach((element, index) => walk(element, `${name}[${index}]`, out));
    return;
  }
  out.push({ name, value });
}

/**
 * The event's fields, the telling ones first: type, time, sequence and host, then the event's own
 * family (open.* for an open), then the process, then anything else in the order the sensor wrote it.
 */
export function flattenEvent(event: Record<string, unknown>): EventField[] {
  const type = typeof event['type'] === 'string' ? event['type'] : '';
  const first = ['type', 'ts', 'seq', 'host', type, 'process'].filter((key, i, all) => key !== '' && all.indexOf(key) === i && Object.hasOwn(event, key));
  const rest = Object.keys(event).filter((key) => !first.includes(key));
  const out: EventField[] = [];
  for (const key of [...first, ...rest]) walk(event[key], key, out);
  return out;
}
