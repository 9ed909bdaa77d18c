// The Workbench API over IPC. Every message is checked to come from our own window showing our own
// page before it reaches the services; inputs are then validated by the shared dispatcher.
import { ipcMain, type WebContents } from 'electron';
import { dispatchCall, dispatchSubscribe, type Handlers } from '../../src-shared/api/dispatch.ts';
import { toErrorPayload } from '../../src-shared/api/errors.ts';
import type { CallReply } from '../../src-shared/api/transport.ts';
import { ipcChannels } from './ipc-channels.ts';
import { senderIsTrusted } from './trust.ts';

export function registerIpc(handlers: Handlers, trusted: () => WebContents | null): void {
  const subscriptions = new Map<number, () => void>();

  ipcMain.handle(ipcChannels.call, async (event, method: unknown, input: unknown): Promise<CallReply> => {
    if (!senderIsTrusted(event, trusted())) return { ok: false, error: { code: 'internal', message: 'refused: untrusted sender' } };
    try {
      return { ok: true, value: await dispatchCall(handlers, method, input) };
    } catch (error) {
      return { ok: false, error: toErrorPayload(error) };
    }
  });

  ipcMain.on(ipcChannels.subscribe, (event, id: unknown, stream: unknown, input: unknown) => {
    if (!senderIsTrusted(event, trusted()) || typeof id !== 'number') return;
    const sender = event.sender;
    try {
      subscriptions.get(id)?.();
      const unsubscribe = dispatchSubscribe(handlers, stream, input, (payload) => {
        if (!sender.isDestroyed()) sender.send(ipcChannels.stream, id, payload);
      });
      subscriptions.set(id, unsubscribe);
      sender.once('destroyed', () => {
        unsubscribe();
        subscriptions.delete(id);
      });
    } catch (error) {
      console.error(`subscription to ${String(stream)} refused: ${toErrorPayload(error).message}`);
    }
  });

  ipcMain.on(ipcChannels.unsubscribe, (event, id: unknown) => {
    if (!senderIsTrusted(event, trusted()) || typeof id !== 'number') return;
    subscriptions.get(id)?.();
    subscriptions.delete(id);
  });
}
