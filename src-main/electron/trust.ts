// Who the Electron shell trusts, as pure functions so they are tested without an Electron binary:
// IPC only from our own window's top frame showing app://workbench, navigation only within it.
import { appOrigin } from './ipc-channels.ts';

export interface SenderLike {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

/** scheme://host, also for our custom scheme (WHATWG URL gives non-special schemes the origin "null"). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function senderIsTrusted(event: SenderLike, trustedContents: unknown): boolean {
  const frame = event.senderFrame;
  if (trustedContents === null || event.sender !== trustedContents || !frame || frame.parent !== null) return false;
  return originOf(frame.url) === appOrigin;
}

export function navigationAllowed(url: string): boolean {
  return originOf(url) === appOrigin;
}

/** Links that may leave the app, to the system browser: https only, never file:, javascript: or custom schemes. */
export function mayOpenExternally(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
