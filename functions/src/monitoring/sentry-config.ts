/**
 * Reads the Sentry settings from the Firebase params at run time. No DSN (or one that is not an
 * http(s) URL) means monitoring is off: nothing is loaded, nothing is sent.
 */
import * as logger from 'firebase-functions/logger';

import {
  SENTRY_DSN,
  SENTRY_ENVIRONMENT,
  SENTRY_RELEASE,
  SENTRY_TRACES_SAMPLE_RATE,
} from '../config/params';

/** What `Sentry.init` needs, resolved from params. */
export interface SentryConfig {
  dsn: string;
  environment: string | undefined;
  release: string | undefined;
  tracesSampleRate: number;
}

/** The declared default of SENTRY_TRACES_SAMPLE_RATE, used when the param reads empty. */
const DEFAULT_TRACES_SAMPLE_RATE = 0.1;

/**
 * Parses the traces sample rate. Empty means the declared default (the emulator and tests may not
 * resolve param defaults); anything that is not a number in 0..1 turns tracing off rather than
 * guessing, and is logged.
 */
export function parseSampleRate(raw: string): number {
  const text = raw.trim();
  if (text === '') return DEFAULT_TRACES_SAMPLE_RATE;
  const rate = Number(text);
  if (Number.isFinite(rate) && rate >= 0 && rate <= 1) return rate;
  logger.warn('monitoring.invalid_sample_rate', { value: text });
  return 0;
}

/** True for a DSN Sentry can send to. */
export function isUsableDsn(dsn: string): boolean {
  return /^https?:\/\/\S+$/i.test(dsn);
}

/** The config, or null when monitoring is off. Never throws. */
export function readSentryConfig(): SentryConfig | null {
  try {
    const dsn = SENTRY_DSN.value().trim();
    if (!isUsableDsn(dsn)) return null;
    return {
      dsn,
      environment: SENTRY_ENVIRONMENT.value().trim() || undefined,
      release: SENTRY_RELEASE.value().trim() || undefined,
      tracesSampleRate: parseSampleRate(SENTRY_TRACES_SAMPLE_RATE.value()),
    };
  } catch (error) {
    logger.warn('monitoring.config_unreadable', { error: String(error) });
    return null;
  }
}
