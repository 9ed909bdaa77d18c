// Tells people about new signals: a desktop notification for the serious ones, and a JSON POST to each
// webhook target whose severity threshold they reach. Signals are handed over on the ingest path and only
// queued there; everything else happens on a later turn of the event loop, and delivery in the
// background, so a slow target never slows ingest.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Severity } from '../../src-shared/api/domain.ts';
import { ApiError } from '../../src-shared/api/errors.ts';
import { severityOrder } from '../../src-shared/inbox/model.ts';
import type { DesktopNotification, DesktopPrefs, NotificationEvent, NotificationSettingsView, WebhookTargetView, WebhookTestResult } from '../../src-shared/notify/settings.ts';
import type { SecretStore } from '../platform/index.ts';
import type { CreatedSignal } from '../store/index.ts';
import { maskUrl } from './mask.ts';
import { signalPayload, testPayload } from './payload.ts';
import { readSettings, writeSettings, type NotificationSettings } from './settings-file.ts';
import { WebhookDelivery, type DeliveryOptions } from './webhook-delivery.ts';

/** A host that shows system notifications itself (Electron); without one the renderer shows them. */
export interface DesktopNotifier {
  show(notification: DesktopNotification): void;
}

export interface NotifierOptions {
  settingsFile: string;
  /** Where webhook URLs are kept (they often are the secret); the settings file has them masked only. */
  secrets: SecretStore;
  desktop?: DesktopNotifier | undefined;
  now?: () => number;
  /** Signals arriving within this long make one desktop notification (a burst of matches is one alert). */
  desktopWindowMs?: number;
  delivery?: Partial<DeliveryOptions>;
}

/** More than this many at once become one summary notification. */
const maxSingleNotifications = 3;
const maxTargets = 20;

function urlKey(targetId: string): string {
  return `webhook-url:${targetId}`;
}

const missingUrl = 'This machine no longer has the URL of this target (the host keeps secrets only while it runs, or the keychain was reset): edit the target and enter its URL again.';

function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityOrder(severity) >= severityOrder(threshold);
}

const severityWords: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

/**
 * What a desktop notification says. Only text the workbench wrote (rule descriptions, host names) goes in:
 * some notification servers read markup, and a process's command line is the attacker's.
 */
export function desktopNotificationFor(signals: readonly CreatedSignal[], atMs: number, shownByHost: boolean): DesktopNotification {
  const worstFirst = [...signals].sort((a, b) => severityOrder(b.rule.severity) - severityOrder(a.rule.severity) || a.id - b.id);
  const worst = worstFirst[0]!;
  const base = { id: randomUUID(), atMs, shownByHost, signalIds: worstFirst.map((s) => s.id), severity: worst.rule.severity };
  if (signals.length <= 1) {
    return { ...base, title: `${severityWords[worst.rule.severity]} signal on ${worst.hostName}`, body: `${worst.rule.description || worst.rule.id} (${worst.rule.id})`, link: `#/signals/${worst.id}` };
  }
  const bySeverity = new Map<Severity, number>();
  for (const signal of signals) bySeverity.set(signal.rule.severity, (bySeverity.get(signal.rule.severity) ?? 0) + 1);
  const counts = [...bySeverity].sort(([a], [b]) => severityOrder(b) - severityOrder(a)).map(([severity, n]) => `${n} ${severity}`);
  const hosts = [...new Set(worstFirst.map((s) => s.hostName))];
  return {
    ...base,
    title: `${signals.length} new signals (${counts.join(', ')})`,
    body: `On ${hosts.slice(0, 3).join(', ')}${hosts.length > 3 ? ` and ${hosts.length - 3} more hosts` : ''}. Worst: ${worst.rule.description || worst.rule.id}`,
    link: '#/signals',
  };
}

