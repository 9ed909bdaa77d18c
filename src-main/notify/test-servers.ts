// Real HTTP servers on 127.0.0.1 for the notification tests: one that answers as told, one that never
// answers. Each records what it received.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  atMs: number;
}

export interface TestServer {
  url: string;
  received: Received[];
  /** The status the next requests get (ignored by a hanging server). */
  status: number;
  close(): Promise<void>;
}

/** A server that answers every POST with `status` (changeable), or never answers when `hang` is set. */
export async function startTestServer(options: { status?: number; hang?: boolean; path?: string } = {}): Promise<TestServer> {
  const received: Received[] = [];
  const state = { status: options.status ?? 204 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), atMs: Date.now() });
      if (options.hang) return; // never answers: the client has to give up on its own
      response.writeHead(state.status, { 'content-type': 'text/plain', ...(state.status >= 300 && state.status < 400 ? { location: 'http://127.0.0.1:9/elsewhere' } : {}) });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/hook'}`,
    received,
    get status() {
      return state.status;
    },
    set status(value: number) {
      state.status = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
