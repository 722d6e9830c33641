import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  configureStripe,
  createConnectedAccount,
  getStripeState,
  resetStripe,
} from '../../../tools/stand-ins/admin-client';
import { startStripeStandIn } from '../../../tools/stand-ins/stripe';
import {
  createPaidCharge,
  createStripeClient,
  getPath,
  postForm,
  seedPayoutPreconditions,
} from './stripe-test-helpers';

type RunningStandIn = Awaited<ReturnType<typeof startStripeStandIn>>;

let standIn: RunningStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn({ webhookSecret: 'whsec_unit' });
  stripe = createStripeClient(standIn.port);
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(async () => {
  await resetStripe(standIn.url);
});

async function expectStripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  return error as Stripe.errors.StripeError;
}

describe('authentication and request parsing', () => {
  it('answers 401 in Stripe error shape without an API key', async () => {
    const answer = await postForm(
      standIn.url,
      '/v1/payment_intents',
      { amount: '100' },
      { apiKey: null },
    );
    expect(answer.status).toBe(401);
    expect(answer.json.error?.type).toBe('invalid_request_error');
    expect(answer.json.error?.message).toMatch(/did not provide an API key/);
  });

  it('rejects unknown and invalid parameters like Stripe', async () => {
    const unknown = await expectStripeError(
      stripe.paymentIntents.create({ amount: 100, currency: 'usd', colour: 'red' } as never),
    );
    expect(unknown.code).toBe('parameter_unknown');
    expect(unknown.param).toBe('colour');
    const zero = await expectStripeError(
      stripe.paymentIntents.create({ amount: 0, currency: 'usd' }),
    );
    expect(zero.statusCode).toBe(400);
    expect(zero.param).toBe('amount');
  });
});

