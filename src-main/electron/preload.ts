// The sandboxed preload: exposes one transport (invoke and subscribe) to the renderer, and nothing else
// of Electron or Node. The renderer builds window.workbench on top of it.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallReply, Transport } from '../../src-shared/api/transport.ts';
import { ipcChannels } from './ipc-channels.ts';

const listeners = new Map<number, (event: unknown) => void>();
let nextId = 1;

ipcRenderer.on(ipcChannels.stream, (_event: IpcRendererEvent, id: number, payload: unknown) => {
  listeners.get(id)?.(payload);
});

const transport: Transport = {
  invoke: (method, input) => ipcRenderer.invoke(ipcChannels.call, method, input) as Promise<CallReply>,
  subscribe(stream, input, listener) {
    const id = nextId++;
    listeners.set(id, listener);
    ipcRenderer.send(ipcChannels.subscribe, id, stream, input);
    return () => {
      listeners.delete(id);
      ipcRenderer.send(ipcChannels.unsubscribe, id);
    };
  },
};

contextBridge.exposeInMainWorld('workbenchTransport', transport);
