import Stripe from 'stripe';
import {
  createConnectedAccount,
  succeedPaymentIntent,
} from '../../../tools/stand-ins/admin-client';

/** The API key every test uses unless it is testing key scoping or authentication. */
export const TEST_API_KEY = 'sk_test_stand_in_unit';

/** An official SDK client pointed at the stand-in. */
export function createStripeClient(
  port: number,
  options: { maxNetworkRetries?: number; apiKey?: string } = {},
): Stripe {
  return new Stripe(options.apiKey ?? TEST_API_KEY, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
  });
}

/** A raw HTTP answer, for assertions the SDK would hide (headers, exact bytes). */
export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: { error?: { type: string; code?: string; message: string; param?: string } } & Record<
    string,
    unknown
  >;
}

/** POSTs a form-encoded body the way Stripe clients do. */
export async function postForm(
  baseUrl: string,
  path: string,
  form: Record<string, string>,
  options: { idempotencyKey?: string; apiKey?: string | null } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const apiKey = options.apiKey === undefined ? TEST_API_KEY : options.apiKey;
  if (apiKey !== null) headers.Authorization = `Bearer ${apiKey}`;
  if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form).toString(),
  });
  return readAnswer(response);
}

/** GETs an API path with the test key. */
export async function getPath(baseUrl: string, path: string): Promise<RawAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${TEST_API_KEY}` },
  });
  return readAnswer(response);
}

async function readAnswer(response: Response): Promise<RawAnswer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) };
}

/** Creates a PaymentIntent, marks it paid through the admin route and returns its charge id. */
export async function createPaidCharge(
  stripe: Stripe,
  baseUrl: string,
  amount: number,
): Promise<{ paymentIntentId: string; chargeId: string }> {
  const intent = await stripe.paymentIntents.create({ amount, currency: 'usd' });
  const { event } = await succeedPaymentIntent(baseUrl, intent.id);
  const chargeId = event.data.object.latest_charge;
  if (chargeId === null) throw new Error('succeeded intent has no charge');
  return { paymentIntentId: intent.id, chargeId };
}

/** Seeds a connected account and a paid charge, the usual precondition of a payout. */
export async function seedPayoutPreconditions(
  stripe: Stripe,
  baseUrl: string,
  amount = 10_000,
): Promise<{ accountId: string; chargeId: string; paymentIntentId: string }> {
  const account = await createConnectedAccount(baseUrl);
  const paid = await createPaidCharge(stripe, baseUrl, amount);
  return { accountId: account.id, ...paid };
}
