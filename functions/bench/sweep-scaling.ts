/**
 * Sweep scaling: the 15-minute sweep over 20,000 escrow payments of which 200 are due, against
 * the same sweep over 2,000 with 200 due, in one run. Every escrow has its timer, as the writers
 * leave them: due ones in a past slot, the others in future slots. The sweep reads only past
 * slots, so the ratio should stay near 1 (target ≤ 1.5).
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';

import { TIMER_SLOT_MS, slotCollectionPath, slotOf } from '../src/domain/escrow-timers';
import { SWEEP_STATE, runSweep } from '../src/processors/run-sweep';
import { countingServices, isolatedDb, median, seedDocuments, timeIt } from './support';

const DUE = 200;
const RUNS = 7;

function escrowAt(index: number, due: boolean) {
  const hour = 3_600_000;
  const statuses = ['released', 'refunded', 'held', 'release_scheduled'] as const;
  const status = due ? 'release_scheduled' : statuses[index % statuses.length];
  return {
    id: `escrow-${index.toString(36)}-${(index * 7919) % 10007}`,
    data: {
      bountyId: `bounty-${index}`,
      businessId: 'business-1',
      amountCents: 1_000,
      currency: 'usd',
      paymentIntentId: `pi_${index}`,
      status,
      // Not due: releases scheduled in the future, held escrows whose deadline is ahead.
      releaseAt: Timestamp.fromMillis(Date.now() + (due ? -hour : 24 * hour)),
      bountyDeadline: Timestamp.fromMillis(Date.now() + 7 * 24 * hour),
      moneyAttempts: 0,
    },
  };
}

async function seedEscrows(db: Firestore, total: number): Promise<void> {
  await seedDocuments(db, 'escrowPayments', total, (index) => escrowAt(index, index < DUE));
  const slots = new Map<number, number[]>();
  for (let index = DUE; index < total; index += 1) {
    const slot = slotOf(Date.now()) + 1 + (index % 96); // spread over the next day
    slots.set(slot, [...(slots.get(slot) ?? []), index]);
  }
  await Promise.all(
    [...slots].map(([slot, indexes]) =>
      seedDocuments(db, slotCollectionPath(slot), indexes.length, (n) => {
        const escrow = escrowAt(indexes[n] as number, false);
        return {
          id: `${escrow.id}_release`,
          data: {
            escrowPaymentId: escrow.id,
            kind: 'release',
            dueAt: Timestamp.fromMillis(slot * TIMER_SLOT_MS),
            slot,
          },
        };
      }),
    ),
  );
}

/** Puts the due timers back in a past slot and forgets the sweep's progress, before each run. */
async function armDueTimers(db: Firestore): Promise<void> {
  const slot = slotOf(Date.now()) - 1;
  await db.collection(SWEEP_STATE).doc('escrowTimers').delete();
  await seedDocuments(db, slotCollectionPath(slot), DUE, (index) => {
    const escrow = escrowAt(index, true);
    return {
      id: `${escrow.id}_release`,
      data: {
        escrowPaymentId: escrow.id,
        kind: 'release',
        dueAt: Timestamp.fromMillis(slot * TIMER_SLOT_MS),
        slot,
      },
    };
  });
}

async function timeSweep(db: Firestore): Promise<{ ms: number; enqueued: number }> {
  await armDueTimers(db);
  const services = countingServices(db);
  const ms = await timeIt(() => runSweep(services));
  return { ms, enqueued: services.enqueued() };
}

/** Alternates the two databases run by run, so machine noise hits both alike. */
async function timeSweeps(small: Firestore, large: Firestore) {
  const smallRuns: number[] = [];
  const largeRuns: number[] = [];
  let enqueued = { small: 0, large: 0 };
  for (let run = 0; run < RUNS; run += 1) {
    const a = await timeSweep(small);
    const b = await timeSweep(large);
    smallRuns.push(a.ms);
    largeRuns.push(b.ms);
    enqueued = { small: a.enqueued, large: b.enqueued };
  }
  return { small: median(smallRuns), large: median(largeRuns), enqueued };
}

export async function runSweepBenchmark(): Promise<{ ratio: number }> {
  const small = isolatedDb('sweep-small');
  const large = isolatedDb('sweep-large');
  const seeding = await timeIt(() =>
    Promise.all([seedEscrows(small, 2_000), seedEscrows(large, 20_000)]),
  );

  const timed = await timeSweeps(small, large);
  const ratio = timed.large / timed.small;
  console.log(
    `sweep: 20,000 escrows (200 due) ${timed.large.toFixed(0)} ms vs 2,000 escrows (200 due) ` +
      `${timed.small.toFixed(0)} ms → ratio ${ratio.toFixed(2)} (target ≤ 1.5); ` +
      `${timed.enqueued.large}/${timed.enqueued.small} releases enqueued per run; median of ` +
      `${RUNS} alternating runs; seeding took ${(seeding / 1000).toFixed(1)} s`,
  );
  return { ratio };
}

if (require.main === module) {
  runSweepBenchmark().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
