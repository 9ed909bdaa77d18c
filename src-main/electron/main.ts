// The Electron shell: one window on app://workbench/, the Workbench API over checked IPC, secrets in
// the OS keychain. Everything else is the same services the browser host and the CLI use.
import { app, BrowserWindow, Menu } from 'electron';
import { join } from 'node:path';
import { Workbench } from '../workbench.ts';
import { registerIpc } from './ipc.ts';
import { electronDesktopNotifier } from './notifications.ts';
import { appOrigin } from './ipc-channels.ts';
import { buildMenu } from './menu.ts';
import { registerAppScheme, serveRenderer } from './protocol.ts';
import { createSecretStore } from './secrets.ts';
import { denyPermissions, lockDownWebContents } from './security.ts';

const here = import.meta.dirname;
let mainWindow: BrowserWindow | null = null;

registerAppScheme();
lockDownWebContents();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  void app.whenReady().then(start);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Cloud Security Workbench',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
  });
  void window.loadURL(`${appOrigin}/index.html#/overview`);
  return window;
}

async function start(): Promise<void> {
  denyPermissions();
  const dataDir = app.getPath('userData');
  const resourcesDir = app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources');
  const sensorDir = app.isPackaged ? join(process.resourcesPath, 'sensor') : join(app.getAppPath(), 'sensor', 'build');
  const rulesDir = app.isPackaged ? join(process.resourcesPath, 'rules') : join(app.getAppPath(), 'rules');
  const workbench = new Workbench({ host: 'electron', paths: { dataDir, resourcesDir, sensorDir, rulesDir }, secrets: createSecretStore(dataDir), desktopNotifier: electronDesktopNotifier(() => mainWindow) });
  serveRenderer(join(here, '../renderer'));
  registerIpc(workbench.handlers(), () => mainWindow?.webContents ?? null);
  Menu.setApplicationMenu(buildMenu(() => mainWindow, () => void workbench.openDemoCase()));
  try {
    workbench.openDemoCase();
  } catch (error) {
    console.error(`The demo case could not be opened: ${(error as Error).message}`);
  }
  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('window-all-closed', () => {
    workbench.close();
    app.quit();
  });
}
