/**
 * The {@link MonitorBackend} on Sentry, plus small helpers shared with the invocation runtime.
 * Loaded only with `sentry-runtime.ts`, i.e. only when a DSN is configured.
 */
import * as Sentry from '@sentry/google-cloud-serverless';
import * as logger from 'firebase-functions/logger';

import { classifyError, type ErrorReport } from './classify-error';
import { runInstrumented } from './instrumented';
import type { ErrorContext, MetricOptions, MonitorBackend } from './monitor';

/** Sentry rejects tag values longer than 200 characters. */
const MAX_TAG_LENGTH = 200;

/** OpenTelemetry span status codes, as Sentry's `setStatus` takes them. */
const SPAN_STATUS_OK = 1 as const;
const SPAN_STATUS_ERROR = 2 as const;

/** Tag values as strings; null and undefined tags are left out. */
export function toTagValues(tags: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (value !== null && value !== undefined) values[key] = String(value).slice(0, MAX_TAG_LENGTH);
  }
  return values;
}

/**
 * Span status of a failure: expected outcomes keep their own code (`not_found`...), the rest is
 * `internal_error`.
 */
export function spanErrorStatus(report: ErrorReport): { code: 2; message: string } {
  const message = report.expected
    ? (report.tags.errorCode ?? 'unknown_error').replace(/-/g, '_')
    : 'internal_error';
  return { code: SPAN_STATUS_ERROR, message };
}

/** Waits for queued events to be sent, at most `timeoutMs`; never throws. */
export async function flushQuietly(timeoutMs: number): Promise<void> {
  try {
    const drained = await Sentry.flush(timeoutMs);
    if (!drained) logger.debug('monitoring.flush_timed_out', { timeoutMs });
  } catch (error) {
    logger.debug('monitoring.flush_failed', { error: String(error) });
  }
}

function captureError(error: unknown, context: ErrorContext): void {
  const report = classifyError(error);
  Sentry.withScope((scope) => {
    scope.setTag('operation', context.operation);
    if (context.userId) scope.setUser({ id: context.userId });
    if (context.metadata) scope.setContext('metadata', context.metadata);
    Sentry.captureException(error, { tags: report.tags, extra: report.extra });
  });
}

function withSpan<T>(name: string, op: string, fn: () => Promise<T>): Promise<T> {
  return runInstrumented(
    (run) =>
      // Outside an invocation there is no parent: no stray root transaction is started.
      Sentry.startSpan({ name, op, onlyIfParent: true }, async (span) => {
        try {
          await run();
          span.setStatus({ code: SPAN_STATUS_OK });
        } catch {
          span.setStatus({ code: SPAN_STATUS_ERROR, message: 'internal_error' });
        }
      }),
    fn,
  );
}

/**
 * SDK 10 has metrics (`Sentry.metrics.distribution`, sent as `trace_metric` items, linked to the
 * active trace). The value is also set on the active span, so it shows on the trace even where
 * the Sentry project does not ingest metrics.
 */
function recordMetric(name: string, value: number, options: MetricOptions): void {
  Sentry.metrics.distribution(name, value, { unit: options.unit, attributes: options.tags });
  Sentry.getActiveSpan()?.setAttribute(`metric.${name}`, value);
}

/** The backend installed into `monitor.ts` once Sentry is initialised. */
export const sentryMonitorBackend: MonitorBackend = {
  captureError,
  addBreadcrumb: (message, data) => Sentry.addBreadcrumb({ category: 'app', message, data }),
  withSpan,
  recordMetric,
};
