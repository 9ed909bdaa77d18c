import { spawn } from 'node:child_process';
import type { CliIo } from './program.ts';

/** Opens the system browser when there is a display to show it on; otherwise the printed address is the way in. */
export function openInBrowser(url: string, io: CliIo): void {
  if (!io.env['DISPLAY'] && !io.env['WAYLAND_DISPLAY']) {
    io.out('No display found: open the address above in a browser on this machine.\n');
    return;
  }
  const child = spawn('xdg-open', [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => io.out('Could not start xdg-open: open the address above in a browser.\n'));
  child.unref();
}
