// What a host hands the renderer: calls answer with a reply object instead of throwing, because thrown
// errors lose their class and fields crossing Electron's context bridge. The renderer turns a transport
// into the WorkbenchApi, rebuilding ApiErrors on its own side.
import type { CallInput, CallName, CallOutput, WorkbenchApi } from './contract.ts';
import { ApiError, type ApiErrorPayload } from './errors.ts';

export type CallReply = { ok: true; value: unknown } | { ok: false; error: ApiErrorPayload };

export interface Transport {
  invoke(method: string, input: unknown): Promise<CallReply>;
  subscribe(stream: string, input: unknown, listener: (event: unknown) => void): () => void;
}

export function apiOverTransport(transport: Transport): WorkbenchApi {
  return {
    async call<M extends CallName>(method: M, input: CallInput<M>): Promise<CallOutput<M>> {
      const reply = await transport.invoke(method, input);
      if (!reply.ok) throw ApiError.fromPayload(reply.error);
      return reply.value as CallOutput<M>;
    },
    subscribe(stream, input, listener) {
      return transport.subscribe(stream, input, listener as (event: unknown) => void);
    },
  };
}
