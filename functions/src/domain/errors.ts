/**
 * Error model shared by every processor and entry point.
 *
 * Every error the project raises carries a stable `code` (operators and tests match on it), a
 * `retryable` flag (the task runtime turns it into "throw for Cloud Tasks backoff" or "dead-letter
 * and answer 2xx") and the underlying `cause`. Entry points translate these at their boundary only.
 */
export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable;
  }
}

/** A failure that will not go away by trying again: bad input, missing document, Stripe 4xx. */
export class PermanentError extends AppError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { retryable: false, cause });
    this.name = 'PermanentError';
  }
}

/** A failure worth retrying later: network, 429, 5xx, contention, a lease still held. */
export class TransientError extends AppError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { retryable: true, cause });
    this.name = 'TransientError';
  }
}

/** A payload or document that failed its schema. Names the offending field in the message. */
export class InvalidInputError extends PermanentError {
  constructor(message: string, cause?: unknown) {
    super('invalid_input', message, cause);
    this.name = 'InvalidInputError';
  }
}

export interface ErrorSummary {
  code: string;
  message: string;
  retryable: boolean;
}

/** gRPC status codes Firestore answers with that clear up on their own. */
const TRANSIENT_GRPC_CODES = new Set([
  4, // DEADLINE_EXCEEDED
  8, // RESOURCE_EXHAUSTED
  10, // ABORTED (transaction contention)
  13, // INTERNAL
  14, // UNAVAILABLE
]);

const TRANSIENT_NODE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Classifies anything thrown into a summary the task runtime can act on. Errors of unknown kind
 * are treated as transient: retrying a bug wastes a few attempts and then dead-letters, while
 * dead-lettering a blip at once would need an operator for nothing.
 */
export function summarizeError(error: unknown): ErrorSummary {
  if (isAppError(error)) {
    return { code: error.code, message: error.message, retryable: error.retryable };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number' && TRANSIENT_GRPC_CODES.has(code)) {
    return { code: `firestore_${code}`, message, retryable: true };
  }
  if (typeof code === 'string' && TRANSIENT_NODE_CODES.has(code)) {
    return { code: code.toLowerCase(), message, retryable: true };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'timeout', message, retryable: true };
  }
  return { code: 'unexpected', message, retryable: true };
}

/** Matches on shape as well as class, so errors from another copy of this module still count. */
export function isAppError(error: unknown): error is AppError {
  return (
    error instanceof AppError ||
    (error instanceof Error &&
      typeof (error as Partial<AppError>).code === 'string' &&
      typeof (error as Partial<AppError>).retryable === 'boolean')
  );
}
