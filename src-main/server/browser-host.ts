// The browser host: the built renderer over HTTP and the Workbench API over a WebSocket, on loopback
// only. It is a development and test host; the packaged app uses Electron IPC.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatchCall, dispatchSubscribe, type Handlers } from '../../src-shared/api/dispatch.ts';
import { toErrorPayload } from '../../src-shared/api/errors.ts';
import type { Unsubscribe } from '../../src-shared/api/contract.ts';
import { apiPath, clientMessage, maxClientMessageBytes, tokenQueryParameter, type ServerMessage } from '../../src-shared/api/wire.ts';
import { contentSecurityPolicy, hostIsAllowed, originIsAllowed, tokenMatches } from './guards.ts';
import { serveStatic, securityHeaders } from './static-files.ts';

export interface BrowserHostOptions {
  handlers: Handlers;
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  token?: string;
}

export interface BrowserHost {
  port: number;
  token: string;
  /** The address to open: the token rides in the fragment, which browsers never send to a server. */
  url: string;
  close(): Promise<void>;
}

function refuse(socket: Socket, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function serveConnection(ws: WebSocket, handlers: Handlers): void {
  const subscriptions = new Map<number, Unsubscribe>();
  ws.on('message', (data, isBinary) => {
    let parsed;
    try {
      if (isBinary) throw new Error('binary');
      parsed = clientMessage.safeParse(JSON.parse(String(data)));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      ws.close(1003, 'malformed message');
      return;
    }
    const message = parsed.data;
    if (message.kind === 'call') {
      dispatchCall(handlers, message.method, message.input).then(
        (value) => send(ws, { kind: 'result', id: message.id, ok: true, value }),
        (error: unknown) => send(ws, { kind: 'result', id: message.id, ok: false, error: toErrorPayload(error) }),
      );
    } else if (message.kind === 'subscribe') {
      try {
        subscriptions.get(message.id)?.();
        const unsubscribe = dispatchSubscribe(handlers, message.stream, message.input, (event) =>
          send(ws, { kind: 'stream', id: message.id, event }),
        );
        subscriptions.set(message.id, unsubscribe);
        send(ws, { kind: 'result', id: message.id, ok: true, value: null });
      } catch (error) {
        send(ws, { kind: 'result', id: message.id, ok: false, error: toErrorPayload(error) });
      }
    } else {
      subscriptions.get(message.id)?.();
      subscriptions.delete(message.id);
    }
  });
  ws.on('close', () => {
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  });
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  let port = 0;

  const server = createServer((request, response) => {
    if (!hostIsAllowed(request, port)) {
      response.writeHead(421, { ...securityHeaders("default-src 'none'"), 'Content-Type': 'text/plain' });
      response.end('This server only answers to 127.0.0.1 and localhost.');
      return;
    }
    serveStatic(rendererDir, request, response, contentSecurityPolicy(port));
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxClientMessageBytes });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== apiPath) return refuse(socket, 404, 'Not Found');
    if (!hostIsAllowed(request, port)) return refuse(socket, 421, 'Misdirected Request');
    if (!originIsAllowed(request, port)) return refuse(socket, 403, 'Forbidden');
    if (!tokenMatches(url.searchParams.get(tokenQueryParameter), token)) return refuse(socket, 401, 'Unauthorized');
    sockets.handleUpgrade(request, socket, head, (ws) => serveConnection(ws, options.handlers));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#${tokenQueryParameter}=${token}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
