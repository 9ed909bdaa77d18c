// The Workbench API over the browser host's WebSocket. Installed as window.workbench when no other host
// (Electron's preload) has provided one, so the app itself never knows where it runs.
import type { CallReply, Transport } from '../../src-shared/api/transport.ts';
import { apiPath, tokenQueryParameter, type ClientMessage, type ServerMessage } from '../../src-shared/api/wire.ts';

const tokenKey = 'workbench.token';

/** Takes the token from the address fragment once, keeps it for this tab, and removes it from the address bar. */
export function takeToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(tokenKey, match[1]);
    history.replaceState(null, '', `${window.location.pathname}#/overview`);
  }
  return sessionStorage.getItem(tokenKey);
}


interface Subscription {
  stream: string;
  input: unknown;
  listener(event: unknown): void;
}

export type ConnectionListener = (state: 'connecting' | 'open' | 'closed') => void;

export function createBrowserTransport(token: string, onConnection: ConnectionListener): Transport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, (reply: CallReply) => void>();
  const subscriptions = new Map<number, Subscription>();
  const queue: ClientMessage[] = [];

  const send = (message: ClientMessage) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    else queue.push(message);
  };

  const connect = () => {
    onConnection('connecting');
    const url = `ws://${window.location.host}${apiPath}?${tokenQueryParameter}=${encodeURIComponent(token)}`;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      onConnection('open');
      for (const [id, sub] of subscriptions) ws.send(JSON.stringify({ kind: 'subscribe', id, stream: sub.stream, input: sub.input }));
      for (const message of queue.splice(0)) ws.send(JSON.stringify(message));
    };
    ws.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as ServerMessage;
      if (message.kind === 'stream') {
        subscriptions.get(message.id)?.listener(message.event);
        return;
      }
      const answer = pending.get(message.id);
      if (!answer) return;
      pending.delete(message.id);
      answer(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error });
    };
    ws.onclose = () => {
      onConnection('closed');
      // A call in flight may or may not have run: say so rather than retrying it blindly.
      for (const answer of pending.values()) {
        answer({ ok: false, error: { code: 'internal', message: 'The connection to the workbench was lost during this request.', hint: 'Try again.' } });
      }
      pending.clear();
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    invoke(method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ kind: 'call', id, method, input });
      });
    },
    subscribe(stream, input, listener) {
      const id = nextId++;
      subscriptions.set(id, { stream, input, listener });
      send({ kind: 'subscribe', id, stream, input });
      return () => {
        subscriptions.delete(id);
        send({ kind: 'unsubscribe', id });
      };
    },
  };
}
