/**
 * The Sentry side of monitoring: initialises the SDK once per instance and runs invocations in
 * their own isolation scope and root span. Loaded only through `sentry-loader.ts`, and only when a
 * DSN is configured: importing the SDK costs about 320 ms.
 *
 * Sentry's own function wrappers are not used: around firebase-functions v2 handlers they swallow
 * the error and drop the return value.
 */
import * as Sentry from '@sentry/google-cloud-serverless';

import { classifyError } from './classify-error';
import { runInstrumented } from './instrumented';
import type { FunctionTags, TriggerKind } from './monitored';
import { installMonitorBackend } from './monitor';
import { scrubBreadcrumb, scrubEvent, scrubMetric } from './scrub';
import type { SentryConfig } from './sentry-config';
import { flushQuietly, sentryMonitorBackend, spanErrorStatus, toTagValues } from './sentry-monitor';

/**
 * Integrations kept from the SDK defaults: error enrichment only. The others hook globals this
 * runtime does not want changed (console, process exit handlers, Function.prototype.toString,
 * the inspector for local variables) or auto-instrument HTTP, which would add trace headers to
 * Stripe and oEmbed requests and wrap the Functions server's own requests in spans of its own.
 * Outbound calls get explicit spans instead (see `withSpan` in monitor.ts).
 */
const KEPT_INTEGRATIONS = new Set([
  'InboundFilters',
  'LinkedErrors',
  'NodeSystemError',
  'ContextLines',
  'Context',
  'GcpContext',
]);

/**
 * Flush budgets. Every invocation waits for its events and transaction to be sent before it
 * returns, since Cloud Functions may freeze the instance right after the response; the wait is
 * bounded so an unreachable Sentry costs at most this much latency.
 */
const FLUSH_AFTER_ERROR_MS = 2_000;
const FLUSH_AFTER_SUCCESS_MS = 1_000;

const OP_BY_TRIGGER: Record<TriggerKind, string> = {
  task: 'function.task',
  firestore: 'function.firestore',
  schedule: 'function.schedule',
  https: 'function.https',
  callable: 'function.https',
  webhook: 'function.https',
};

/** Runs one invocation under Sentry; same contract as `runMonitored`. */
export interface SentryRuntime {
  runInvocation<R>(tags: FunctionTags, body: () => Promise<R>): Promise<R>;
}

let started = false;

/** Wraps a scrubber so that a failure drops the item rather than sending it unscrubbed. */
function scrubOrDrop<T extends object>(scrub: (item: T) => T): (item: T) => T | null {
  return (item) => {
    try {
      return scrub(item);
    } catch {
      return null;
    }
  };
}

/** Initialises Sentry (once per instance) and installs the monitor backend. */
export function startSentry(config: SentryConfig): SentryRuntime {
  if (!started) {
    Sentry.init({
      dsn: config.dsn,
      environment: config.environment,
      release: config.release,
      tracesSampleRate: config.tracesSampleRate,
      sendDefaultPii: false,
      includeLocalVariables: false,
      registerEsmLoaderHooks: false,
      // No trace headers on outbound requests: Stripe and oEmbed get exactly what they got before.
      tracePropagationTargets: [],
      integrations: (defaults) => defaults.filter((entry) => KEPT_INTEGRATIONS.has(entry.name)),
      beforeSend: scrubOrDrop(scrubEvent),
      beforeSendTransaction: scrubOrDrop(scrubEvent),
      beforeBreadcrumb: scrubOrDrop(scrubBreadcrumb),
      beforeSendMetric: scrubOrDrop(scrubMetric),
    });
    started = true;
    installMonitorBackend(sentryMonitorBackend);
  }
  return { runInvocation };
}

function runInvocation<R>(tags: FunctionTags, body: () => Promise<R>): Promise<R> {
  return runInstrumented((run) => instrumentInvocation(tags, run), body);
}

/**
 * One isolation scope per invocation, so concurrent invocations in an instance keep their own
 * tags, user and breadcrumbs; one new trace per invocation, whose root span is the transaction.
 * The body's outcome is recorded here but never changed: `runInstrumented` hands the body's own
 * promise back to the caller.
 */
async function instrumentInvocation(tags: FunctionTags, run: () => Promise<unknown>) {
  let failed = false;
  try {
    await Sentry.withIsolationScope((scope) => {
      const { userId, ...rest } = tags;
      const values = toTagValues(rest);
      scope.setTags(values);
      scope.setUser(userId ? { id: userId } : null);
      scope.setTransactionName(tags.function);
      Sentry.addBreadcrumb({ category: 'function', message: 'function.start', data: values });
      return Sentry.startNewTrace(() =>
        Sentry.startSpan(
          { name: tags.function, op: OP_BY_TRIGGER[tags.trigger], attributes: values },
          async (span) => {
            try {
              await run();
            } catch (error) {
              failed = true;
              reportFailure(span, error);
            }
          },
        ),
      );
    });
  } finally {
    await flushQuietly(failed ? FLUSH_AFTER_ERROR_MS : FLUSH_AFTER_SUCCESS_MS);
  }
}

/** The SDK's span type (not re-exported by this package). */
type Span = ReturnType<typeof Sentry.startInactiveSpan>;

function reportFailure(span: Span, error: unknown): void {
  const report = classifyError(error);
  span.setStatus(spanErrorStatus(report));
  span.setAttribute('function.outcome', report.expected ? 'expected_error' : 'error');
  if (report.expected) {
    Sentry.addBreadcrumb({
      category: 'function',
      level: 'info',
      message: 'function.expected_error',
      data: report.tags,
    });
    return;
  }
  Sentry.captureException(error, { tags: report.tags, extra: report.extra });
}
