// The IPC channel names shared by the main process and the preload.
export const ipcChannels = {
  call: 'workbench:call',
  subscribe: 'workbench:subscribe',
  unsubscribe: 'workbench:unsubscribe',
  stream: 'workbench:stream',
} as const;

/** The renderer's origin inside Electron: a privileged custom scheme, never file://. */
export const appScheme = 'app';
export const appHost = 'workbench';
export const appOrigin = `${appScheme}://${appHost}`;
