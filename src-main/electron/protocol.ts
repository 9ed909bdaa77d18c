// Serves the built renderer on app://workbench/ with the same security headers as the browser host.
// A privileged standard scheme gives the renderer a real origin (module scripts and workers work, which
// file:// breaks) without any network listener.
import { net, protocol } from 'electron';
import { normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rendererContentSecurityPolicy } from '../../src-shared/security/csp.ts';
import { appHost, appScheme } from './ipc-channels.ts';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir);
  const csp = rendererContentSecurityPolicy();
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname).slice(1);
    const file = normalize(resolve(root, relative));
    if (url.host !== appHost || !file.startsWith(root + sep)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
