/**
 * Runs the funding for the callable and translates project errors to HTTPS errors.
 */
import { HttpsError, type FunctionsErrorCode } from 'firebase-functions/v2/https';

import { summarizeError } from '../domain/errors';
import { startBountyFunding, type FundingResult } from '../processors/start-bounty-funding';
import { getServices } from '../runtime/services';

const STATUS_BY_CODE: Record<string, FunctionsErrorCode> = {
  bounty_not_found: 'not-found',
  not_bounty_owner: 'permission-denied',
  bounty_invalid: 'failed-precondition',
  bounty_not_fundable: 'failed-precondition',
  deadline_passed: 'failed-precondition',
};

export async function fundBountyForCaller(bountyId: string, uid: string): Promise<FundingResult> {
  try {
    return await startBountyFunding(bountyId, uid, getServices());
  } catch (error) {
    const summary = summarizeError(error);
    const status = STATUS_BY_CODE[summary.code] ?? (summary.retryable ? 'unavailable' : 'internal');
    throw new HttpsError(status, summary.message, { code: summary.code });
  }
}
