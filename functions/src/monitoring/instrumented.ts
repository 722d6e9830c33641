/**
 * Runs a body under instrumentation that may itself misbehave, keeping the body's behaviour
 * intact: the body runs exactly once, and the caller gets the body's own promise (same value, same
 * error object), whatever the instrumentation does before, around or after it.
 */
import * as logger from 'firebase-functions/logger';

/**
 * `instrument` receives `run`, which starts the body (idempotently) and returns its promise.
 * Instrumentation failures are logged and ignored; a body `instrument` never started is run
 * plainly.
 */
export async function runInstrumented<R>(
  instrument: (run: () => Promise<R>) => Promise<unknown>,
  body: () => Promise<R>,
): Promise<R> {
  let result: Promise<R> | undefined;
  const run = (): Promise<R> => {
    if (result === undefined) {
      result = startBody(body);
      // Marks a rejection as handled while the instrumentation is still busy (e.g. flushing);
      // the caller still receives the rejection through `result` below.
      result.catch(() => undefined);
    }
    return result;
  };
  try {
    await instrument(run);
  } catch (error) {
    logger.debug('monitoring.instrumentation_failed', { error: String(error) });
  }
  return result ?? body();
}

/** Calls `body`, turning a synchronous throw into a rejection like an async function would. */
function startBody<R>(body: () => Promise<R>): Promise<R> {
  try {
    return body();
  } catch (error) {
    return Promise.reject(error);
  }
}
