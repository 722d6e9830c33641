import { StripeApiError, paramError, resourceMissing } from './errors';
import { STRIPE_ENDPOINTS, type StripeEndpoint } from './faults';
import type { FormObject } from './form-encoding';
import type { StripeList, StripePaymentIntent } from './objects';
import {
  readBoolean,
  readCurrency,
  readListLimit,
  readMetadata,
  readPositiveInteger,
  readRequiredString,
  readString,
  rejectUnknownParams,
} from './params';
import type { StripeStore } from './store';

/** A resolved API route: which resource it counts against and how to run it. */
export interface ApiRoute {
  endpoint: StripeEndpoint;
  /** Validates params and performs the request, returning the JSON object to answer with. */
  run(params: FormObject): unknown;
}

type RouteRunner = (store: StripeStore, params: FormObject, id: string) => unknown;

/** Keyed by `<METHOD> <resource>` or `<METHOD> <resource>/:id`. */
const ROUTES = new Map<string, [StripeEndpoint, RouteRunner]>([
  ['POST payment_intents', ['payment_intents', createPaymentIntent]],
  [
    'GET payment_intents/:id',
    [
      'payment_intents',
      (s, p, id) => retrieve(s.paymentIntents, 'payment_intent', id, 'intent', p),
    ],
  ],
  ['POST transfers', ['transfers', createTransfer]],
  ['GET transfers', ['transfers', listTransfers]],
  [
    'GET transfers/:id',
    ['transfers', (s, p, id) => retrieve(s.transfers, 'transfer', id, 'id', p)],
  ],
  ['POST refunds', ['refunds', createRefund]],
  ['GET refunds', ['refunds', listRefunds]],
  ['GET refunds/:id', ['refunds', (s, p, id) => retrieve(s.refunds, 'refund', id, 'id', p)]],
  ['GET accounts/:id', ['accounts', retrieveAccount]],
]);

// Space-separated to keep these allow-lists on one line each.
const PAYMENT_INTENT_PARAMS = `amount currency metadata transfer_group automatic_payment_methods
  description payment_method_types receipt_email statement_descriptor_suffix expand`.split(/\s+/);
const TRANSFER_PARAMS = `amount currency destination transfer_group source_transaction metadata
  description expand`.split(/\s+/);
const TRANSFER_LIST_PARAMS = ['transfer_group', 'destination', 'limit', 'starting_after', 'expand'];
const REFUND_PARAMS = ['payment_intent', 'charge', 'amount', 'metadata', 'reason', 'expand'];
const REFUND_LIST_PARAMS = ['payment_intent', 'charge', 'limit', 'starting_after', 'expand'];

/** Maps `/v1/<resource>` to its endpoint name, for counting requests even on unknown sub-paths. */
export function endpointOfPath(pathname: string): StripeEndpoint | undefined {
  const resource = pathname.split('/')[2];
  return STRIPE_ENDPOINTS.find((endpoint) => endpoint === resource);
}

/** Finds the route for a request, or undefined when Stripe would answer "Unrecognized request URL". */
export function matchApiRoute(
  store: StripeStore,
  method: string,
  pathname: string,
): ApiRoute | undefined {
  const segments = pathname.replace(/\/+$/, '').split('/').slice(1);
  if (segments[0] !== 'v1' || segments.length < 2 || segments.length > 3) return undefined;
  const withId = segments.length === 3;
  const found = ROUTES.get(`${method} ${segments[1]}${withId ? '/:id' : ''}`);
  if (found === undefined) return undefined;
  const [endpoint, runRoute] = found;
  const id = withId ? decodeURIComponent(segments[2]) : '';
  return { endpoint, run: (params) => runRoute(store, params, id) };
}

function createPaymentIntent(store: StripeStore, params: FormObject): StripePaymentIntent {
  rejectUnknownParams(params, PAYMENT_INTENT_PARAMS);
  const amount = readPositiveInteger(params, 'amount', true) as number;
  const currency = readCurrency(params);
  const types = params.payment_method_types;
  if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'string'))) {
    throw paramError('payment_method_types', 'Invalid array', 'parameter_invalid');
  }
  return store.createPaymentIntent({
    amount,
    currency,
    metadata: readMetadata(params),
    description: readString(params, 'description') ?? null,
    transferGroup: readString(params, 'transfer_group') ?? null,
    automaticPaymentMethods: types === undefined ? readAutomaticPaymentMethods(params) : null,
    paymentMethodTypes: (types as string[] | undefined) ?? ['card'],
  });
}

