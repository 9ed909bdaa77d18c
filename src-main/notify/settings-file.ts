// Notification settings, kept for the app (not per case) as JSON in its data directory, validated on read
// and written atomically. Webhook URLs often carry tokens: they live in the secret store, and the file
// keeps only their masked form (to show a target whose URL this machine cannot read back).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);

export const settingsSchema = z.object({
  version: z.literal(1),
  desktop: z.object({ enabled: z.boolean(), minSeverity: severity }),
  webhooks: z
    .array(
      z.object({
        id: z.string().uuid(),
        name: z.string().min(1).max(80),
        urlMasked: z.string().max(2048),
        minSeverity: severity,
        enabled: z.boolean(),
      }),
    )
    .max(20),
});

export type NotificationSettings = z.infer<typeof settingsSchema>;
export type WebhookTarget = NotificationSettings['webhooks'][number];

export const defaultSettings: NotificationSettings = { version: 1, desktop: { enabled: true, minSeverity: 'high' }, webhooks: [] };

export function settingsPath(dataDir: string): string {
  return join(dataDir, 'notifications.json');
}

/** The settings, or the defaults with the reason when the file is damaged (the user's next save repairs it). */
export function readSettings(file: string): { settings: NotificationSettings; problem: string | null } {
  if (!existsSync(file)) return { settings: structuredClone(defaultSettings), problem: null };
  try {
    return { settings: settingsSchema.parse(JSON.parse(readFileSync(file, 'utf8'))), problem: null };
  } catch (error) {
    // never echo the file (JSON.parse quotes it in its message): it may hold a token
    const reason =
      error instanceof z.ZodError
        ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
        : error instanceof SyntaxError
          ? 'not valid JSON'
          : ((error as NodeJS.ErrnoException).code ?? 'unreadable');
    return { settings: structuredClone(defaultSettings), problem: `${file} could not be read (${reason.slice(0, 300)}); the defaults apply until you save.` };
  }
}

export function writeSettings(file: string, settings: NotificationSettings): void {
  const valid = settingsSchema.parse(settings);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}
