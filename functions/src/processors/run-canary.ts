/**
 * `canary`: a synthetic task that proves a queue end to end. It writes nothing but its task record.
 *
 * Its failure fields exist so the emulator suite and the demo can exercise retries and dead
 * letters through the real runtime; outside the emulator they are ignored.
 */
import { PermanentError, TransientError } from '../domain/errors';
import type { Processor } from './types';

export const runCanary: Processor<'canary'> = async (payload, run, services) => {
  if (!services.inEmulator) return;

  if (payload.holdMs) await new Promise((resolve) => setTimeout(resolve, payload.holdMs));

  if (payload.failWith === 'permanent') {
    throw new PermanentError('canary_permanent', `canary "${payload.note}" failed on purpose`);
  }
  if (run.attempt <= (payload.failFirstAttempts ?? 0)) {
    throw new TransientError(
      'canary_transient',
      `canary "${payload.note}" failed attempt ${run.attempt} on purpose`,
    );
  }
};
