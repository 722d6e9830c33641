import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AdminInputError,
  readOptionalBoolean,
  readOptionalNumber,
  readOptionalString,
} from '../shared/admin-input';
import { parseJsonObject, parseRequestUrl, readRequestBody, sendJson } from '../shared/http-io';
import type { EndpointCounts, StripeStandInContext } from './context';
import { parseStripeFaultSpec, type StripeEndpoint, type StripeFaultSpec } from './faults';
import {
  generateId,
  type StripeAccount,
  type StripeCharge,
  type StripeEvent,
  type StripePaymentIntent,
  type StripeRefund,
  type StripeTransfer,
} from './objects';
import { buildPaymentIntentEvent, deliverEvent, type WebhookDelivery } from './webhook-delivery';

/** What GET /__admin/state answers. */
export interface StripeStateSnapshot {
  paymentIntents: StripePaymentIntent[];
  charges: StripeCharge[];
  transfers: StripeTransfer[];
  refunds: StripeRefund[];
  accounts: StripeAccount[];
  requestCounts: Record<StripeEndpoint, EndpointCounts>;
  events: StripeEvent[];
  faults: StripeFaultSpec[];
  config: { webhookUrl: string | null; latencyMs: number; rateLimitPerSecond: number | null };
}

/** What POST /__admin/payment_intents/:id/succeed (or /fail) answers. */
export interface SettlementResult {
  event: StripeEvent;
  /** Null when no webhook URL is configured. */
  webhook: WebhookDelivery | null;
}

type AdminHandler = (
  ctx: StripeStandInContext,
  body: Record<string, unknown>,
  match: RegExpMatchArray,
) => Promise<[number, unknown]> | [number, unknown];

const ADMIN_ROUTES: [string, RegExp, AdminHandler][] = [
  ['POST', /^\/__admin\/reset$/, (ctx) => (ctx.reset(), [200, { ok: true }])],
  ['POST', /^\/__admin\/accounts$/, createAccount],
  [
    'POST',
    /^\/__admin\/faults$/,
    (ctx, body) => (
      ctx.faults.add(parseStripeFaultSpec(body)),
      [200, { faults: ctx.faults.list() }]
    ),
  ],
  ['DELETE', /^\/__admin\/faults$/, (ctx) => (ctx.faults.clear(), [200, { faults: [] }])],
  ['GET', /^\/__admin\/state$/, (ctx) => [200, describeState(ctx)]],
  ['POST', /^\/__admin\/webhook$/, configureWebhook],
  ['POST', /^\/__admin\/config$/, configure],
  ['POST', /^\/__admin\/payment_intents\/([^/]+)\/(succeed|fail)$/, settlePaymentIntent],
];

/** Serves the unauthenticated `/__admin/...` control routes used by tests and the demo. */
export async function handleAdminRequest(
  ctx: StripeStandInContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { pathname } = parseRequestUrl(req);
  const body = await readRequestBody(req);
  for (const [method, pattern, handler] of ADMIN_ROUTES) {
    const match = pathname.match(pattern);
    if (match === null || req.method !== method) continue;
    try {
      const [status, payload] = await handler(ctx, parseJsonObject(body), match);
      return sendJson(res, status, payload);
    } catch (error) {
      if (error instanceof AdminInputError || error instanceof SyntaxError) {
        return sendJson(res, 400, { error: error.message });
      }
      throw error;
    }
  }
  sendJson(res, 404, { error: `no admin route ${req.method} ${pathname}` });
}

function createAccount(
  ctx: StripeStandInContext,
  body: Record<string, unknown>,
): [number, unknown] {
  const id = readOptionalString(body, 'id') ?? generateId('acct');
  if (!/^acct_\w+$/.test(id)) throw new AdminInputError('id must look like acct_...');
  const account = ctx.store.upsertAccount(id, {
    payoutsEnabled: readOptionalBoolean(body, 'payoutsEnabled') ?? true,
    chargesEnabled: readOptionalBoolean(body, 'chargesEnabled') ?? true,
    transfersActive: readOptionalBoolean(body, 'transfersEnabled') ?? true,
  });
  return [200, account];
}

function describeState(ctx: StripeStandInContext): StripeStateSnapshot {
  const { store } = ctx;
  return {
    paymentIntents: [...store.paymentIntents.values()],
    charges: [...store.charges.values()],
    transfers: [...store.transfers.values()],
    refunds: [...store.refunds.values()],
    accounts: [...store.accounts.values()],
    requestCounts: ctx.counts,
    events: store.events,
    faults: ctx.faults.list(),
    config: {
      webhookUrl: ctx.webhookUrl ?? null,
      latencyMs: ctx.latencyMs,
      rateLimitPerSecond: ctx.rateLimiter.limit ?? null,
    },
  };
}

function configureWebhook(
  ctx: StripeStandInContext,
  body: Record<string, unknown>,
): [number, unknown] {
  const url = readOptionalString(body, 'url');
  if (url !== undefined && !URL.canParse(url)) throw new AdminInputError('url must be absolute');
  ctx.webhookUrl = url;
  ctx.webhookSecret = readOptionalString(body, 'secret') ?? ctx.webhookSecret;
  return [200, { url: ctx.webhookUrl ?? null }];
}

function configure(ctx: StripeStandInContext, body: Record<string, unknown>): [number, unknown] {
  if ('latencyMs' in body) {
    ctx.latencyMs =
      readOptionalNumber(body, 'latencyMs', { min: 0, max: 60_000, integer: true }) ?? 0;
  }
  if ('rateLimitPerSecond' in body) {
    ctx.rateLimiter.setLimit(
      readOptionalNumber(body, 'rateLimitPerSecond', { min: 1, integer: true }),
    );
  }
  return [200, { latencyMs: ctx.latencyMs, rateLimitPerSecond: ctx.rateLimiter.limit ?? null }];
}

/** Simulates the customer's payment outcome and delivers the matching signed webhook. */
async function settlePaymentIntent(
  ctx: StripeStandInContext,
  _body: Record<string, unknown>,
  match: RegExpMatchArray,
): Promise<[number, unknown]> {
  const intent = ctx.store.paymentIntents.get(decodeURIComponent(match[1]));
  if (intent === undefined) return [404, { error: `no payment intent ${match[1]}` }];
  if (intent.status === 'succeeded') return [409, { error: `${intent.id} has already succeeded` }];
  const succeed = match[2] === 'succeed';
  if (succeed) ctx.store.succeedPaymentIntent(intent);
  else ctx.store.failPaymentIntent(intent);
  const type: StripeEvent['type'] = succeed
    ? 'payment_intent.succeeded'
    : 'payment_intent.payment_failed';
  const pending = ctx.webhookUrl === undefined ? 0 : 1;
  const event = buildPaymentIntentEvent(type, intent, ctx.lastApiVersion, pending);
  ctx.store.events.push(event);
  let webhook: WebhookDelivery | null = null;
  if (ctx.webhookUrl !== undefined)
    webhook = await deliverEvent(event, ctx.webhookUrl, ctx.webhookSecret);
  const result: SettlementResult = { event, webhook };
  return [200, result];
}
