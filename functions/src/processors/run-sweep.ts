/**
 * The 15-minute sweep: the safety net under every event-driven path.
 *
 * 1. Releases that came due (`release_scheduled`, `releaseAt` ≤ now) are enqueued.
 * 2. Money movements whose lease expired (`releasing`/`refunding`) are re-driven; the processor
 *    reconciles with Stripe before moving any money.
 * 3. Held escrows whose bounty passed its deadline: the bounty is expired (unless a submission
 *    was approved) and the refund enqueued.
 *
 * Every step is an indexed query (see firestore.indexes.json) read page by page with a cursor,
 * so the cost follows the amount of due work, not the size of the collections; and the run stops
 * cleanly when its time budget is spent, leaving the rest to the next run. Every enqueue is
 * idempotent, so overlapping runs or a re-run do no harm.
 */
import * as logger from 'firebase-functions/logger';
import { Timestamp, type Query, type QueryDocumentSnapshot } from 'firebase-admin/firestore';

import { ESCROW_PAYMENTS } from './escrow-store';
import type { Services } from './types';

export interface SweepOptions {
  /** Stop starting new pages after this many milliseconds. */
  budgetMs: number;
  pageSize: number;
  /** Enqueues in flight at once. */
  concurrency: number;
}

export const DEFAULT_SWEEP_OPTIONS: SweepOptions = {
  budgetMs: 240_000,
  pageSize: 200,
  concurrency: 10,
};

export interface SweepReport {
  releasesEnqueued: number;
  movementsRedriven: number;
  bountiesExpired: number;
  refundsEnqueued: number;
  pagesRead: number;
  stoppedForBudget: boolean;
  durationMs: number;
}

interface SweepState {
  report: SweepReport;
  deadline: number;
  options: SweepOptions;
}

export async function runSweep(
  services: Services,
  options: SweepOptions = DEFAULT_SWEEP_OPTIONS,
): Promise<SweepReport> {
  const started = Date.now();
  const now = Timestamp.fromDate(services.clock.now());
  const escrows = services.db.collection(ESCROW_PAYMENTS);
  const state: SweepState = {
    report: {
      releasesEnqueued: 0,
      movementsRedriven: 0,
      bountiesExpired: 0,
      refundsEnqueued: 0,
      pagesRead: 0,
      stoppedForBudget: false,
      durationMs: 0,
    },
    deadline: started + options.budgetMs,
    options,
  };

  await forEachDue(
    state,
    escrows
      .where('status', '==', 'release_scheduled')
      .where('releaseAt', '<=', now)
      .orderBy('releaseAt'),
    (doc) => enqueueDueRelease(doc, services, state.report),
  );
  await forEachDue(
    state,
    escrows
      .where('status', 'in', ['releasing', 'refunding'])
      .where('leaseExpiresAt', '<=', now)
      .orderBy('leaseExpiresAt'),
    (doc) => redriveMovement(doc, services, state.report),
  );
  await forEachDue(
    state,
    escrows
      .where('status', '==', 'held')
      .where('bountyDeadline', '<=', now)
      .orderBy('bountyDeadline'),
    (doc) => expireOverdue(doc, services, state.report),
  );

  state.report.durationMs = Date.now() - started;
  logger.info('sweep.completed', { ...state.report });
  return state.report;
}

/** Pages through `query` with a cursor until it is exhausted or the budget is spent. */
async function forEachDue(
  state: SweepState,
  query: Query,
  handle: (doc: QueryDocumentSnapshot) => Promise<void>,
): Promise<void> {
  let cursor: QueryDocumentSnapshot | undefined;
  for (;;) {
    if (Date.now() >= state.deadline) {
      state.report.stoppedForBudget = true;
      return;
    }
    const page = await (cursor ? query.startAfter(cursor) : query)
      .limit(state.options.pageSize)
      .get();
    state.report.pagesRead += 1;
    await runBounded(page.docs, state.options.concurrency, handle);
    if (page.size < state.options.pageSize) return;
    cursor = page.docs[page.docs.length - 1];
  }
}

async function runBounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await work(item);
    }
  });
  await Promise.all(workers);
}

async function enqueueDueRelease(
  doc: QueryDocumentSnapshot,
  services: Services,
  report: SweepReport,
) {
  await services.enqueue({
    type: 'escrow_release',
    priority: 'high',
    dedupeKey: `release:${doc.id}`,
    context: { userId: doc.get('creatorId') ?? null, operation: 'sweep.release_due' },
    payload: { escrowPaymentId: doc.id },
  });
  report.releasesEnqueued += 1;
}

/**
 * A fresh dedupe key per expired lease: the original task may have finished (its record says so
 * and the handler would skip it), yet the escrow is still mid-movement.
 */
async function redriveMovement(
  doc: QueryDocumentSnapshot,
  services: Services,
  report: SweepReport,
) {
  const lease = (doc.get('leaseExpiresAt') as Timestamp).toMillis();
  const context = { userId: null, operation: 'sweep.redrive' };
  if (doc.get('status') === 'releasing') {
    await services.enqueue({
      type: 'escrow_release',
      priority: 'high',
      dedupeKey: `release:${doc.id}:redrive:${lease}`,
      context,
      payload: { escrowPaymentId: doc.id },
    });
  } else {
    await services.enqueue({
      type: 'escrow_refund',
      dedupeKey: `refund:${doc.id}:redrive:${lease}`,
      context,
      payload: { escrowPaymentId: doc.id, reason: 'bounty_expired' },
    });
  }
  report.movementsRedriven += 1;
}

async function expireOverdue(doc: QueryDocumentSnapshot, services: Services, report: SweepReport) {
  const { db, clock } = services;
  const bountyRef = db.collection('bounties').doc(String(doc.get('bountyId')));

  const verdict = await db.runTransaction(async (tx) => {
    const bounty = await tx.get(bountyRef);
    const ownEscrow = bounty.get('escrowPaymentId') === doc.id;
    if (!bounty.exists || !ownEscrow) return 'refund_orphan' as const;
    if (bounty.get('approvedSubmissionId')) return 'awarded' as const;
    const status = bounty.get('status');
    if (status === 'active') {
      tx.update(bountyRef, {
        status: 'expired',
        expiredAt: Timestamp.fromDate(clock.now()),
        updatedAt: Timestamp.fromDate(clock.now()),
      });
      return 'expired' as const;
    }
    return status === 'expired' || status === 'cancelled' ? ('refund' as const) : ('skip' as const);
  });

  if (verdict === 'expired') report.bountiesExpired += 1;
  if (verdict === 'awarded' || verdict === 'skip') return;
  await services.enqueue({
    type: 'escrow_refund',
    dedupeKey: `refund:${doc.id}`,
    context: { userId: doc.get('businessId') ?? null, operation: 'sweep.expire' },
    payload: {
      escrowPaymentId: doc.id,
      reason: verdict === 'refund_orphan' ? 'duplicate_payment' : 'bounty_expired',
    },
  });
  report.refundsEnqueued += 1;
}
