import type { IncomingMessage, ServerResponse } from 'node:http';
import { dropConnection, parseRequestUrl, readRequestBody, sendRaw } from '../shared/http-io';
import type { StripeStandInContext } from './context';
import { StripeApiError, paramError, toErrorPayload, type StripeErrorBody } from './errors';
import type { ChosenFault } from './faults';
import {
  FormShapeError,
  canonicaliseParams,
  parseStripeForm,
  type FormObject,
} from './form-encoding';
import { generateId } from './objects';
import { endpointOfPath, matchApiRoute, type ApiRoute } from './routes';

/** A response about to be written. `storable` marks results Stripe saves under an idempotency key. */
interface Outcome {
  status: number;
  body: string;
  headers: Record<string, string>;
  storable: boolean;
}

/** Everything the pipeline knows about one parsed API request. */
interface ApiCall {
  method: string;
  path: string;
  apiKey: string;
  params: FormObject;
  route: ApiRoute;
  requestId: string;
}

const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * Serves one `/v1/...` request: authenticate, parse, rate-limit, apply injected faults, then run
 * the route under Stripe's idempotency rules.
 */
export async function handleApiRequest(
  ctx: StripeStandInContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = generateId('req');
  const call = await parseApiCall(ctx, req, requestId);
  if (call instanceof StripeApiError) return send(res, errorOutcome(call, requestId));
  const counts = ctx.counts[call.route.endpoint];
  if (!ctx.rateLimiter.allow(call.route.endpoint, Date.now())) {
    counts.rateLimited += 1;
    return send(res, rateLimitOutcome(requestId));
  }
  const fault = ctx.faults.choose(call.route.endpoint, call.method);
  if (fault !== undefined) counts.faulted += 1;
  if (fault !== undefined && !fault.kind.startsWith('effect_then_')) {
    return applyFaultInsteadOfEffect(ctx, fault, req, res, requestId);
  }
  const outcome = await runIdempotently(ctx, req, call);
  if (outcome.headers['Idempotent-Replayed'] === 'true') counts.replayed += 1;
  if (fault === undefined) return send(res, outcome);
  await ctx.delays.wait(fault.delayMs);
  if (fault.kind === 'effect_then_drop') return dropConnection(req);
  send(res, apiErrorOutcome(requestId));
}

async function parseApiCall(
  ctx: StripeStandInContext,
  req: IncomingMessage,
  requestId: string,
): Promise<ApiCall | StripeApiError> {
  const url = parseRequestUrl(req);
  const method = req.method ?? 'GET';
  const endpoint = endpointOfPath(url.pathname);
  if (endpoint !== undefined) ctx.counts[endpoint].total += 1;
  const body = await readRequestBody(req);
  const apiKey = readApiKey(req);
  if (apiKey instanceof StripeApiError) return apiKey;
  const version = req.headers['stripe-version'];
  if (typeof version === 'string') ctx.lastApiVersion = version;
  const route = matchApiRoute(ctx.store, method, url.pathname);
  if (route === undefined) {
    const message = `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`;
    return new StripeApiError(404, { type: 'invalid_request_error', message }, false);
  }
  try {
    const encoded = method === 'GET' ? url.search.slice(1) : body.toString('utf8');
    return {
      method,
      path: url.pathname,
      apiKey,
      params: parseStripeForm(encoded),
      route,
      requestId,
    };
  } catch (error) {
    if (error instanceof FormShapeError) return paramError(error.param, error.message);
    throw error;
  }
}

/** Accepts `Bearer sk_...` and, like Stripe, HTTP Basic with the key as user name (curl -u). */
function readApiKey(req: IncomingMessage): string | StripeApiError {
  const header = req.headers.authorization ?? '';
  const [scheme, credentials = ''] = header.split(' ');
  let key = '';
  if (scheme === 'Bearer') key = credentials.trim();
  if (scheme === 'Basic') key = Buffer.from(credentials, 'base64').toString('utf8').split(':')[0];
  if (key === '') {
    const message =
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";
    return new StripeApiError(401, { type: 'invalid_request_error', message }, false);
  }
  if (!/^(sk|rk)_\w+$/.test(key)) {
    const masked = `${key.slice(0, 8)}***${key.slice(-4)}`;
    const message = `Invalid API Key provided: ${masked}`;
    return new StripeApiError(401, { type: 'invalid_request_error', message }, false);
  }
  return key;
}

