/**
 * Decides how a failure is reported: as a Sentry error event, or as an expected outcome that only
 * leaves a breadcrumb. Pure and duck-typed, so it does not load firebase-functions' https module.
 *
 * Not reported as errors: callable `HttpsError`s with a client code (the caller was not signed
 * in, sent bad input, is not allowed, asked for something missing or in the wrong state). They
 * are answers, not faults. Everything else is reported, including the task runtime's
 * `RetryTaskError` (a transient failure Cloud Tasks will retry), tagged `retryable=true`, and
 * HttpsErrors with server codes (`internal`, `unavailable`...).
 */

/** Callable error codes that describe the request, not a fault of ours. */
export const EXPECTED_HTTPS_CODES: ReadonlySet<string> = new Set([
  'unauthenticated',
  'invalid-argument',
  'permission-denied',
  'not-found',
  'failed-precondition',
]);

/** How to report one failure. */
export interface ErrorReport {
  /** True for expected outcomes: breadcrumb only, no error event. */
  expected: boolean;
  /** `errorCode` and `retryable` when the error carries them. */
  tags: Record<string, string>;
  extra: Record<string, unknown>;
}

type Loose = Record<string, unknown>;

function asRecord(value: unknown): Loose | null {
  return typeof value === 'object' && value !== null ? (value as Loose) : null;
}

/** An HttpsError from firebase-functions: a string `code` and an `httpErrorCode.status`. */
export function isHttpsError(error: unknown): boolean {
  const record = asRecord(error);
  const http = asRecord(record?.httpErrorCode);
  return typeof record?.code === 'string' && typeof http?.status === 'number';
}

function readCode(record: Loose | null): string | undefined {
  const code = record?.code ?? asRecord(record?.summary)?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

function readRetryable(record: Loose | null): boolean | undefined {
  const retryable = record?.retryable ?? asRecord(record?.summary)?.retryable;
  if (typeof retryable === 'boolean') return retryable;
  // The task runtime throws RetryTaskError precisely so Cloud Tasks retries.
  return record?.name === 'RetryTaskError' ? true : undefined;
}

/** Classifies anything thrown. Never throws. */
export function classifyError(error: unknown): ErrorReport {
  const record = asRecord(error);
  const code = readCode(record);
  const retryable = readRetryable(record);
  const tags: Record<string, string> = {};
  if (code !== undefined) tags.errorCode = code;
  if (retryable !== undefined) tags.retryable = String(retryable);
  const extra: Record<string, unknown> = {};
  if (record?.details !== undefined) extra.details = record.details;
  const expected = isHttpsError(error) && code !== undefined && EXPECTED_HTTPS_CODES.has(code);
  return { expected, tags, extra };
}
