/**
 * Randomised soak: at least 100 bounty lifecycles with duplicate and concurrent deliveries,
 * racing approvals, Stripe faults (429, 500, and effects whose answer was lost) and crash
 * injections (an escrow rolled back to `releasing`/`refunding` with an expired lease after Stripe
 * moved the money), then a drain through the sweep; then the invariants. Reproducible from
 * SOAK_SEED; bounded by SOAK_LIFECYCLES and SOAK_TIME_BUDGET_MS.
 *
 * It runs against the Firestore emulator (a database of its own) and the Stripe and oEmbed
 * stand-ins, with the real processors, trigger handlers, task runtime and sweep; Cloud Tasks
 * delivery is simulated so duplicates and races can be forced (see support/sim-queue.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Timestamp } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { runSweep } from '../../src/processors/run-sweep';
import { scheduleEscrowTimer } from '../../src/processors/escrow-timer-store';
import {
  clearStripeFaults,
  getStripeState,
  injectStripeFault,
  setStripeWebhook,
} from '../../tools/stand-ins/admin-client';
import { requireEmulators } from '../support/emulator';
import { installOperationCounter, operationCounts } from '../support/op-counter';
import { seededRandom, type Random } from '../support/prng';
import { STRIPE_URL } from '../support/services';
import { approve, startLifecycle, type SoakLifecycle } from '../support/soak-lifecycle';
import {
  deadLettersExplained,
  escrowsTerminal,
  moneyBalances,
  noDoubleMovement,
  notificationsOnce,
} from '../support/soak-invariants';
import { createSoakWorld, type SoakWorld } from '../support/soak-world';
import { makeBountyOverdue } from '../support/time-travel';

const SEED = Number(process.env.SOAK_SEED ?? 20261203);
const LIFECYCLES = Number(process.env.SOAK_LIFECYCLES ?? 100);
const TIME_BUDGET_MS = Number(process.env.SOAK_TIME_BUDGET_MS ?? 420_000);
const BATCH = 10;

/** Straight to stdout: the integration suite only shows console output of failed tests. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function injectFaults(seed: number) {
  await injectStripeFault(STRIPE_URL, {
    endpoint: 'transfers',
    method: 'POST',
    kind: '500',
    probability: 0.12,
    seed,
  });
  await injectStripeFault(STRIPE_URL, {
    endpoint: 'refunds',
    method: 'POST',
    kind: '429',
    probability: 0.12,
    seed: seed + 1,
  });
  await injectStripeFault(STRIPE_URL, {
    endpoint: 'transfers',
    method: 'POST',
    kind: 'effect_then_500',
    probability: 0.05,
    seed: seed + 2,
  });
  await injectStripeFault(STRIPE_URL, {
    endpoint: 'transfers',
    method: 'GET',
    kind: '429',
    probability: 0.1,
    seed: seed + 3,
  });
}

/** Simulates a crash after Stripe moved the money and before Firestore recorded it. */
async function injectCrashes(world: SoakWorld, random: Random): Promise<number> {
  const done = await world.db
    .collection('escrowPayments')
    .where('status', 'in', ['released', 'refunded'])
    .get();
  let crashes = 0;
  for (const escrow of done.docs) {
    if (escrow.get('crashInjected') || !random.chance(0.15)) continue;
    const released = escrow.get('status') === 'released';
    const expired = new Date(Date.now() - 1_000);
    const batch = world.db.batch();
    batch.update(escrow.ref, {
      status: released ? 'releasing' : 'refunding',
      leaseExpiresAt: Timestamp.fromDate(expired),
      transferId: null,
      refundId: null,
      crashInjected: true,
    });
    if (released)
      batch.update(world.db.collection('bounties').doc(escrow.get('bountyId')), {
        status: 'active',
      });
    scheduleEscrowTimer(batch, world.db, {
      escrowPaymentId: escrow.id,
      kind: 'lease',
      dueAt: expired,
    });
    await batch.commit();
    crashes += 1;
  }
  return crashes;
}

/** Drains the queue and runs the sweep until nothing is left to do. */
async function settle(world: SoakWorld, random: Random, crashRounds: number) {
  let crashes = 0;
  for (let round = 0; round < 12; round += 1) {
    await world.queue.drain(world.services);
    if (round < crashRounds) crashes += await injectCrashes(world, random);
    const report = await runSweep(world.services());
    const swept = report.releasesEnqueued + report.movementsRedriven + report.refundsEnqueued;
    if (world.queue.size === 0 && swept === 0 && round >= crashRounds) break;
  }
  return crashes;
}

/**
 * The processors log every step through firebase-functions' logger, which writes to the console;
 * at this volume that would bury the test output, so it is muted here.
 */
function silenceLogs(): void {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation(() => undefined);
  }
}

beforeAll(silenceLogs);

