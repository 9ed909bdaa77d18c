import { describe, expect, it } from 'vitest';
import { dispatchCall, inProcessApi, type Handlers } from './dispatch.ts';
import { ApiError } from './errors.ts';

function handlers(overrides: Partial<Handlers['calls']> = {}): Handlers {
  const calls = {
    'app.info': () => ({ name: 'wb', version: '1', host: 'cli', platform: 'linux-x64', dataDir: '/tmp', schemaVersion: 1 }),
    'cases.list': () => [],
    'cases.current': () => null,
    'cases.create': ({ name }: { name: string }) => ({ path: `/cases/${name}`, name, createdAtMs: 0, isDemo: false, hostCount: 0, eventCount: 0 }),
    'cases.open': () => {
      throw new ApiError('not_found', 'no such case', 'pick another');
    },
    'cases.openDemo': () => {
      throw new Error('boom');
    },
    'hosts.list': () => [],
    'events.query': (query: { limit: number }) => ({ rows: [], next: null, total: query.limit }),
    ...overrides,
  } as Handlers['calls'];
  return { calls, streams: { progress: () => () => {}, status: () => () => {}, prompts: () => () => {}, notifications: () => () => {} } };
}

describe('the API boundary', () => {
  it('refuses a method that is not in the contract', async () => {
    await expect(dispatchCall(handlers(), 'fs.readFile', {})).rejects.toMatchObject({ code: 'unknown_method' });
    await expect(dispatchCall(handlers(), 42, {})).rejects.toMatchObject({ code: 'unknown_method' });
  });

  it('names the offending field when input is invalid', async () => {
    const error = await dispatchCall(handlers(), 'cases.create', { name: '   ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_input');
    expect((error as ApiError).message).toBe('cases.create: name: a case needs a name');
  });

  it('refuses fields the contract does not know', async () => {
    await expect(dispatchCall(handlers(), 'cases.create', { name: 'x', path: '/etc/passwd' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('fills defaults before the handler sees the input', async () => {
    expect(await dispatchCall(handlers(), 'events.query', {})).toEqual({ rows: [], next: null, total: 200 });
  });

  it('bounds query sizes', async () => {
    await expect(dispatchCall(handlers(), 'events.query', { limit: 1_000_000 })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('gives the CLI the same validation and errors as the other hosts', async () => {
    const api = inProcessApi(handlers());
    expect((await api.call('cases.create', { name: ' Incident 7 ' })).name).toBe('Incident 7');
    await expect(api.call('cases.open', { path: '/x' })).rejects.toMatchObject({ code: 'not_found', hint: 'pick another' });
  });
});