async function runIdempotently(
  ctx: StripeStandInContext,
  req: IncomingMessage,
  call: ApiCall,
): Promise<Outcome> {
  const header = req.headers['idempotency-key'];
  const key = call.method === 'POST' && typeof header === 'string' ? header : undefined;
  if (key === undefined) return execute(ctx, call);
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    const error = paramError(
      'Idempotency-Key',
      `Idempotency keys may be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`,
    );
    return errorOutcome(error, call.requestId);
  }
  const fingerprint = `${call.method} ${call.path} ${canonicaliseParams(call.params)}`;
  const claim = ctx.idempotency.claim(call.apiKey, key, fingerprint);
  const echo = { 'Idempotency-Key': key };
  if (claim.kind === 'mismatch') {
    return idempotencyErrorOutcome(400, mismatchError(key), call.requestId);
  }
  if (claim.kind === 'in_flight') {
    return idempotencyErrorOutcome(409, inFlightError(key), call.requestId);
  }
  if (claim.kind === 'replay') {
    const headers = {
      ...echo,
      'Request-Id': call.requestId,
      'Idempotent-Replayed': 'true',
      'Original-Request': claim.response.requestId,
    };
    return { status: claim.response.status, body: claim.response.body, headers, storable: false };
  }
  let outcome: Outcome | undefined;
  try {
    outcome = await execute(ctx, call);
  } finally {
    const saved = outcome?.storable
      ? { status: outcome.status, body: outcome.body, requestId: call.requestId }
      : undefined;
    claim.release(saved);
  }
  return { ...outcome, headers: { ...outcome.headers, ...echo } };
}

/**
 * Runs the route after the configured latency; that latency is what opens a window in which a
 * concurrent same-key request can observe this one in flight.
 */
async function execute(ctx: StripeStandInContext, call: ApiCall): Promise<Outcome> {
  await ctx.delays.wait(ctx.latencyMs);
  try {
    const result = call.route.run(call.params);
    // Stripe pretty-prints its JSON; serialising now also freezes the saved replay body.
    const body = JSON.stringify(result, null, 2);
    return { status: 200, body, headers: { 'Request-Id': call.requestId }, storable: true };
  } catch (error) {
    if (error instanceof StripeApiError) return errorOutcome(error, call.requestId);
    throw error;
  }
}

async function applyFaultInsteadOfEffect(
  ctx: StripeStandInContext,
  fault: ChosenFault,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  await ctx.delays.wait(fault.delayMs);
  if (fault.kind === 'timeout') return dropConnection(req);
  send(res, fault.kind === '429' ? rateLimitOutcome(requestId) : apiErrorOutcome(requestId));
}

function mismatchError(key: string): StripeErrorBody {
  const message = `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;
  return { type: 'idempotency_error', message };
}

function inFlightError(key: string): StripeErrorBody {
  const message = `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`;
  return { type: 'idempotency_error', code: 'idempotency_key_in_use', message };
}

function idempotencyErrorOutcome(
  status: number,
  body: StripeErrorBody,
  requestId: string,
): Outcome {
  return errorOutcome(new StripeApiError(status, body, false), requestId);
}

function rateLimitOutcome(requestId: string): Outcome {
  const message =
    'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.';
  return errorOutcome(
    new StripeApiError(429, { type: 'invalid_request_error', code: 'rate_limit', message }, false),
    requestId,
  );
}

function apiErrorOutcome(requestId: string): Outcome {
  const message = 'An unknown error occurred (injected by the Stripe stand-in).';
  return errorOutcome(new StripeApiError(500, { type: 'api_error', message }, false), requestId);
}

function errorOutcome(error: StripeApiError, requestId: string): Outcome {
  const body = JSON.stringify(toErrorPayload(error), null, 2);
  return {
    status: error.status,
    body,
    headers: { 'Request-Id': requestId },
    storable: error.storable,
  };
}

function send(res: ServerResponse, outcome: Outcome): void {
  sendRaw(res, outcome.status, outcome.body, outcome.headers);
}