export class Notifier {
  private readonly options: NotifierOptions;
  private readonly now: () => number;
  private readonly events = new EventEmitter();
  private readonly delivery: WebhookDelivery;
  private settings: NotificationSettings;
  private problem: string | null;
  /** The targets' URLs, read from the secret store: only the ones it gave back. */
  private readonly urls = new Map<string, string>();
  /** When the saved targets' URLs were looked up: the time a missing one was noticed. */
  private urlsReadAtMs = 0;
  /** Settled when the URLs of the saved targets have been read. */
  readonly ready: Promise<void>;
  private pendingWebhooks: Array<{ signals: readonly CreatedSignal[]; caseName: string | null }> = [];
  private webhookTurn: NodeJS.Immediate | null = null;
  private pendingDesktop: CreatedSignal[] = [];
  private desktopTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(options: NotifierOptions) {
    this.options = options;
    this.now = options.now ?? (() => Date.now());
    this.events.setMaxListeners(0);
    ({ settings: this.settings, problem: this.problem } = readSettings(options.settingsFile));
    this.delivery = new WebhookDelivery(
      (id) => this.urls.get(id) ?? null,
      () => this.publishTargets(),
      { now: this.now, ...options.delivery },
    );
    this.ready = this.readUrls();
  }

  private async readUrls(): Promise<void> {
    this.urlsReadAtMs = this.now();
    for (const target of this.settings.webhooks) {
      try {
        const url = await this.options.secrets.get(urlKey(target.id));
        if (url !== null) this.urls.set(target.id, url);
      } catch {
        // unreadable (keychain locked or reset): the target shows that its URL is missing
      }
    }
    this.publishTargets();
  }

  /**
   * New signals, as just committed. Called on the ingest path: it only queues them (no I/O, no
   * formatting) and returns.
   */
  signalsCreated(signals: readonly CreatedSignal[], caseName: string | null): void {
    if (this.closed || signals.length === 0) return;
    const { desktop, webhooks } = this.settings;
    if (webhooks.some((target) => target.enabled)) {
      this.pendingWebhooks.push({ signals, caseName });
      this.webhookTurn ??= setImmediate(() => this.sendWebhooks());
    }
    if (desktop.enabled) {
      for (const signal of signals) if (atLeast(signal.rule.severity, desktop.minSeverity)) this.pendingDesktop.push(signal);
      if (this.pendingDesktop.length > 0 && this.desktopTimer === null) {
        this.desktopTimer = setTimeout(() => this.showDesktop(), this.options.desktopWindowMs ?? 1500);
        this.desktopTimer.unref();
      }
    }
  }

  private sendWebhooks(): void {
    this.webhookTurn = null;
    const batches = this.pendingWebhooks;
    this.pendingWebhooks = [];
    for (const target of this.settings.webhooks) {
      if (!target.enabled || !this.urls.has(target.id)) continue;
      for (const { signals, caseName } of batches) {
        for (const signal of signals) {
          if (atLeast(signal.rule.severity, target.minSeverity)) this.delivery.enqueue(target.id, JSON.stringify(signalPayload(signal, caseName, this.now())));
        }
      }
    }
  }

  private showDesktop(): void {
    this.desktopTimer = null;
    const signals = this.pendingDesktop;
    this.pendingDesktop = [];
    if (this.closed || signals.length === 0) return;
    const host = this.options.desktop;
    const groups = signals.length <= maxSingleNotifications ? signals.map((signal) => [signal]) : [signals];
    for (const group of groups) {
      const notification = desktopNotificationFor(group, this.now(), host !== undefined);
      try {
        host?.show(notification);
      } catch {
        // the system would not show it: the page still gets it below
      }
      this.events.emit('event', { kind: 'desktop', notification } satisfies NotificationEvent);
    }
  }

  private targetView(target: NotificationSettings['webhooks'][number]): WebhookTargetView {
    const delivery = this.delivery.status(target.id);
    const urlMissing = !this.urls.has(target.id);
    return {
      id: target.id,
      name: target.name,
      urlMasked: target.urlMasked,
      minSeverity: target.minSeverity,
      enabled: target.enabled,
      delivery: urlMissing && delivery.lastError === null ? { ...delivery, lastError: { message: missingUrl, atMs: this.urlsReadAtMs } } : delivery,
    };
  }

