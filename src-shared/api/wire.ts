// Messages of the browser host's WebSocket. The server parses what a client sends with these schemas;
// the client trusts the server (it is our own process on loopback) but still checks the envelope.
import { z } from 'zod';
import type { ApiErrorPayload } from './errors.ts';

export const clientMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('call'), id: z.number().int(), method: z.string().max(100), input: z.unknown() }).strict(),
  z
    .object({ kind: z.literal('subscribe'), id: z.number().int(), stream: z.string().max(100), input: z.unknown() })
    .strict(),
  z.object({ kind: z.literal('unsubscribe'), id: z.number().int() }).strict(),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

export type ServerMessage =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: ApiErrorPayload }
  | { kind: 'stream'; id: number; event: unknown };

/** Largest message a client may send; nothing in the API takes more. */
export const maxClientMessageBytes = 1024 * 1024;
export const tokenQueryParameter = 'token';
export const apiPath = '/api';
