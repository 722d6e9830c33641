/**
 * Runs one invocation under the monitor. Loaded on first invocation, not at cold start.
 */
import * as logger from 'firebase-functions/logger';

import type { FunctionTags } from './monitored';

export async function runMonitored<R>(tags: FunctionTags, body: () => Promise<R>): Promise<R> {
  const startedAt = Date.now();
  try {
    return await body();
  } catch (error) {
    logger.debug('function.failed', { ...tags, durationMs: Date.now() - startedAt });
    throw error;
  }
}
