import type { OEmbedFaultSpec, RegisteredContent } from './oembed';
import type { StoredEnvelope, StoredItem } from './sentry';
import type { SettlementResult, StripeFaultSpec, StripeStateSnapshot } from './stripe';
import type { StripeAccount } from './stripe/objects';

/** Options of {@link createConnectedAccount}; every flag defaults to true. */
export interface ConnectedAccountOptions {
  id?: string;
  payoutsEnabled?: boolean;
  chargesEnabled?: boolean;
  /** False gives the account an inactive `transfers` capability, so transfers to it are refused. */
  transfersEnabled?: boolean;
}

/** Calls an admin route and returns its JSON, throwing with the server's message on non-2xx. */
async function callAdmin<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} failed with ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Clears all Stripe stand-in data, idempotency keys, faults and counters. */
export async function resetStripe(baseUrl: string): Promise<void> {
  await callAdmin(baseUrl, 'POST', '/__admin/reset');
}

/** Creates (or updates) a connected account that transfers can target. */
export async function createConnectedAccount(
  baseUrl: string,
  options: ConnectedAccountOptions = {},
): Promise<StripeAccount> {
  return callAdmin(baseUrl, 'POST', '/__admin/accounts', options);
}

/** Adds an injected fault to the Stripe stand-in. */
export async function injectStripeFault(baseUrl: string, fault: StripeFaultSpec): Promise<void> {
  await callAdmin(baseUrl, 'POST', '/__admin/faults', fault);
}

/** Removes every injected Stripe fault. */
export async function clearStripeFaults(baseUrl: string): Promise<void> {
  await callAdmin(baseUrl, 'DELETE', '/__admin/faults');
}

/** Reads all Stripe stand-in objects, events and per-endpoint request counters. */
export async function getStripeState(baseUrl: string): Promise<StripeStateSnapshot> {
  return callAdmin(baseUrl, 'GET', '/__admin/state');
}

/** Simulates the customer paying: the intent succeeds and `payment_intent.succeeded` is delivered. */
export async function succeedPaymentIntent(baseUrl: string, id: string): Promise<SettlementResult> {
  return callAdmin(baseUrl, 'POST', `/__admin/payment_intents/${encodeURIComponent(id)}/succeed`);
}

/** Simulates a declined payment: `payment_intent.payment_failed` is delivered. */
export async function failPaymentIntent(baseUrl: string, id: string): Promise<SettlementResult> {
  return callAdmin(baseUrl, 'POST', `/__admin/payment_intents/${encodeURIComponent(id)}/fail`);
}

/** Points webhook deliveries at `url` (undefined stops them), optionally changing the signing secret. */
export async function setStripeWebhook(
  baseUrl: string,
  url: string | undefined,
  secret?: string,
): Promise<void> {
  await callAdmin(baseUrl, 'POST', '/__admin/webhook', { url, secret });
}

/** Changes simulated latency or the per-endpoint rate limit (null turns limiting off). */
export async function configureStripe(
  baseUrl: string,
  config: { latencyMs?: number; rateLimitPerSecond?: number | null },
): Promise<void> {
  await callAdmin(baseUrl, 'POST', '/__admin/config', config);
}

/** Registers a post whose oEmbed answer carries `caption` as its title. */
export async function registerContent(
  oembedUrl: string,
  content: { url: string; caption: string; authorName?: string },
): Promise<RegisteredContent> {
  return callAdmin(oembedUrl, 'POST', '/__admin/content', content);
}

/** Unregisters a post, so its oEmbed lookups answer 404 as if it had been deleted. */
export async function removeContent(oembedUrl: string, url: string): Promise<boolean> {
  const path = `/__admin/content?url=${encodeURIComponent(url)}`;
  const { removed } = await callAdmin<{ removed: boolean }>(oembedUrl, 'DELETE', path);
  return removed;
}

/** Adds an injected fault to the oEmbed stand-in. */
export async function injectOEmbedFault(oembedUrl: string, fault: OEmbedFaultSpec): Promise<void> {
  await callAdmin(oembedUrl, 'POST', '/__admin/faults', fault);
}

/** Removes every injected oEmbed fault. */
export async function clearOEmbedFaults(oembedUrl: string): Promise<void> {
  await callAdmin(oembedUrl, 'DELETE', '/__admin/faults');
}

/** Clears registered content, faults and counters of the oEmbed stand-in. */
export async function resetOEmbed(oembedUrl: string): Promise<void> {
  await callAdmin(oembedUrl, 'POST', '/__admin/reset');
}

/** Per-platform request counters and registered content of the oEmbed stand-in. */
export async function getOEmbedState(oembedUrl: string): Promise<{
  requestCounts: Record<
    string,
    { total: number; faulted: number; served: number; notFound: number }
  >;
  content: RegisteredContent[];
}> {
  return callAdmin(oembedUrl, 'GET', '/__admin/state');
}

/** Every item received by the Sentry stand-in, optionally only those of one type (e.g. `event`). */
export async function getSentryItems(sentryUrl: string, type?: string): Promise<StoredItem[]> {
  const query = type === undefined ? '' : `?type=${encodeURIComponent(type)}`;
  const { items } = await callAdmin<{ items: StoredItem[] }>(
    sentryUrl,
    'GET',
    `/__admin/items${query}`,
  );
  return items;
}

/** Every envelope received by the Sentry stand-in, with its items. */
export async function getSentryEnvelopes(sentryUrl: string): Promise<StoredEnvelope[]> {
  const { envelopes } = await callAdmin<{ envelopes: StoredEnvelope[] }>(
    sentryUrl,
    'GET',
    '/__admin/envelopes',
  );
  return envelopes;
}

/** Forgets everything the Sentry stand-in received. */
export async function resetSentry(sentryUrl: string): Promise<void> {
  await callAdmin(sentryUrl, 'POST', '/__admin/reset');
}
