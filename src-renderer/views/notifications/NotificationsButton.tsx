// The bell in the top bar: opens the notification settings from any page (they belong to the app, not to
// a case or a page), and shows a dot while a webhook target is failing.
import { useState } from 'react';
import { NotificationSettings } from './NotificationSettings.tsx';
import { isFailing, useWebhookTargets } from './useNotifications.ts';
import './notifications.css';

export function NotificationsButton() {
  const [open, setOpen] = useState(false);
  const targets = useWebhookTargets();
  const failing = (targets ?? []).filter((target) => target.enabled && isFailing(target));
  const label = failing.length > 0 ? `Notifications: ${failing.length} webhook target${failing.length === 1 ? '' : 's'} failing` : 'Notifications';
  return (
    <>
      <button type="button" className="bell-button" aria-label={label} title={label} onClick={() => setOpen(true)} data-testid="notifications-button">
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M8 1.5a4.5 4.5 0 0 0-4.5 4.5v2.6L2 11v1h12v-1l-1.5-2.4V6A4.5 4.5 0 0 0 8 1.5Zm-1.8 11.5a1.8 1.8 0 0 0 3.6 0Z" fill="currentColor" />
        </svg>
        {failing.length > 0 && <span className="bell-dot" data-testid="notifications-failing" />}
      </button>
      {open && <NotificationSettings onClose={() => setOpen(false)} />}
    </>
  );
}
