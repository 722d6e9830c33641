/**
 * The one wrapper every deployed function's handler goes through.
 *
 * It logs the invocation, reports it to the monitor with the function's tags, and passes the
 * handler's outcome through untouched: the same value, or the same error object RETHROWN, so retry
 * semantics (Cloud Tasks backoff, Firestore trigger retries, HTTP status) stay exactly what the
 * handler decided. The monitor (Sentry) is loaded lazily and only when a DSN is configured, so it
 * costs nothing on cold start (see run-monitored.ts); what is reported as an error is decided in
 * classify-error.ts, how an invocation is traced and flushed in sentry-runtime.ts.
 */
import * as logger from 'firebase-functions/logger';

/** What invokes a function; also picks the op of its root span (`function.task`...). */
export type TriggerKind = 'task' | 'firestore' | 'schedule' | 'https' | 'callable' | 'webhook';

/** Tags of one invocation: the function's own, plus those read from its arguments. */
export interface FunctionTags {
  function: string;
  trigger: TriggerKind;
  taskType?: string;
  attempt?: number;
  userId?: string | null;
  [key: string]: string | number | boolean | null | undefined;
}

/** Derives per-invocation tags (attempt, user...) from the handler's arguments. */
export type TagReader<A extends unknown[]> = (...args: NoInfer<A>) => Partial<FunctionTags>;

/**
 * Wraps a handler: `base` tags are the function's, `readTags` adds per-invocation ones (attempt,
 * user...). A `readTags` failure only loses those tags.
 */
export function monitored<A extends unknown[], R>(
  base: FunctionTags,
  readTags: TagReader<A>,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    const tags: FunctionTags = { ...base, ...safeReadTags(readTags, args) };
    const { runMonitored } = await import('./run-monitored');
    return runMonitored(tags, () => handler(...args));
  };
}

function safeReadTags<A extends unknown[]>(readTags: TagReader<A>, args: A) {
  try {
    return readTags(...args);
  } catch (error) {
    logger.debug('monitoring.tags_unreadable', { error: String(error) });
    return {};
  }
}
