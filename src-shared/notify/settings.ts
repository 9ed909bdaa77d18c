// Notifications of new signals: a desktop notification for the serious ones, and webhook targets that get
// a JSON POST per signal at or above their severity threshold. App-level settings (not per case). A
// webhook URL may carry a token, so the renderer only ever sees it masked.
import { z } from 'zod';
import type { Severity } from '../api/domain.ts';

const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);

/** http(s) only: a webhook is a POST to a web endpoint, and other schemes would be surprising here. */
export const webhookUrl = z
  .string()
  .trim()
  .max(2048, 'a webhook URL is at most 2048 characters')
  .pipe(z.url({ protocol: /^https?$/, error: 'a webhook URL starts with http:// or https://' }));

export const desktopPrefsInput = z.object({ enabled: z.boolean(), minSeverity: severity }).strict();

export const webhookTargetInput = z
  .object({
    /** Absent: a new target. */
    id: z.string().uuid().optional(),
    name: z.string().trim().min(1, 'a target needs a name').max(80),
    /** Absent when editing: keep the URL it has (the renderer never sees it whole). */
    url: webhookUrl.optional(),
    minSeverity: severity,
    enabled: z.boolean().default(true),
  })
  .strict();

export interface DesktopPrefs {
  enabled: boolean;
  minSeverity: Severity;
}

/** How deliveries to a target have gone since the app started. */
export interface TargetDelivery {
  /** Waiting to be sent (the queue is bounded; see dropped). */
  queued: number;
  delivered: number;
  /** Notifications given up on after every retry. */
  failed: number;
  /** Notifications thrown away because the queue was full (the target was not keeping up). */
  dropped: number;
  state: 'idle' | 'sending' | 'retrying';
  lastSuccessAtMs: number | null;
  /** The last failed attempt, retries included; the message never holds the URL. */
  lastError: { message: string; atMs: number } | null;
}

export interface WebhookTargetView {
  id: string;
  name: string;
  /** The URL with anything that may be a secret hidden: "https://hooks.example.com/services/••••". */
  urlMasked: string;
  minSeverity: Severity;
  enabled: boolean;
  delivery: TargetDelivery;
}

export interface NotificationSettingsView {
  desktop: DesktopPrefs & {
    /** system: the app shows them itself (Electron); page: the renderer does, with the browser's permission. */
    shownBy: 'system' | 'page';
  };
  targets: WebhookTargetView[];
  /** Where the settings are kept. */
  file: string;
  /**
   * Webhook URLs sit in the secret store; false when this host's store is memory only (the browser host,
   * or a Linux desktop without a keyring): they are then asked again after a restart.
   */
  urlsKeptAcrossRestarts: boolean;
  /** The settings file could not be read: defaults apply until the user saves. */
  problem: string | null;
}

export interface DesktopNotification {
  id: string;
  title: string;
  body: string;
  severity: Severity;
  /** Where clicking it goes: a signal ("#/signals/17") or the signals list when several came at once. */
  link: string;
  signalIds: number[];
  atMs: number;
  /** The host (Electron) already showed it as a system notification: the page must not show it again. */
  shownByHost: boolean;
}

export type NotificationEvent = { kind: 'desktop'; notification: DesktopNotification } | { kind: 'targets'; targets: WebhookTargetView[] };

export interface WebhookTestResult {
  ok: boolean;
  /** "HTTP 204 in 12 ms", or what went wrong. */
  message: string;
  atMs: number;
  target: WebhookTargetView;
}
