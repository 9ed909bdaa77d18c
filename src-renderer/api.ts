// Hooks over window.workbench. Components call these; none of them touches a transport.
import { useCallback, useEffect, useState } from 'react';
import type { CallInput, CallName, CallOutput, StreamEvent, StreamInput, StreamName, WorkbenchApi } from '../src-shared/api/contract.ts';

let api: WorkbenchApi | null = null;

export function setApi(value: WorkbenchApi): void {
  api = value;
}

export function workbench(): WorkbenchApi {
  if (api === null) throw new Error('window.workbench is not installed');
  return api;
}

export interface CallState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Calls `method` when the component mounts and again whenever `input` or `deps` change (compared as
 * JSON). The previous data stays visible while a new answer is on its way.
 */
export function useCall<M extends CallName>(method: M, input: CallInput<M>, deps: unknown[] = []): CallState<CallOutput<M>> {
  const [generation, setGeneration] = useState(0);
  const requestKey = JSON.stringify([method, input, deps, generation]);
  const [result, setResult] = useState<{ key: string; data?: CallOutput<M>; error?: Error }>();
  useEffect(() => {
    let live = true;
    const [name, args] = JSON.parse(requestKey) as [M, CallInput<M>];
    workbench()
      .call(name, args)
      .then(
        (data) => live && setResult({ key: requestKey, data }),
        (failure: unknown) => live && setResult((previous) => ({ key: requestKey, data: previous?.data, error: failure instanceof Error ? failure : new Error(String(failure)) })),
      );
    return () => {
      live = false;
    };
  }, [requestKey]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data: result?.data, error: result?.error, loading: result?.key !== requestKey, reload };
}

export function useStream<S extends StreamName>(stream: S): StreamEvent<S> | undefined {
  const [latest, setLatest] = useState<StreamEvent<S>>();
  useEffect(() => workbench().subscribe(stream, {} as StreamInput<S>, setLatest), [stream]);
  return latest;
}
