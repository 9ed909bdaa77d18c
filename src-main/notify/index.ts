export { desktopNotificationFor, Notifier, type DesktopNotifier, type NotifierOptions } from './notifier.ts';
export { maskUrl, redactUrl } from './mask.ts';
export { settingsPath } from './settings-file.ts';
export { WebhookDelivery, type DeliveryOptions } from './webhook-delivery.ts';
