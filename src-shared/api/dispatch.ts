// The one boundary check every host goes through: a method name and an untrusted input become a
// validated call on the services, or an ApiError that names what was wrong.
import { z } from 'zod';
import {
  callInputs,
  isCallName,
  isStreamName,
  streamInputs,
  type CallArgs,
  type CallName,
  type CallOutput,
  type StreamEvent,
  type StreamName,
  type Unsubscribe,
  type WorkbenchApi,
} from './contract.ts';
import { ApiError } from './errors.ts';

export type CallHandlers = {
  [M in CallName]: (args: CallArgs<M>) => Promise<CallOutput<M>> | CallOutput<M>;
};

export type StreamHandlers = {
  [S in StreamName]: (args: z.output<(typeof streamInputs)[S]>, emit: (event: StreamEvent<S>) => void) => Unsubscribe;
};

export interface Handlers {
  calls: CallHandlers;
  streams: StreamHandlers;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export async function dispatchCall(handlers: Handlers, method: unknown, input: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !isCallName(method)) {
    throw new ApiError('unknown_method', `There is no API call named ${JSON.stringify(method)}.`);
  }
  const parsed = callInputs[method].safeParse(input ?? {});
  if (!parsed.success) {
    throw new ApiError('invalid_input', `${method}: ${describeIssues(parsed.error)}`);
  }
  const handler = handlers.calls[method] as (args: unknown) => unknown;
  return await handler(parsed.data);
}

export function dispatchSubscribe(
  handlers: Handlers,
  stream: unknown,
  input: unknown,
  emit: (event: unknown) => void,
): Unsubscribe {
  if (typeof stream !== 'string' || !isStreamName(stream)) {
    throw new ApiError('unknown_method', `There is no API stream named ${JSON.stringify(stream)}.`);
  }
  const parsed = streamInputs[stream].safeParse(input ?? {});
  if (!parsed.success) {
    throw new ApiError('invalid_input', `${stream}: ${describeIssues(parsed.error)}`);
  }
  const handler = handlers.streams[stream] as (args: unknown, emit: (event: unknown) => void) => Unsubscribe;
  return handler(parsed.data, emit);
}

/** The API over the handlers in the same process: what the CLI uses, with the same validation as the other hosts. */
export function inProcessApi(handlers: Handlers): WorkbenchApi {
  return {
    call: (method, input) => dispatchCall(handlers, method, input) as Promise<never>,
    subscribe: (stream, input, listener) =>
      dispatchSubscribe(handlers, stream, input, listener as (event: unknown) => void),
  };
}
