/** The `error` member of a Stripe error response. */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'api_error' | 'idempotency_error' | 'card_error';
  code?: string;
  message: string;
  param?: string;
  doc_url?: string;
}

/**
 * An error answered in Stripe's shape. `storable` says whether the endpoint had begun executing:
 * Stripe saves those results under the idempotency key but not parameter-validation failures.
 */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly storable: boolean,
  ) {
    super(body.message);
  }
}

function withDocUrl(body: StripeErrorBody): StripeErrorBody {
  return body.code === undefined
    ? body
    : { ...body, doc_url: `https://stripe.com/docs/error-codes/${body.code.replace(/_/g, '-')}` };
}

/** Builds the JSON body Stripe sends for an error. */
export function toErrorPayload(error: StripeApiError): { error: StripeErrorBody } {
  return { error: withDocUrl(error.body) };
}

/** A malformed, missing or unknown parameter: rejected before the endpoint runs. */
export function paramError(
  param: string,
  message: string,
  code = 'parameter_invalid',
): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', code, message, param }, false);
}

/**
 * A referenced object does not exist: 404 when it is the URL's subject, 400 when it is a body
 * parameter (e.g. a transfer's `destination`), as Stripe answers.
 */
export function resourceMissing(
  what: string,
  id: string,
  where: { param: string; status: 400 | 404 },
): StripeApiError {
  const message = `No such ${what}: '${id}'`;
  return new StripeApiError(
    where.status,
    { type: 'invalid_request_error', code: 'resource_missing', message, param: where.param },
    true,
  );
}

/** A business-rule rejection raised while the endpoint executes (stored for idempotent replay). */
export function requestRejected(code: string, message: string, param?: string): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', code, message, param }, true);
}
