// System notifications of new signals in Electron. Clicking one brings the window forward on the signal.
import { Notification, type BrowserWindow } from 'electron';
import type { DesktopNotifier } from '../notify/index.ts';

/** Only the app's own routes: a link is put into the page's location, so nothing else may get there. */
const appRoute = /^#\/[a-z-]+(\/\d+)?$/;

/** A DesktopNotifier over Electron's Notification, or undefined where the system has none. */
export function electronDesktopNotifier(window: () => BrowserWindow | null): DesktopNotifier | undefined {
  if (!Notification.isSupported()) return undefined;
  // a notification that is garbage-collected loses its click handler: keep each until it is done with
  const live = new Set<Notification>();
  return {
    show(notification) {
      const shown = new Notification({ title: notification.title, body: notification.body, urgency: notification.severity === 'critical' ? 'critical' : 'normal' });
      live.add(shown);
      const done = () => live.delete(shown);
      shown.on('close', done);
      shown.on('failed', done);
      shown.on('click', () => {
        done();
        const target = window();
        if (!target) return;
        if (target.isMinimized()) target.restore();
        target.show();
        target.focus();
        // only the fragment changes: Chromium moves within the page, it does not reload it
        if (appRoute.test(notification.link)) void target.webContents.loadURL(`${target.webContents.getURL().split('#')[0]}${notification.link}`);
      });
      shown.show();
    },
  };
}
