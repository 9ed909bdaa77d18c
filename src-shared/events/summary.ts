// One line that tells what an event did, for tables and full-text search. Pure so the renderer and
// ingest agree; the text is attacker-controlled and must be rendered as text, never as HTML.

type Json = Record<string, unknown>;

function get(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Json)[key];
  }
  return current;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function argvText(value: unknown): string {
  return Array.isArray(value) ? value.map(text).join(' ') : '';
}

function address(event: Json, family: string): string {
  const ip = text(get(event, family, 'addr', 'ip'));
  const port = text(get(event, family, 'addr', 'port'));
  if (!ip) return '';
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function summarizeEvent(event: Json): string {
  const type = text(event['type']);
  switch (type) {
    case 'exec': {
      // SECL's argv leaves out argv0, which the sensor sends on its own
      const argv0 = text(get(event, 'exec', 'argv0')) || text(get(event, 'exec', 'file', 'path'));
      return [argv0, argvText(get(event, 'exec', 'argv'))].filter(Boolean).join(' ');
    }
    case 'snapshot':
      return [text(get(event, 'process', 'argv0')), argvText(get(event, 'process', 'argv'))].filter(Boolean).join(' ') || text(get(event, 'process', 'file', 'path'));
    case 'fork':
      return `fork → ${text(get(event, 'fork', 'child', 'pid'))}`.trim();
    case 'exit': {
      const cause = text(get(event, 'exit', 'cause'));
      const code = text(get(event, 'exit', 'code'));
      return cause ? `${cause.toLowerCase()} ${code}`.trim() : `exit ${code}`.trim();
    }
    case 'rename':
    case 'link':
      return `${text(get(event, type, 'file', 'path'))} → ${text(get(event, type, 'file', 'destination', 'path'))}`;
    case 'connect':
    case 'bind':
    case 'accept':
      return address(event, type);
    default: {
      const path = text(get(event, type, 'file', 'path'));
      if (path) return path;
      return argvText(get(event, 'process', 'argv'));
    }
  }
}
