/**
 * Escrow timers: when an escrow payment will need the sweep's attention, kept apart from the
 * escrow documents and bucketed by due time.
 *
 * Why not just query `escrowPayments` by status and due time: in production that query is served
 * by a composite index and costs what it returns, but nothing else in the design needs all
 * history to sit in one queried collection, and the Firestore emulator (where the project is
 * tested and benchmarked) answers every query by scanning the whole collection. Bucketing timers
 * into one small collection per 15-minute slot makes the sweep's
 * cost follow the work that is due in both places: slots in the future are never read. Each
 * slot's collection is named after the slot (`escrowTimers/{slot}/{slot}/{id}`) rather than a
 * shared name, because the emulator also slows down with the number of documents sharing a
 * collection id across parents.
 */

/** Path of the collection holding one slot's timers. */
export function slotCollectionPath(slot: number): string {
  return `${ESCROW_TIMERS}/${slotKey(slot)}/${slotKey(slot)}`;
}
export const TIMER_SLOT_MS = 15 * 60_000;

export const ESCROW_TIMERS = 'escrowTimers';

/** What a timer watches; it is stale once the escrow left the matching status. */
export const TIMER_KINDS = {
  /** `release_scheduled` until `releaseAt`. */
  release: 'release_scheduled',
  /** `releasing`/`refunding` until `leaseExpiresAt`. */
  lease: 'releasing|refunding',
  /** `held` until the bounty's deadline. */
  deadline: 'held',
} as const;
export type TimerKind = keyof typeof TIMER_KINDS;

export function slotOf(ms: number): number {
  return Math.floor(ms / TIMER_SLOT_MS);
}

/** Zero-padded so slot keys sort as numbers do. */
export function slotKey(slot: number): string {
  return `slot-${String(slot).padStart(10, '0')}`;
}

export function timerId(escrowPaymentId: string, kind: TimerKind): string {
  return `${escrowPaymentId}_${kind}`;
}

/** Whether an escrow in `status` still needs the timer of `kind`. */
export function timerStillWatched(kind: TimerKind, status: string): boolean {
  return TIMER_KINDS[kind].split('|').includes(status);
}
