/**
 * Without a usable DSN monitoring is off: handlers behave exactly the same, nothing reaches the
 * Sentry stand-in, and the Sentry SDK is never loaded. Its own file (worker) so no other test's
 * SENTRY_DSN or initialised SDK can leak in.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { monitored } from '../../../src/monitoring/monitored';
import {
  addBreadcrumb,
  captureError,
  isMonitoringActive,
  recordMetric,
  withSpan,
} from '../../../src/monitoring/monitor';
import { isUsableDsn, readSentryConfig } from '../../../src/monitoring/sentry-config';
import { sentryLoader } from '../../../src/monitoring/sentry-loader';
import { startSentryStandIn } from '../../../tools/stand-ins/sentry';
import { itemsOf, type RunningSentry } from './sentry-helpers';

/** Counts evaluations of the SDK module: any import of it, by any path, runs this factory. */
const sdk = vi.hoisted(() => ({ loads: 0 }));
vi.mock('@sentry/google-cloud-serverless', () => {
  sdk.loads += 1;
  return {};
});

let sentry: RunningSentry;
const loaderSpy = vi.spyOn(sentryLoader, 'load');

beforeAll(async () => {
  // The stand-in runs so that anything sent by mistake would be seen.
  sentry = await startSentryStandIn({ port: 0 });
  delete process.env.SENTRY_DSN;
  process.env.SENTRY_TRACES_SAMPLE_RATE = '1';
});

afterAll(async () => {
  await sentry?.close();
});

afterEach(() => {
  delete process.env.SENTRY_DSN;
});

function wrapped<A extends unknown[], R>(handler: (...args: A) => Promise<R>) {
  return monitored(
    { function: 'escrowReleaseHigh', trigger: 'task', taskType: 'escrow_release' },
    () => ({ attempt: 1, userId: 'user-1' }),
    handler,
  );
}

describe('monitoring off', () => {
  it('passes the handler value and the very same error through', async () => {
    const value = { ok: true };
    const error = new Error('boom');
    await expect(wrapped(async () => value)()).resolves.toBe(value);
    await expect(
      wrapped(async () => {
        throw error;
      })(),
    ).rejects.toBe(error);
  });

  it('makes the monitor API free no-ops', async () => {
    expect(isMonitoringActive()).toBe(false);
    captureError(new Error('ignored'), { operation: 'test' });
    addBreadcrumb('ignored', { a: 1 });
    recordMetric('task.duration', 5, { unit: 'millisecond' });
    const value = {};
    await expect(withSpan('span', 'op', async () => value)).resolves.toBe(value);
    const error = new Error('span failed');
    await expect(
      withSpan('span', 'op', async () => {
        throw error;
      }),
    ).rejects.toBe(error);
  });

  it('never loads the SDK and sends nothing', async () => {
    // A DSN set after the instance decided is not picked up: the decision is once per instance.
    process.env.SENTRY_DSN = `http://publickey@127.0.0.1:${sentry.port}/1`;
    await expect(wrapped(async () => 'still plain')()).resolves.toBe('still plain');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(loaderSpy).not.toHaveBeenCalled();
    expect(sdk.loads).toBe(0);
    expect(await itemsOf(sentry.url, 'event')).toHaveLength(0);
    expect(await itemsOf(sentry.url, 'transaction')).toHaveLength(0);
  });
});

describe('DSN reading', () => {
  it.each([
    ['', false],
    ['   ', false],
    ['not-a-url', false],
    ['ftp://key@host/1', false],
    ['http://key@127.0.0.1:9/1', true],
    ['https://key@o1.ingest.sentry.io/2', true],
  ])('%j usable: %s', (dsn, usable) => {
    expect(isUsableDsn(dsn.trim())).toBe(usable);
    process.env.SENTRY_DSN = dsn;
    expect(readSentryConfig() !== null).toBe(usable);
  });

  it('reads the sample rate, falling back to off when it is not a number in 0..1', () => {
    process.env.SENTRY_DSN = 'https://key@o1.ingest.sentry.io/2';
    for (const [raw, rate] of [
      ['1', 1],
      ['0.25', 0.25],
      ['', 0.1],
      ['2', 0],
      ['abc', 0],
    ] as const) {
      process.env.SENTRY_TRACES_SAMPLE_RATE = raw;
      expect(readSentryConfig()?.tracesSampleRate).toBe(rate);
    }
  });
});
