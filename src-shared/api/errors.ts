// Errors cross every transport as plain JSON, so each host turns a thrown ApiError into the same shape
// and each client turns that shape back into an ApiError.

export type ApiErrorCode =
  | 'invalid_input'
  | 'unknown_method'
  | 'not_found'
  | 'no_case_open'
  | 'bad_file'
  | 'conflict'
  | 'host_error'
  | 'internal';

export interface ApiErrorPayload {
  code: ApiErrorCode;
  message: string;
  /** What the user can do about it, when we know. */
  hint?: string;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly hint: string | undefined;

  constructor(code: ApiErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.hint = hint;
  }

  toPayload(): ApiErrorPayload {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }

  static fromPayload(payload: ApiErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message, payload.hint);
  }
}

/** Anything thrown by a service becomes a payload; unexpected errors keep their message but not their stack. */
export function toErrorPayload(error: unknown): ApiErrorPayload {
  if (error instanceof ApiError) return error.toPayload();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
