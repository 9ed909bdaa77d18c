// The notifications stream, split in its two parts: the webhook targets as their delivery state changes,
// and desktop notifications as they come.
import { useEffect, useState } from 'react';
import type { DesktopNotification, WebhookTargetView } from '../../../src-shared/notify/settings.ts';
import { workbench } from '../../api.ts';

export function useWebhookTargets(): WebhookTargetView[] | undefined {
  const [targets, setTargets] = useState<WebhookTargetView[]>();
  useEffect(
    () =>
      workbench().subscribe('notifications', {}, (event) => {
        if (event.kind === 'targets') setTargets(event.targets);
      }),
    [],
  );
  return targets;
}

export function useDesktopNotifications(listener: (notification: DesktopNotification) => void): void {
  useEffect(
    () =>
      workbench().subscribe('notifications', {}, (event) => {
        if (event.kind === 'desktop') listener(event.notification);
      }),
    [listener],
  );
}

/** A target whose latest attempt failed. */
export function isFailing(target: WebhookTargetView): boolean {
  const { lastError, lastSuccessAtMs } = target.delivery;
  return lastError !== null && (lastSuccessAtMs === null || lastError.atMs > lastSuccessAtMs);
}

/** "14:02:11 UTC": delivery times, in the app's UTC like every other time it shows. */
export function clockMs(atMs: number): string {
  return `${new Date(atMs).toISOString().slice(11, 19)} UTC`;
}

/** Only the app's own routes may be followed from a notification. */
export function isAppRoute(link: string): boolean {
  return /^#\/[a-z-]+(\/\d+)?$/.test(link);
}