  private publishTargets(): void {
    if (this.closed) return;
    this.events.emit('event', { kind: 'targets', targets: this.settings.webhooks.map((t) => this.targetView(t)) } satisfies NotificationEvent);
  }

  view(): NotificationSettingsView {
    return {
      desktop: { ...this.settings.desktop, shownBy: this.options.desktop ? 'system' : 'page' },
      targets: this.settings.webhooks.map((target) => this.targetView(target)),
      file: this.options.settingsFile,
      urlsKeptAcrossRestarts: this.options.secrets.persistent,
      problem: this.problem,
    };
  }

  private save(next: NotificationSettings): NotificationSettingsView {
    writeSettings(this.options.settingsFile, next);
    this.settings = next;
    this.problem = null;
    this.publishTargets();
    return this.view();
  }

  setDesktop(prefs: DesktopPrefs): NotificationSettingsView {
    return this.save({ ...this.settings, desktop: { enabled: prefs.enabled, minSeverity: prefs.minSeverity } });
  }

  async saveTarget(input: { id?: string | undefined; name: string; url?: string | undefined; minSeverity: Severity; enabled: boolean }): Promise<NotificationSettingsView> {
    const webhooks = [...this.settings.webhooks];
    let id = input.id;
    if (id !== undefined) {
      const index = webhooks.findIndex((target) => target.id === id);
      if (index < 0) throw new ApiError('not_found', 'There is no such webhook target.', 'Reload the notification settings.');
      const current = webhooks[index]!;
      webhooks[index] = { ...current, name: input.name, minSeverity: input.minSeverity, enabled: input.enabled, urlMasked: input.url === undefined ? current.urlMasked : maskUrl(input.url) };
    } else {
      if (input.url === undefined) throw new ApiError('invalid_input', 'A new webhook target needs a URL.');
      if (webhooks.length >= maxTargets) throw new ApiError('conflict', `There are already ${maxTargets} webhook targets.`, 'Remove one first.');
      id = randomUUID();
      webhooks.push({ id, name: input.name, urlMasked: maskUrl(input.url), minSeverity: input.minSeverity, enabled: input.enabled });
    }
    if (input.url !== undefined) {
      // The secret first: a file naming a target whose URL was never stored would only mislead.
      await this.options.secrets.set(urlKey(id), input.url);
      this.urls.set(id, input.url);
    }
    return this.save({ ...this.settings, webhooks });
  }

  async removeTarget(id: string): Promise<NotificationSettingsView> {
    if (!this.settings.webhooks.some((target) => target.id === id)) throw new ApiError('not_found', 'There is no such webhook target.', 'Reload the notification settings.');
    const view = this.save({ ...this.settings, webhooks: this.settings.webhooks.filter((target) => target.id !== id) });
    this.delivery.forget(id);
    this.urls.delete(id);
    await this.options.secrets.delete(urlKey(id));
    return view;
  }

  /** Sends a test notification to a target now (one attempt) and says how it went. */
  async test(id: string): Promise<WebhookTestResult> {
    const target = this.settings.webhooks.find((t) => t.id === id);
    if (!target) throw new ApiError('not_found', 'There is no such webhook target.', 'Reload the notification settings.');
    if (!this.urls.has(id)) return { ok: false, message: missingUrl, atMs: this.now(), target: this.targetView(target) };
    const result = await this.delivery.sendOnce(id, JSON.stringify(testPayload(target.name, this.now())));
    const current = this.settings.webhooks.find((t) => t.id === id) ?? target;
    return { ok: result.ok, message: result.message, atMs: this.now(), target: this.targetView(current) };
  }

  /** Desktop notifications and changes of the targets' delivery state; the current targets first. */
  subscribe(listener: (event: NotificationEvent) => void): () => void {
    listener({ kind: 'targets', targets: this.settings.webhooks.map((t) => this.targetView(t)) });
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  close(): void {
    this.closed = true;
    if (this.webhookTurn) clearImmediate(this.webhookTurn);
    if (this.desktopTimer) clearTimeout(this.desktopTimer);
    this.delivery.close();
    this.events.removeAllListeners();
  }
}
