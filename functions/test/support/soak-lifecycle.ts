/**
 * One bounty lifecycle of the soak test, driven as the platform would see it: trigger deliveries
 * (sometimes twice, sometimes at once), the Stripe webhook (sometimes repeated), submissions,
 * racing approvals, or an expiry.
 */
import { Timestamp } from 'firebase-admin/firestore';

import { handleBountyWrite, type DocumentWrite } from '../../src/processors/handle-bounty-write';
import { handleStripeEvent } from '../../src/processors/handle-stripe-event';
import { handleSubmissionWrite } from '../../src/processors/handle-submission-write';
import { startBountyFunding } from '../../src/processors/start-bounty-funding';
import { registerContent, succeedPaymentIntent } from '../../tools/stand-ins/admin-client';
import { buildBounty } from './builders';
import type { Random } from './prng';
import { OEMBED_URL, STRIPE_URL } from './services';
import type { SoakWorld } from './soak-world';
import { makeBountyOverdue } from './time-travel';

export type SoakPath = 'payout' | 'expire' | 'rejected_then_expire';

export interface SoakLifecycle {
  bountyId: string;
  paymentIntentId: string;
  fundedCents: number;
  path: SoakPath;
  approvals: number;
}

/** Delivers a document write to its handler once, twice in a row, or twice at once. */
async function deliver(
  random: Random,
  handler: (write: DocumentWrite) => Promise<void>,
  write: DocumentWrite,
): Promise<void> {
  const roll = random.next();
  if (roll < 0.15) await Promise.all([handler(write), handler(write)]);
  else if (roll < 0.3) {
    await handler(write);
    await handler(write);
  } else await handler(write);
}

function write(
  collection: string,
  id: string,
  before: object | null,
  after: object,
): DocumentWrite {
  return {
    eventId: `${collection}-${id}-${Math.random()}`,
    path: `${collection}/${id}`,
    docId: id,
    before: before ? { ...before } : undefined,
    after: { ...after },
    occurredAt: new Date(),
  };
}

export async function startLifecycle(world: SoakWorld, random: Random, index: number) {
  const services = world.services();
  const bountyId = `soak-bounty-${index}-${Math.floor(random.next() * 1e9)}`;
  const businessId = random.pick(world.businesses);
  const draft = buildBounty({ businessId, rewardCents: 500 + random.int(20_000) });
  await world.db.collection('bounties').doc(bountyId).set(draft);
  await deliver(
    random,
    (w) => handleBountyWrite(w, services),
    write('bounties', bountyId, null, draft),
  );

  const funding = await startBountyFunding(bountyId, businessId, services);
  await succeedPaymentIntent(STRIPE_URL, funding.paymentIntentId);
  const intent = await world.payments.retrievePaymentIntent(funding.paymentIntentId);
  const event = {
    id: `evt_soak_${bountyId}`,
    type: 'payment_intent.succeeded',
    created: Math.floor(Date.now() / 1000),
    object: {
      id: intent.id,
      amount: intent.amount,
      amount_received: intent.amount,
      currency: intent.currency,
      latest_charge: intent.latestChargeId,
      metadata: intent.metadata,
    },
  };
  await handleStripeEvent(event, services);
  if (random.chance(0.3)) await handleStripeEvent(event, services);
  const active = (await world.db.collection('bounties').doc(bountyId).get()).data() ?? {};
  await deliver(
    random,
    (w) => handleBountyWrite(w, services),
    write('bounties', bountyId, { ...active, status: 'funding' }, active),
  );

  const roll = random.next();
  const path: SoakPath = roll < 0.65 ? 'payout' : roll < 0.9 ? 'expire' : 'rejected_then_expire';
  const lifecycle = {
    bountyId,
    paymentIntentId: intent.id,
    fundedCents: intent.amount,
    path,
    approvals: 0,
  };
  const submissions = path === 'expire' ? 0 : 1 + random.int(3);
  for (let n = 0; n < submissions; n += 1) {
    await submit(world, random, bountyId, path === 'payout');
  }
  if (path !== 'payout')
    await makeBountyOverdue(bountyId, String(active.escrowPaymentId), world.db);
  return lifecycle;
}

async function submit(world: SoakWorld, random: Random, bountyId: string, good: boolean) {
  const services = world.services();
  const url = `https://www.tiktok.com/@soak/video/${Math.floor(random.next() * 1e12)}`;
  await registerContent(OEMBED_URL, {
    url,
    caption: good ? 'so good #acme @acme' : 'no tags here',
  });
  const submissionId = `soak-sub-${Math.floor(random.next() * 1e12)}`;
  const doc = {
    bountyId,
    creatorId: random.pick(world.creators),
    contentLinks: [url],
    status: 'submitted',
    createdAt: Timestamp.now(),
  };
  await world.db.collection('submissions').doc(submissionId).set(doc);
  await deliver(
    random,
    (w) => handleSubmissionWrite(w, services),
    write('submissions', submissionId, null, doc),
  );
}

/** Approves one verified submission of the bounty, or two at the same moment. */
export async function approve(world: SoakWorld, random: Random, lifecycle: SoakLifecycle) {
  const services = world.services();
  const verified = await world.db
    .collection('submissions')
    .where('bountyId', '==', lifecycle.bountyId)
    .where('status', '==', 'verified')
    .get();
  const chosen = verified.docs.slice(0, random.chance(0.3) ? 2 : 1);
  lifecycle.approvals = chosen.length;
  await Promise.all(
    chosen.map(async (doc) => {
      const before = doc.data();
      const after = { ...before, status: 'approved' };
      await doc.ref.update({ status: 'approved' });
      await deliver(
        random,
        (w) => handleSubmissionWrite(w, services),
        write('submissions', doc.id, before, after),
      );
    }),
  );
}
