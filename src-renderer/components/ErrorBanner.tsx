import { ApiError } from '../../src-shared/api/errors.ts';

/** An error the user can act on: the message, then the hint when the service gave one. */
export function ErrorBanner({ error }: { error: Error }) {
  const hint = error instanceof ApiError ? error.hint : undefined;
  return (
    <div className="error-banner" role="alert">
      <pre className="error-message">{error.message}</pre>
      {hint && <p className="error-hint">{hint}</p>}
    </div>
  );
}