describe('soak', () => {
  const lifecycles: SoakLifecycle[] = [];
  afterAll(async () => {
    await clearStripeFaults(STRIPE_URL);
    await setStripeWebhook(STRIPE_URL, process.env.STRIPE_WEBHOOK_URL);
  });

  it(
    `keeps every invariant over ${LIFECYCLES} randomised lifecycles (seed ${SEED})`,
    async () => {
      requireEmulators();
      installOperationCounter();
      const random = seededRandom(SEED);
      const started = Date.now();
      const world = await createSoakWorld(SEED, random);
      const before = { ops: operationCounts(), stripe: await getStripeState(STRIPE_URL) };
      // The soak delivers webhook events itself, into its own database; the stand-in's delivery to
      // the Functions emulator would only queue behind it.
      await setStripeWebhook(STRIPE_URL, undefined);
      await injectFaults(SEED);

      for (let index = 0; index < LIFECYCLES; index += BATCH) {
        if (Date.now() - started > TIME_BUDGET_MS)
          throw new Error(`soak over its time budget at ${index}`);
        const batch = await Promise.all(
          Array.from({ length: Math.min(BATCH, LIFECYCLES - index) }, (_, n) =>
            // A generator per lifecycle: concurrent lifecycles would otherwise draw from one
            // sequence in whatever order their awaits resume, and the run would not repeat.
            startLifecycle(world, seededRandom(SEED * 1_000 + index + n), index + n),
          ),
        );
        lifecycles.push(...batch);
        say(`soak: ${lifecycles.length} lifecycles started after ${Date.now() - started} ms`);
        await world.queue.drain(world.services);
        for (const lifecycle of batch.filter((l) => l.path === 'payout'))
          await approve(world, random, lifecycle);
        for (const lifecycle of batch.filter((l) => l.path === 'payout' && l.approvals === 0)) {
          const bounty = await world.db.collection('bounties').doc(lifecycle.bountyId).get();
          await makeBountyOverdue(
            lifecycle.bountyId,
            String(bounty.get('escrowPaymentId')),
            world.db,
          );
        }
      }
      const crashes = await settle(world, random, 2);
      await clearStripeFaults(STRIPE_URL);
      await settle(world, random, 0);

      const stripe = await getStripeState(STRIPE_URL);
      const results = [
        moneyBalances(lifecycles, stripe),
        noDoubleMovement(lifecycles, stripe),
        await escrowsTerminal(world.db),
        await deadLettersExplained(world.db),
        await notificationsOnce(world.db),
      ];
      const figures = reportFigures(
        world,
        lifecycles,
        before,
        stripe,
        crashes,
        Date.now() - started,
      );
      for (const item of results) {
        say(
          `soak invariant: ${item.name}: ${item.checked} checked, ${item.violations.length} violations${item.violations.length ? ` (${item.violations.slice(0, 5).join('; ')})` : ''}`,
        );
      }
      for (const item of results) expect(item.violations, item.name).toEqual([]);
      expect(lifecycles).toHaveLength(LIFECYCLES);
      expect(figures.crashesInjected).toBeGreaterThan(0);
    },
    TIME_BUDGET_MS + 180_000,
  );
});

function reportFigures(
  world: SoakWorld,
  lifecycles: SoakLifecycle[],
  before: {
    ops: ReturnType<typeof operationCounts>;
    stripe: Awaited<ReturnType<typeof getStripeState>>;
  },
  stripe: Awaited<ReturnType<typeof getStripeState>>,
  crashesInjected: number,
  durationMs: number,
) {
  const ops = operationCounts();
  const stripeCalls = (snapshot: typeof stripe) =>
    Object.values(snapshot.requestCounts).reduce((sum, counts) => sum + counts.total, 0);
  const faulted = (snapshot: typeof stripe) =>
    Object.values(snapshot.requestCounts).reduce((sum, counts) => sum + counts.faulted, 0);
  const count = lifecycles.length;
  const paths = lifecycles.reduce<Record<string, number>>(
    (acc, l) => ({ ...acc, [l.path]: (acc[l.path] ?? 0) + 1 }),
    {},
  );
  const figures = {
    seed: SEED,
    lifecycles: count,
    paths,
    racingApprovals: lifecycles.filter((l) => l.approvals === 2).length,
    crashesInjected,
    durationMs,
    perLifecycle: {
      firestoreReads: (ops.reads - before.ops.reads) / count,
      firestoreWrites: (ops.writes - before.ops.writes) / count,
      firestoreTransactions: (ops.transactions - before.ops.transactions) / count,
      tasksEnqueued: world.queue.stats.enqueued / count,
      taskDeliveries: world.queue.stats.deliveries / count,
      stripeCalls: (stripeCalls(stripe) - stripeCalls(before.stripe)) / count,
    },
    tasksByType: world.queue.stats.byType,
    duplicateEnqueuesDropped: world.queue.stats.duplicateEnqueues,
    stripeFaultsInjected: faulted(stripe) - faulted(before.stripe),
  };
  say(`soak figures: ${JSON.stringify(figures)}`);
  const dir = resolve(__dirname, '../../../.cache/reports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'soak-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  return figures;
}
