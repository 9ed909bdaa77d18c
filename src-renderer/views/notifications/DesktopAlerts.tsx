// New serious signals, as they come: an alert in the corner of the app, and, where the host does not show
// system notifications itself (the browser host), a Web Notification when the user allowed them.
import { useCallback, useEffect, useState } from 'react';
import type { DesktopNotification } from '../../../src-shared/notify/settings.ts';
import { isAppRoute, useDesktopNotifications } from './useNotifications.ts';
import './notifications.css';

const shownForMs = 12_000;
const maxShown = 3;

function showInBrowser(notification: DesktopNotification): void {
  if (notification.shownByHost || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const shown = new Notification(notification.title, { body: notification.body, tag: notification.id });
  shown.onclick = () => {
    window.focus();
    if (isAppRoute(notification.link)) window.location.hash = notification.link;
    shown.close();
  };
}

export function DesktopAlerts() {
  const [alerts, setAlerts] = useState<DesktopNotification[]>([]);
  const dismiss = useCallback((id: string) => setAlerts((current) => current.filter((a) => a.id !== id)), []);
  const onNotification = useCallback((notification: DesktopNotification) => {
    showInBrowser(notification);
    setAlerts((current) => [notification, ...current].slice(0, maxShown));
  }, []);
  useDesktopNotifications(onNotification);
  useEffect(() => {
    if (alerts.length === 0) return;
    const oldest = alerts.at(-1)!;
    const timer = setTimeout(() => dismiss(oldest.id), shownForMs);
    return () => clearTimeout(timer);
  }, [alerts, dismiss]);
  if (alerts.length === 0) return null;
  return (
    <div className="alert-stack" aria-live="polite">
      {alerts.map((alert) => (
        <div key={alert.id} className={`alert-toast tone-${alert.severity}`} role="status" data-testid="signal-alert">
          <div className="alert-body">
            <strong>{alert.title}</strong>
            <span>{alert.body}</span>
          </div>
          <div className="alert-actions">
            {isAppRoute(alert.link) && (
              <a href={alert.link} onClick={() => dismiss(alert.id)}>
                {alert.signalIds.length > 1 ? 'Open the signals' : 'Open the signal'}
              </a>
            )}
            <button type="button" className="alert-close" aria-label="Dismiss" onClick={() => dismiss(alert.id)}>
              ×
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
