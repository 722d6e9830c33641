import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clearStripeFaults,
  configureStripe,
  createConnectedAccount,
  getStripeState,
  injectStripeFault,
  resetStripe,
} from '../../../tools/stand-ins/admin-client';
import { startStripeStandIn, type StripeFaultSpec } from '../../../tools/stand-ins/stripe';
import {
  createStripeClient,
  getPath,
  postForm,
  seedPayoutPreconditions,
} from './stripe-test-helpers';

type RunningStandIn = Awaited<ReturnType<typeof startStripeStandIn>>;

let standIn: RunningStandIn;
let stripe: Stripe;
let transferForm: Record<string, string>;

beforeAll(async () => {
  standIn = await startStripeStandIn({ webhookSecret: 'whsec_unit' });
  stripe = createStripeClient(standIn.port);
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(async () => {
  await resetStripe(standIn.url);
  const { accountId, chargeId } = await seedPayoutPreconditions(stripe, standIn.url);
  transferForm = {
    amount: '2500',
    currency: 'usd',
    destination: accountId,
    source_transaction: chargeId,
  };
});

async function postTransfer(idempotencyKey: string) {
  return postForm(standIn.url, '/v1/transfers', transferForm, { idempotencyKey });
}

async function transferCount(): Promise<number> {
  return (await getStripeState(standIn.url)).transfers.length;
}

describe('faults that prevent the effect', () => {
  it('answers 429 rate_limit for the next N calls, then recovers', async () => {
    await injectStripeFault(standIn.url, { endpoint: 'transfers', kind: '429', count: 1 });
    const params = { amount: 100, currency: 'usd', destination: transferForm.destination };
    const error = await stripe.transfers.create(params).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect((error as Stripe.errors.StripeError).code).toBe('rate_limit');
    await expect(stripe.transfers.create(params)).resolves.toMatchObject({ object: 'transfer' });
    const state = await getStripeState(standIn.url);
    expect(state.requestCounts.transfers).toMatchObject({ total: 2, faulted: 1 });
    expect(state.transfers).toHaveLength(1);
  });

  it('answers 500 api_error without saving the key, so a same-key retry performs the effect once', async () => {
    await injectStripeFault(standIn.url, { endpoint: 'transfers', kind: '500', count: 1 });
    const failed = await postTransfer('payout-500');
    expect(failed.status).toBe(500);
    expect(failed.json.error?.type).toBe('api_error');
    expect(await transferCount()).toBe(0);
    const retried = await postTransfer('payout-500');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await transferCount()).toBe(1);
  });

  it('holds a timeout-faulted request for delayMs, then drops the connection without effect', async () => {
    await injectStripeFault(standIn.url, {
      endpoint: 'transfers',
      kind: 'timeout',
      count: 1,
      delayMs: 150,
    });
    const started = Date.now();
    await expect(postTransfer('payout-timeout')).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(await transferCount()).toBe(0);
    const retried = await postTransfer('payout-timeout');
    expect(retried.status).toBe(200);
    expect(await transferCount()).toBe(1);
  });

  it('fires a fault with no count or probability on every match until cleared', async () => {
    await injectStripeFault(standIn.url, { endpoint: '*', kind: '500' });
    const answers = await Promise.all(
      [1, 2, 3].map(() => getPath(standIn.url, `/v1/accounts/${transferForm.destination}`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([500, 500, 500]);
    await clearStripeFaults(standIn.url);
    expect((await getPath(standIn.url, `/v1/accounts/${transferForm.destination}`)).status).toBe(
      200,
    );
  });

  it('restricts a fault to one method when asked', async () => {
    await injectStripeFault(standIn.url, { endpoint: 'transfers', kind: '500', method: 'POST' });
    expect((await getPath(standIn.url, '/v1/transfers?limit=3')).status).toBe(200);
    expect((await postTransfer('payout-method')).status).toBe(500);
  });
});

describe('faults after the effect', () => {
  it('effect_then_500: the transfer exists and a same-key retry replays the success', async () => {
    await injectStripeFault(standIn.url, {
      endpoint: 'transfers',
      kind: 'effect_then_500',
      count: 1,
    });
    const failed = await postTransfer('payout-crash');
    expect(failed.status).toBe(500);
    const [created] = (await getStripeState(standIn.url)).transfers;
    expect(created).toBeDefined();
    const retried = await postTransfer('payout-crash');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.json.id).toBe(created.id);
    const state = await getStripeState(standIn.url);
    expect(state.transfers).toHaveLength(1);
    expect(state.requestCounts.transfers).toMatchObject({ faulted: 1, replayed: 1 });
  });

  it('effect_then_500 behind the SDK: its automatic same-key retry returns the one transfer', async () => {
    await injectStripeFault(standIn.url, {
      endpoint: 'transfers',
      kind: 'effect_then_500',
      count: 1,
    });
    const retrying = createStripeClient(standIn.port, { maxNetworkRetries: 1 });
    const transfer = await retrying.transfers.create({
      amount: 900,
      currency: 'usd',
      destination: transferForm.destination,
    });
    const state = await getStripeState(standIn.url);
    expect(state.transfers.map((t) => t.id)).toEqual([transfer.id]);
    expect(state.requestCounts.transfers.replayed).toBe(1);
  });

  it('effect_then_drop: the client sees a dropped connection but the transfer was made once', async () => {
    await injectStripeFault(standIn.url, {
      endpoint: 'transfers',
      kind: 'effect_then_drop',
      count: 1,
    });
    await expect(postTransfer('payout-drop')).rejects.toThrow();
    expect(await transferCount()).toBe(1);
    const retried = await postTransfer('payout-drop');
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await transferCount()).toBe(1);
  });

  it('effect_then_drop behind the SDK: even with retries off it retries a reset once, with the same key', async () => {
    await injectStripeFault(standIn.url, {
      endpoint: 'transfers',
      kind: 'effect_then_drop',
      count: 1,
    });
    const transfer = await stripe.transfers.create({
      amount: 800,
      currency: 'usd',
      destination: transferForm.destination,
    });
    const state = await getStripeState(standIn.url);
    expect(state.transfers.map((t) => t.id)).toEqual([transfer.id]);
    expect(state.requestCounts.transfers).toMatchObject({ total: 2, faulted: 1, replayed: 1 });
  });
});

describe('probabilistic faults and rate limiting', () => {
  async function recordPattern(fault: StripeFaultSpec): Promise<number[]> {
    await resetStripe(standIn.url);
    await createConnectedAccount(standIn.url, { id: 'acct_probe' });
    await injectStripeFault(standIn.url, fault);
    const statuses: number[] = [];
    for (let i = 0; i < 24; i += 1)
      statuses.push((await getPath(standIn.url, '/v1/accounts/acct_probe')).status);
    return statuses;
  }

  it('reproduces the same fault sequence for the same seed', async () => {
    const fault: StripeFaultSpec = {
      endpoint: 'accounts',
      kind: '500',
      probability: 0.5,
      seed: 42,
    };
    const first = await recordPattern(fault);
    const second = await recordPattern(fault);
    const otherSeed = await recordPattern({ ...fault, seed: 7 });
    expect(second).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500]));
    expect(otherSeed).not.toEqual(first);
  });

  it('limits requests per endpoint per second when configured', async () => {
    await configureStripe(standIn.url, { rateLimitPerSecond: 2 });
    const path = `/v1/accounts/${transferForm.destination}`;
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await getPath(standIn.url, path)).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await getPath(standIn.url, '/v1/transfers')).status).toBe(200);
    expect((await getStripeState(standIn.url)).requestCounts.accounts.rateLimited).toBe(1);
  });
});
