import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MemorySecretStore, nodePaths } from '../platform/index.ts';
import { Workbench } from '../workbench.ts';
import { startBrowserHost, type BrowserHost } from './index.ts';

let host: BrowserHost;
let workbench: Workbench;
const rendererDir = mkdtempSync(join(tmpdir(), 'wb-renderer-'));

beforeAll(async () => {
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>wb</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  workbench = new Workbench({ host: 'browser', paths: { ...nodePaths({}), dataDir: mkdtempSync(join(tmpdir(), 'wb-data-')) }, secrets: new MemorySecretStore() });
  host = await startBrowserHost({ handlers: workbench.handlers(), rendererDir });
});
afterAll(async () => {
  await host.close();
  workbench.close();
});

interface Headers {
  [name: string]: string;
}

/** Opens the API socket with exactly these headers; resolves with the HTTP status of a refusal, or 101. */
function openSocket(path: string, headers: Headers): Promise<{ status: number; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('open', () => resolve({ status: 101, ws }));
    ws.on('error', () => resolve({ status: -1 }));
  });
}

const origin = () => `http://127.0.0.1:${host.port}`;
const goodPath = () => `/api?token=${host.token}`;

function call(ws: WebSocket, method: string, input: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.send(JSON.stringify({ kind: 'call', id: 7, method, input }));
  });
}

function get(path: string, hostHeader: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { Host: hostHeader } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the browser host API socket', () => {
  it('listens on loopback only and hands out an address with the token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the API to our own page holding the token', async () => {
    const { status, ws } = await openSocket(goodPath(), { Origin: origin() });
    expect(status).toBe(101);
    const reply = (await call(ws!, 'app.info', {})) as { ok: boolean; value: { host: string } };
    expect(reply).toMatchObject({ id: 7, ok: true, value: { host: 'browser' } });
    const refused = (await call(ws!, 'cases.open', { path: 42 })) as { ok: boolean; error: { code: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    ws!.close();
  });

  it('refuses a connection without the token', async () => {
    expect((await openSocket('/api', { Origin: origin() })).status).toBe(401);
  });

  it('refuses a wrong token, even one of the right length', async () => {
    const wrong = host.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await openSocket(`/api?token=${wrong}`, { Origin: origin() })).status).toBe(401);
  });

  it('refuses a page from another origin (cross-site WebSocket hijacking)', async () => {
    expect((await openSocket(goodPath(), { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await openSocket(goodPath(), { Origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await openSocket(goodPath(), {})).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await openSocket(goodPath(), { Origin: origin(), Host: `evil.example:${host.port}` })).status).toBe(421);
  });

  it('closes a connection that sends something other than API messages', async () => {
    const { ws } = await openSocket(goodPath(), { Origin: origin() });
    const closed = new Promise<number>((resolve) => ws!.on('close', (code) => resolve(code)));
    ws!.send('{"kind":"call","id":1,"method":"app.info","input":{},"extra":"field"}');
    expect(await closed).toBe(1003);
  });
});

describe('the browser host pages', () => {
  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const page = await get('/', `127.0.0.1:${host.port}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>wb</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers no other Host than loopback', async () => {
    expect((await get('/', `attacker.example:${host.port}`)).status).toBe(421);
    expect((await get('/', `localhost:${host.port}`)).status).toBe(200);
  });

  it('serves nothing outside the renderer folder', async () => {
    expect((await get('/../../../../etc/passwd', `127.0.0.1:${host.port}`)).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd', `127.0.0.1:${host.port}`)).status).toBe(404);
    expect((await get('/assets/app.js', `127.0.0.1:${host.port}`)).status).toBe(200);
  });
});
