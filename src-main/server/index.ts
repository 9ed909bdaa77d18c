export { startBrowserHost, type BrowserHost, type BrowserHostOptions } from './browser-host.ts';
export { allowedOrigins, contentSecurityPolicy } from './guards.ts';
