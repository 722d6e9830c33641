/**
 * Maps Stripe SDK errors onto the project's error model. Pure, so the table is unit-tested.
 *
 * Stripe's guidance (https://docs.stripe.com/error-handling): 429 and 5xx and connection errors
 * are safe to retry with the same idempotency key; 4xx request errors will fail again unchanged.
 * An idempotency error means the same key was reused with different parameters: a bug, never
 * fixed by retrying. An authentication error is a configuration problem an operator must fix; it
 * is dead-lettered (and can be replayed once the key is fixed) rather than retried for hours.
 */
import { PermanentError, TransientError, type AppError } from '../domain/errors';

interface StripeLikeError {
  type?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

export function classifyStripeError(error: unknown, operation: string): AppError {
  const stripe = (error ?? {}) as StripeLikeError;
  const status = stripe.statusCode;
  const detail = `${operation}: ${stripe.message ?? String(error)}`;

  if (stripe.type === 'StripeConnectionError' || stripe.type === 'StripeAPIError') {
    return new TransientError('stripe_unavailable', detail, error);
  }
  if (stripe.type === 'StripeRateLimitError' || status === 429) {
    return new TransientError('stripe_rate_limited', detail, error);
  }
  if (status !== undefined && status >= 500) {
    return new TransientError('stripe_unavailable', detail, error);
  }
  if (stripe.type === 'StripeIdempotencyError') {
    return new PermanentError('stripe_idempotency_conflict', detail, error);
  }
  if (stripe.type === 'StripeAuthenticationError' || status === 401) {
    return new PermanentError('stripe_authentication', detail, error);
  }
  if (status !== undefined && status >= 400) {
    return new PermanentError(`stripe_${stripe.code ?? 'invalid_request'}`, detail, error);
  }
  return new TransientError('stripe_unknown', detail, error);
}