describe('payment intents', () => {
  it('creates and retrieves an intent with nested form params', async () => {
    const created = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'USD',
      metadata: { bountyId: 'b1', brandId: 'brand9' },
      transfer_group: 'bounty_b1',
      automatic_payment_methods: { enabled: true },
      description: 'Bounty b1',
    });
    expect(created.id).toMatch(/^pi_\w{24}$/);
    expect(created).toMatchObject({
      object: 'payment_intent',
      status: 'requires_payment_method',
      currency: 'usd',
      metadata: { bountyId: 'b1', brandId: 'brand9' },
      transfer_group: 'bounty_b1',
      automatic_payment_methods: { enabled: true },
      livemode: false,
    });
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_`));
    expect(Math.abs(created.created - Date.now() / 1000)).toBeLessThan(5);
    const retrieved = await stripe.paymentIntents.retrieve(created.id);
    expect(retrieved).toEqual(created);
  });

  it('answers 404 resource_missing for an unknown intent', async () => {
    const error = await expectStripeError(stripe.paymentIntents.retrieve('pi_nope'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });
});

describe('idempotency', () => {
  const form = { amount: '1200', currency: 'usd', 'metadata[bountyId]': 'b7' };

  it('replays the first response byte-for-byte for the same key and params', async () => {
    const first = await postForm(standIn.url, '/v1/payment_intents', form, {
      idempotencyKey: 'k-1',
    });
    const reordered = { 'metadata[bountyId]': 'b7', currency: 'usd', amount: '1200' };
    const second = await postForm(standIn.url, '/v1/payment_intents', reordered, {
      idempotencyKey: 'k-1',
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const state = await getStripeState(standIn.url);
    expect(state.paymentIntents).toHaveLength(1);
    expect(state.requestCounts.payment_intents).toMatchObject({ total: 2, replayed: 1 });
  });

  it('replays stored errors too, once the endpoint has executed', async () => {
    const body = { amount: '100', currency: 'usd', destination: 'acct_ghost' };
    const first = await postForm(standIn.url, '/v1/transfers', body, { idempotencyKey: 'k-err' });
    await createConnectedAccount(standIn.url, { id: 'acct_ghost' });
    const second = await postForm(standIn.url, '/v1/transfers', body, { idempotencyKey: 'k-err' });
    expect(first.status).toBe(400);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });

  it('does not save parameter-validation failures under the key', async () => {
    const bad = await postForm(
      standIn.url,
      '/v1/payment_intents',
      { amount: 'x', currency: 'usd' },
      { idempotencyKey: 'k-v' },
    );
    expect(bad.status).toBe(400);
    const good = await postForm(standIn.url, '/v1/payment_intents', form, {
      idempotencyKey: 'k-v',
    });
    expect(good.status).toBe(200);
    expect(good.json.object).toBe('payment_intent');
  });

  it('rejects the same key with different params as idempotency_error', async () => {
    await stripe.paymentIntents.create({ amount: 500, currency: 'usd' }, { idempotencyKey: 'k-2' });
    const error = await expectStripeError(
      stripe.paymentIntents.create({ amount: 501, currency: 'usd' }, { idempotencyKey: 'k-2' }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.type).toBe('StripeIdempotencyError');
    expect(error.statusCode).toBe(400);
    expect((await getStripeState(standIn.url)).paymentIntents).toHaveLength(1);
  });

  it('scopes keys per API key', async () => {
    await postForm(standIn.url, '/v1/payment_intents', form, { idempotencyKey: 'shared' });
    const other = await postForm(standIn.url, '/v1/payment_intents', form, {
      idempotencyKey: 'shared',
      apiKey: 'sk_test_other_platform',
    });
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect((await getStripeState(standIn.url)).paymentIntents).toHaveLength(2);
  });

  it('lets only one of two concurrent same-key requests perform the effect', async () => {
    const { accountId, chargeId } = await seedPayoutPreconditions(stripe, standIn.url);
    await configureStripe(standIn.url, { latencyMs: 150 });
    const body = {
      amount: '700',
      currency: 'usd',
      destination: accountId,
      source_transaction: chargeId,
    };
    const answers = await Promise.all([
      postForm(standIn.url, '/v1/transfers', body, { idempotencyKey: 'payout-1' }),
      postForm(standIn.url, '/v1/transfers', body, { idempotencyKey: 'payout-1' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const conflict = answers.find((answer) => answer.status === 409);
    expect(conflict?.json.error).toMatchObject({
      type: 'idempotency_error',
      code: 'idempotency_key_in_use',
    });
    expect((await getStripeState(standIn.url)).transfers).toHaveLength(1);
  });

  it('converges concurrent SDK calls sharing a key on one transfer (the SDK retries 409)', async () => {
    const { accountId } = await seedPayoutPreconditions(stripe, standIn.url);
    await configureStripe(standIn.url, { latencyMs: 100 });
    const retrying = createStripeClient(standIn.port, { maxNetworkRetries: 3 });
    const params = { amount: 300, currency: 'usd', destination: accountId };
    const [a, b] = await Promise.all([
      retrying.transfers.create(params, { idempotencyKey: 'payout-2' }),
      retrying.transfers.create(params, { idempotencyKey: 'payout-2' }),
    ]);
    expect(a.id).toBe(b.id);
    expect((await getStripeState(standIn.url)).transfers).toHaveLength(1);
  });
});

describe('transfers', () => {
  it('lists transfers by transfer_group, newest first, with pagination', async () => {
    const { accountId } = await seedPayoutPreconditions(stripe, standIn.url);
    const make = (group: string) =>
      stripe.transfers.create({
        amount: 100,
        currency: 'usd',
        destination: accountId,
        transfer_group: group,
      });
    const older = await make('bounty_A');
    await make('bounty_B');
    const newer = await make('bounty_A');
    const page = await stripe.transfers.list({ transfer_group: 'bounty_A', limit: 1 });
    expect(page.object).toBe('list');
    expect(page.data.map((t) => t.id)).toEqual([newer.id]);
    expect(page.has_more).toBe(true);
    const all = await stripe.transfers
      .list({ transfer_group: 'bounty_A', limit: 1 })
      .autoPagingToArray({ limit: 10 });
    expect(all.map((t) => t.id)).toEqual([newer.id, older.id]);
    expect((await stripe.transfers.retrieve(older.id)).transfer_group).toBe('bounty_A');
  });

  it('answers resource_missing for an unknown destination', async () => {
    const error = await expectStripeError(
      stripe.transfers.create({ amount: 100, currency: 'usd', destination: 'acct_missing' }),
    );
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('resource_missing');
    expect(error.param).toBe('destination');
    // The SDK prefixes the request id; the server's own message follows it.
    expect(error.message).toMatch(/No such destination: 'acct_missing'$/);
  });

  it('refuses a destination whose transfers capability is inactive', async () => {
    await createConnectedAccount(standIn.url, { id: 'acct_unboarded', transfersEnabled: false });
    const error = await expectStripeError(
      stripe.transfers.create({ amount: 100, currency: 'usd', destination: 'acct_unboarded' }),
    );
    expect(error.code).toBe('insufficient_capabilities_for_transfer');
  });

  it('rejects transfers exceeding what remains of the source charge', async () => {
    const { accountId, chargeId } = await seedPayoutPreconditions(stripe, standIn.url, 1000);
    const base = { currency: 'usd', destination: accountId, source_transaction: chargeId };
    const first = await stripe.transfers.create({ ...base, amount: 600 });
    expect(first.source_transaction).toBe(chargeId);
    const tooMuch = await expectStripeError(stripe.transfers.create({ ...base, amount: 401 }));
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.rawType).toBe('invalid_request_error');
    await stripe.transfers.create({ ...base, amount: 400 });
    const unknown = await expectStripeError(
      stripe.transfers.create({ ...base, amount: 1, source_transaction: 'ch_nope' }),
    );
    expect(unknown.rawType).toBe('invalid_request_error');
    expect(unknown.param).toBe('source_transaction');
    expect((await getStripeState(standIn.url)).transfers).toHaveLength(2);
  });
});

describe('refunds', () => {
  it('refunds partially, then the rest, then refuses with charge_already_refunded', async () => {
    const { paymentIntentId, chargeId } = await createPaidCharge(stripe, standIn.url, 1000);
    const partial = await stripe.refunds.create({
      payment_intent: paymentIntentId,
      amount: 300,
      metadata: { reason: 'dispute' },
    });
    expect(partial).toMatchObject({
      object: 'refund',
      status: 'succeeded',
      amount: 300,
      charge: chargeId,
    });
    expect(partial.id).toMatch(/^re_/);
    const tooMuch = await expectStripeError(
      stripe.refunds.create({ payment_intent: paymentIntentId, amount: 701 }),
    );
    expect(tooMuch.code).toBe('charge_already_refunded');
    const rest = await stripe.refunds.create({ charge: chargeId });
    expect(rest.amount).toBe(700);
    const again = await expectStripeError(
      stripe.refunds.create({ payment_intent: paymentIntentId }),
    );
    expect(again.code).toBe('charge_already_refunded');
    const listed = await stripe.refunds.list({ payment_intent: paymentIntentId });
    expect(listed.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
    const charge = (await getStripeState(standIn.url)).charges[0];
    expect(charge).toMatchObject({ amount_refunded: 1000, refunded: true });
  });

  it('refuses to refund an intent that has not succeeded', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
    const error = await expectStripeError(stripe.refunds.create({ payment_intent: intent.id }));
    expect(error.code).toBe('payment_intent_unexpected_state');
  });
});

describe('connected accounts', () => {
  it('retrieves seeded accounts and refuses unknown ones with 403', async () => {
    await createConnectedAccount(standIn.url, { id: 'acct_creator1', payoutsEnabled: false });
    const account = await stripe.accounts.retrieve('acct_creator1');
    expect(account).toMatchObject({
      id: 'acct_creator1',
      object: 'account',
      payouts_enabled: false,
      charges_enabled: true,
    });
    const error = await expectStripeError(stripe.accounts.retrieve('acct_unknown'));
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
    const raw = await getPath(standIn.url, '/v1/accounts/acct_unknown');
    expect(raw.json.error?.code).toBe('account_invalid');
  });
});