/** Recent API versions enable automatic payment methods unless explicit types are given. */
function readAutomaticPaymentMethods(
  params: FormObject,
): StripePaymentIntent['automatic_payment_methods'] {
  const raw = params.automatic_payment_methods;
  if (raw === undefined) return { enabled: true };
  if (typeof raw === 'string' || Array.isArray(raw)) {
    throw paramError('automatic_payment_methods', 'Invalid hash', 'parameter_invalid');
  }
  const enabled = readBoolean(raw.enabled, 'automatic_payment_methods[enabled]') ?? true;
  const allowRedirects = typeof raw.allow_redirects === 'string' ? raw.allow_redirects : undefined;
  return allowRedirects === undefined ? { enabled } : { enabled, allow_redirects: allowRedirects };
}

function createTransfer(store: StripeStore, params: FormObject): unknown {
  rejectUnknownParams(params, TRANSFER_PARAMS);
  return store.createTransfer({
    amount: readPositiveInteger(params, 'amount', true) as number,
    currency: readCurrency(params),
    destination: readRequiredString(params, 'destination'),
    transferGroup: readString(params, 'transfer_group') ?? null,
    sourceTransaction: readString(params, 'source_transaction') ?? null,
    metadata: readMetadata(params),
    description: readString(params, 'description') ?? null,
  });
}

function listTransfers(store: StripeStore, params: FormObject): unknown {
  rejectUnknownParams(params, TRANSFER_LIST_PARAMS);
  const group = readString(params, 'transfer_group');
  const destination = readString(params, 'destination');
  const matches = [...store.transfers.values()].filter(
    (transfer) =>
      (group === undefined || transfer.transfer_group === group) &&
      (destination === undefined || transfer.destination === destination),
  );
  return paginateNewestFirst(matches, params, '/v1/transfers');
}

function createRefund(store: StripeStore, params: FormObject): unknown {
  rejectUnknownParams(params, REFUND_PARAMS);
  const paymentIntent = readString(params, 'payment_intent');
  const charge = readString(params, 'charge');
  if (paymentIntent !== undefined && charge !== undefined) {
    throw paramError(
      'charge',
      'You may only specify one of these parameters: charge, payment_intent.',
    );
  }
  return store.createRefund({
    paymentIntent,
    charge,
    amount: readPositiveInteger(params, 'amount', false),
    metadata: readMetadata(params),
    reason: readString(params, 'reason') ?? null,
  });
}

function listRefunds(store: StripeStore, params: FormObject): unknown {
  rejectUnknownParams(params, REFUND_LIST_PARAMS);
  const paymentIntent = readString(params, 'payment_intent');
  const charge = readString(params, 'charge');
  const matches = [...store.refunds.values()].filter(
    (refund) =>
      (paymentIntent === undefined || refund.payment_intent === paymentIntent) &&
      (charge === undefined || refund.charge === charge),
  );
  return paginateNewestFirst(matches, params, '/v1/refunds');
}

function retrieve<T>(
  map: Map<string, T>,
  what: string,
  id: string,
  param: string,
  params: FormObject,
): T {
  rejectUnknownParams(params, ['expand']);
  const found = map.get(id);
  if (found === undefined) throw resourceMissing(what, id, { param, status: 404 });
  return found;
}

/** Stripe answers 403 for an account the platform cannot see, whether or not it exists. */
function retrieveAccount(store: StripeStore, params: FormObject, id: string): unknown {
  rejectUnknownParams(params, ['expand']);
  const account = store.accounts.get(id);
  if (account !== undefined) return account;
  const message = `The provided key does not have access to account '${id}' (or that account does not exist). Application access may have been revoked.`;
  throw new StripeApiError(
    403,
    { type: 'invalid_request_error', code: 'account_invalid', message },
    true,
  );
}

/** Stripe lists are newest first and paginate with `starting_after` = last id of the previous page. */
function paginateNewestFirst<T extends { id: string }>(
  oldestFirst: T[],
  params: FormObject,
  url: string,
): StripeList<T> {
  const all = [...oldestFirst].reverse();
  const limit = readListLimit(params);
  const after = readString(params, 'starting_after');
  let start = 0;
  if (after !== undefined) {
    const index = all.findIndex((item) => item.id === after);
    if (index < 0) throw resourceMissing('object', after, { param: 'starting_after', status: 400 });
    start = index + 1;
  }
  return {
    object: 'list',
    data: all.slice(start, start + limit),
    has_more: start + limit < all.length,
    url,
  };
}
