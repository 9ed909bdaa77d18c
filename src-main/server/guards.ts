// Who may talk to the browser host: only pages it served itself, on loopback, holding this run's token.
// Host checks stop DNS rebinding (evil.example resolving to 127.0.0.1); Origin checks stop another site
// open in the same browser from opening a WebSocket to us; the token stops other local users and tabs.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { rendererContentSecurityPolicy } from '../../src-shared/security/csp.ts';

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((host) => `http://${host}`);
}

export function hostIsAllowed(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host;
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

export function originIsAllowed(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  return origin !== undefined && allowedOrigins(port).includes(origin.toLowerCase());
}

export function tokenMatches(presented: string | null, expected: string): boolean {
  if (presented === null) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The renderer's policy, allowing the WebSocket back to this host. */
export function contentSecurityPolicy(port: number): string {
  return rendererContentSecurityPolicy(allowedHosts(port).map((host) => `ws://${host}`));
}
