import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isAbortError } from '../shared/cancellable-delays';
import { dropConnection, sendJson } from '../shared/http-io';
import { listenStandIn, type RunningStandIn } from '../shared/server-lifecycle';
import { handleAdminRequest } from './admin-routes';
import { handleApiRequest } from './api-pipeline';
import { StripeStandInContext } from './context';

/** Options of {@link startStripeStandIn}. */
export interface StripeStandInOptions {
  /** Port to bind; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Where signed `payment_intent.*` events are POSTed; also settable via POST /__admin/webhook. */
  webhookUrl?: string;
  /** Endpoint secret (`whsec_...`) used to sign webhook deliveries. */
  webhookSecret: string;
  /** Per-endpoint limit of API requests per second (429 above it); off when undefined. */
  rateLimitPerSecond?: number;
  /** Simulated processing time of every API request, in ms (default 0). */
  latencyMs?: number;
}

/**
 * Starts a local HTTP server that speaks the subset of Stripe's REST API the backend uses
 * (PaymentIntents, transfers, refunds, connected accounts) with Stripe's idempotency semantics,
 * plus `/__admin` routes to seed data, inject faults and simulate customer payments.
 */
export async function startStripeStandIn(options: StripeStandInOptions): Promise<RunningStandIn> {
  const ctx = new StripeStandInContext(options);
  const server = createServer((req, res) => {
    routeRequest(ctx, req, res).catch((error: unknown) => answerUnexpected(error, req, res));
  });
  return listenStandIn(server, options.port ?? 0, options.host ?? '127.0.0.1', () =>
    ctx.delays.cancelAll(),
  );
}

async function routeRequest(
  ctx: StripeStandInContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = req.url ?? '/';
  if (path.startsWith('/__admin/')) return handleAdminRequest(ctx, req, res);
  if (path.startsWith('/v1/')) return handleApiRequest(ctx, req, res);
  sendJson(res, 404, {
    error: {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${req.method}: ${path}).`,
    },
  });
}

/** A bug in the stand-in must be loud, but as a Stripe-shaped 500 rather than a hung socket. */
function answerUnexpected(error: unknown, req: IncomingMessage, res: ServerResponse): void {
  if (isAbortError(error) || res.headersSent) return dropConnection(req);
  console.error('[stripe stand-in] unexpected error', error);
  sendJson(res, 500, { error: { type: 'api_error', message: String(error) } });
}
