// Gives the app its window.workbench, over Electron's IPC when the preload provided a transport, or over
// the browser host's WebSocket otherwise. Nothing else in the renderer looks at which host it is.
import type { WorkbenchApi } from '../../src-shared/api/contract.ts';
import { apiOverTransport, type Transport } from '../../src-shared/api/transport.ts';
import { createBrowserTransport, takeToken, type ConnectionListener } from './browser-client.ts';

declare global {
  interface Window {
    /** Set by Electron's preload. */
    workbenchTransport?: Transport;
    workbench?: WorkbenchApi;
  }
}

const connectionListeners = new Set<ConnectionListener>();
let connectionState: Parameters<ConnectionListener>[0] = 'open';

/** Transport state for the status bar; always 'open' under Electron, whose IPC cannot drop. */
export function watchConnection(listener: ConnectionListener): () => void {
  connectionListeners.add(listener);
  listener(connectionState);
  return () => connectionListeners.delete(listener);
}

export function installWorkbench(): WorkbenchApi | null {
  if (window.workbench) return window.workbench;
  let transport = window.workbenchTransport;
  if (!transport) {
    const token = takeToken();
    if (token === null) return null;
    transport = createBrowserTransport(token, (state) => {
      connectionState = state;
      for (const listener of connectionListeners) listener(state);
    });
  }
  window.workbench = apiOverTransport(transport);
  return window.workbench;
}
