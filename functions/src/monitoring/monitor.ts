/**
 * The monitoring API the rest of the code uses: report an error, leave a breadcrumb, time a block
 * in a span, record a metric.
 *
 * Free when monitoring is off: this module never imports Sentry. The Sentry runtime installs a
 * backend here once it has been initialised (on the first invocation with a DSN); until then every
 * call is a no-op and `withSpan` just runs its function. A failing backend never reaches the
 * caller: monitoring must not change what the code does.
 */
import * as logger from 'firebase-functions/logger';

/** Context of an error reported outside the function wrapper's own reporting. */
export interface ErrorContext {
  userId?: string | null;
  /** What was being done, e.g. `task.dead_lettered`; becomes a tag. */
  operation: string;
  metadata?: Record<string, unknown>;
}

/** Unit and dimensions of a metric value. */
export interface MetricOptions {
  /** e.g. `millisecond`, `none`. */
  unit: string;
  tags?: Record<string, string | number | boolean>;
}

/** What a monitoring runtime provides; implemented by the Sentry runtime. */
export interface MonitorBackend {
  captureError(error: unknown, context: ErrorContext): void;
  addBreadcrumb(message: string, data?: Record<string, unknown>): void;
  withSpan<T>(name: string, op: string, fn: () => Promise<T>): Promise<T>;
  recordMetric(name: string, value: number, options: MetricOptions): void;
}

let backend: MonitorBackend | null = null;

/**
 * Installs (or with null removes) the backend. Called by the Sentry runtime after `Sentry.init`;
 * not meant for application code.
 */
export function installMonitorBackend(next: MonitorBackend | null): void {
  backend = next;
}

/** True when a monitoring backend is active in this instance. */
export function isMonitoringActive(): boolean {
  return backend !== null;
}

function guarded(operation: string, call: (active: MonitorBackend) => void): void {
  if (backend === null) return;
  try {
    call(backend);
  } catch (error) {
    logger.debug('monitoring.call_failed', { operation, error: String(error) });
  }
}

/** Reports an error that the code handles itself (so the function wrapper never sees it). */
export function captureError(error: unknown, context: ErrorContext): void {
  guarded('captureError', (active) => active.captureError(error, context));
}

/** Leaves a breadcrumb on the current invocation's trail (sent with a later error). */
export function addBreadcrumb(message: string, data?: Record<string, unknown>): void {
  guarded('addBreadcrumb', (active) => active.addBreadcrumb(message, data));
}

/**
 * Runs `fn` in a child span of the current invocation when tracing is on; otherwise just runs
 * it. Either way `fn` runs exactly once and its result or error is passed through unchanged.
 */
export function withSpan<T>(name: string, op: string, fn: () => Promise<T>): Promise<T> {
  return backend === null ? fn() : backend.withSpan(name, op, fn);
}

/**
 * Records a measurement (a Sentry distribution metric, also set as an attribute of the active
 * span so it shows on the trace).
 */
export function recordMetric(name: string, value: number, options: MetricOptions): void {
  guarded('recordMetric', (active) => active.recordMetric(name, value, options));
}
