/**
 * The 15-minute sweep: the safety net under every event-driven path.
 *
 * It reads the escrow timers that came due (see domain/escrow-timers.ts) and, for each escrow
 * still in the state its timer watches:
 * 1. a release that came due (`release_scheduled`, `releaseAt` ≤ now) is enqueued;
 * 2. a money movement whose lease expired (`releasing`/`refunding`) is re-driven; the processor
 *    reconciles with Stripe before moving any money;
 * 3. a held escrow whose bounty passed its deadline: the bounty is expired (unless a submission
 *    was approved) and the refund enqueued.
 * Then 4. submissions still unverified long after they were made (their verification task was
 * lost or dead-lettered) get a fresh verification task.
 *
 * A handled timer is re-armed one slot later while its escrow still waits, and deleted once the
 * escrow moved on, so unfinished work is looked at again every run. Cost follows the due work:
 * only past slots are read, page by page with a cursor, and a cursor document remembers the
 * slots already cleared. The run stops cleanly when its time budget is spent, leaving the rest
 * for the next run. Every enqueue is idempotent, so overlapping runs or a re-run do no harm.
 */
import * as logger from 'firebase-functions/logger';
import {
  Timestamp,
  type DocumentSnapshot,
  type Query,
  type QueryDocumentSnapshot,
} from 'firebase-admin/firestore';

import {
  ESCROW_TIMERS,
  TIMER_SLOT_MS,
  slotCollectionPath,
  slotOf,
  timerStillWatched,
  type TimerKind,
} from '../domain/escrow-timers';
import { runBounded } from '../runtime/run-bounded';
import { ESCROW_PAYMENTS } from './escrow-store';
import { scheduleEscrowTimer } from './escrow-timer-store';
import type { Services } from './types';

export interface SweepOptions {
  /** Stop starting new pages after this many milliseconds. */
  budgetMs: number;
  pageSize: number;
  /** Enqueues in flight at once. */
  concurrency: number;
}

/** Slots read back when no sweep has recorded its progress yet (a fresh deployment). */
export const FIRST_RUN_LOOKBACK_SLOTS = 8;

export const SWEEP_STATE = 'sweepState';

/** A verification normally ends within seconds; one still open after this is stuck. */
export const STUCK_VERIFICATION_MS = 30 * 60_000;

