/**
 * Runs one invocation under the monitor. Loaded on first invocation, not at cold start.
 *
 * The first invocation of an instance decides whether monitoring is on: with a usable DSN the
 * Sentry runtime is loaded and initialised, otherwise (or if that fails) the instance runs
 * unmonitored. Either way the handler's result and error pass through untouched.
 */
import * as logger from 'firebase-functions/logger';

import type { FunctionTags } from './monitored';
import { readSentryConfig } from './sentry-config';
import { sentryLoader } from './sentry-loader';
import type { SentryRuntime } from './sentry-runtime';

let runtime: Promise<SentryRuntime | null> | undefined;

async function startRuntime(): Promise<SentryRuntime | null> {
  const config = readSentryConfig();
  if (config === null) return null;
  try {
    const { startSentry } = await sentryLoader.load();
    return startSentry(config);
  } catch (error) {
    // Monitoring stays off for this instance rather than failing or retrying every invocation.
    logger.warn('monitoring.init_failed', { error: String(error) });
    return null;
  }
}

/** Runs `body` (the handler), reporting it to Sentry when monitoring is on. */
export async function runMonitored<R>(tags: FunctionTags, body: () => Promise<R>): Promise<R> {
  const startedAt = Date.now();
  const active = await (runtime ??= startRuntime());
  try {
    return await (active === null ? body() : active.runInvocation(tags, body));
  } catch (error) {
    logger.debug('function.failed', { ...tags, durationMs: Date.now() - startedAt });
    throw error;
  }
}