/** 15-minute slot of `now`: one re-drive per stuck submission per sweep run. */
function redriveSlot(nowMs: number): number {
  return Math.floor(nowMs / (15 * 60_000));
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
  verificationsRedriven: number;
  timersRead: number;
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
  const state: SweepState = {
    report: {
      releasesEnqueued: 0,
      movementsRedriven: 0,
      bountiesExpired: 0,
      refundsEnqueued: 0,
      verificationsRedriven: 0,
      timersRead: 0,
      pagesRead: 0,
      stoppedForBudget: false,
      durationMs: 0,
    },
    deadline: started + options.budgetMs,
    options,
  };

  await sweepEscrowTimers(state, services);

  const stuckBefore = Timestamp.fromMillis(now.toMillis() - STUCK_VERIFICATION_MS);
  await forEachDue(
    state,
    services.db
      .collection('submissions')
      .where('status', 'in', ['submitted', 'verifying'])
      .where('createdAt', '<=', stuckBefore)
      .orderBy('createdAt'),
    (doc) => redriveVerification(doc, services, state.report),
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
): Promise<boolean> {
  let cursor: QueryDocumentSnapshot | undefined;
  for (;;) {
    if (Date.now() >= state.deadline) {
      state.report.stoppedForBudget = true;
      return false;
    }
    const page = await (cursor ? query.startAfter(cursor) : query)
      .limit(state.options.pageSize)
      .get();
    state.report.pagesRead += 1;
    await runBounded(page.docs, state.options.concurrency, handle);
    if (page.size < state.options.pageSize) return true;
    cursor = page.docs[page.docs.length - 1];
  }
}

async function enqueueDueRelease(doc: DocumentSnapshot, services: Services, report: SweepReport) {
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
async function redriveMovement(doc: DocumentSnapshot, services: Services, report: SweepReport) {
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

async function expireOverdue(doc: DocumentSnapshot, services: Services, report: SweepReport) {
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

async function redriveVerification(
  doc: QueryDocumentSnapshot,
  services: Services,
  report: SweepReport,
) {
  const slot = redriveSlot(services.clock.now().getTime());
  await services.enqueue({
    type: 'content_verification',
    dedupeKey: `submission:${doc.id}:verify:redrive:${slot}`,
    context: { userId: doc.get('creatorId') ?? null, operation: 'sweep.redrive_verification' },
    payload: { submissionId: doc.id },
  });
  report.verificationsRedriven += 1;
}

/**
 * Reads every slot from the first one not yet cleared up to the current one. Slots read
 * completely are recorded as cleared, except the current and the previous one: a writer that
 * picked its slot just before the boundary may still be committing into it.
 */
async function sweepEscrowTimers(state: SweepState, services: Services): Promise<void> {
  const { db, clock } = services;
  const stateRef = db.collection(SWEEP_STATE).doc(ESCROW_TIMERS);
  const currentSlot = slotOf(clock.now().getTime());
  const recorded = (await stateRef.get()).get('clearedThroughSlot') as number | undefined;
  const cleared = recorded ?? currentSlot - FIRST_RUN_LOOKBACK_SLOTS;
  const now = Timestamp.fromDate(clock.now());

  let clearedNow = cleared;
  for (let slot = cleared + 1; slot <= currentSlot; slot += 1) {
    const due = db.collection(slotCollectionPath(slot)).where('dueAt', '<=', now).orderBy('dueAt');
    const complete = await forEachDue(state, due, (timer) => handleTimer(timer, services, state));
    if (!complete) break;
    if (slot < currentSlot - 1) clearedNow = slot;
  }
  if (clearedNow > cleared) {
    await stateRef.set({ clearedThroughSlot: clearedNow, updatedAt: now }, { merge: true });
  }
}

/** Acts on the escrow behind a due timer, then re-arms or drops the timer. */
async function handleTimer(timer: QueryDocumentSnapshot, services: Services, state: SweepState) {
  const { db, clock } = services;
  const kind = timer.get('kind') as TimerKind;
  const escrowPaymentId = String(timer.get('escrowPaymentId'));
  const escrow = await db.collection(ESCROW_PAYMENTS).doc(escrowPaymentId).get();
  state.report.timersRead += 1;
  const watched = escrow.exists && timerStillWatched(kind, String(escrow.get('status')));

  if (watched) await actOnDueEscrow(kind, escrow, services, state.report);

  const batch = db.batch();
  batch.delete(timer.ref);
  if (watched) {
    const recheckAt = new Date(clock.now().getTime() + TIMER_SLOT_MS);
    scheduleEscrowTimer(batch, db, { escrowPaymentId, kind, dueAt: recheckAt });
  }
  await batch.commit();
}

async function actOnDueEscrow(
  kind: TimerKind,
  escrow: DocumentSnapshot,
  services: Services,
  report: SweepReport,
) {
  const nowMs = services.clock.now().getTime();
  const dueField = { release: 'releaseAt', lease: 'leaseExpiresAt', deadline: 'bountyDeadline' }[
    kind
  ];
  const dueAt = escrow.get(dueField) as Timestamp | null | undefined;
  // A lease renewed or a deadline moved since the timer was set: not due yet.
  if (dueAt && dueAt.toMillis() > nowMs) return;
  if (kind === 'release') await enqueueDueRelease(escrow, services, report);
  else if (kind === 'lease') await redriveMovement(escrow, services, report);
  else await expireOverdue(escrow, services, report);
}
