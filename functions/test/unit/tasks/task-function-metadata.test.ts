/**
 * The deployed task functions carry their queue settings as param expressions, read from the
 * deployment metadata firebase-tools reads (`__endpoint`), not from the config module.
 */
import { declaredParams } from 'firebase-functions/params';
import { describe, expect, it } from 'vitest';

import * as deployed from '../../../src/index';

interface TaskEndpoint {
  taskQueueTrigger?: {
    retryConfig: Record<string, unknown>;
    rateLimits: Record<string, unknown>;
  };
}

const taskFunctions = Object.entries(deployed as Record<string, { __endpoint?: TaskEndpoint }>)
  .filter(([, fn]) => fn.__endpoint?.taskQueueTrigger)
  .map(([name, fn]) => ({ name, trigger: fn.__endpoint!.taskQueueTrigger! }));

/** `escrowReleaseHigh` → `ESCROW_RELEASE`. */
function typePrefixOf(functionName: string): string {
  const base = functionName.replace(/(High|Normal|Low)$/, '');
  return base.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

function paramRef(value: unknown): string {
  return String(value).replace(/^\{\{\s*|\s*\}\}$/g, '');
}

/** Declared params by name, with their wire specs (defaults rendered as CEL). */
function paramSpecs() {
  return new Map(
    declaredParams.map((param) => [
      param.name,
      (param as unknown as { toSpec(): { default?: unknown } }).toSpec(),
    ]),
  );
}

describe('task function deployment metadata', () => {
  it('deploys three priority lanes for each of the six task types', () => {
    expect(taskFunctions).toHaveLength(18);
    expect(taskFunctions.map((fn) => fn.name)).toContain('escrowReleaseHigh');
    expect(taskFunctions.map((fn) => fn.name)).toContain('analyticsLow');
  });

  it.each(taskFunctions)(
    '$name takes retries and rate limits from its params',
    ({ name, trigger }) => {
      const prefix = `params.TASK_QUEUE_${typePrefixOf(name)}`;

      expect(paramRef(trigger.retryConfig.maxAttempts)).toBe(`${prefix}_MAX_RETRIES`);
      expect(paramRef(trigger.retryConfig.minBackoffSeconds)).toBe(`${prefix}_RETRY_DELAY`);
      expect(paramRef(trigger.rateLimits.maxConcurrentDispatches)).toBe(`${prefix}_CONCURRENCY`);
      expect(paramRef(trigger.rateLimits.maxDispatchesPerSecond)).toBe(`${prefix}_DISPATCH_RATE`);
    },
  );

  it('defaults every per-queue retry param to the global TASK_QUEUE_* params', () => {
    const specs = paramSpecs();
    const prefixes = new Set(taskFunctions.map(({ name }) => typePrefixOf(name)));

    for (const prefix of prefixes) {
      const maxRetries = specs.get(`TASK_QUEUE_${prefix}_MAX_RETRIES`);
      const retryDelay = specs.get(`TASK_QUEUE_${prefix}_RETRY_DELAY`);
      expect(String(maxRetries?.default)).toContain('params.TASK_QUEUE_MAX_RETRIES');
      expect(String(retryDelay?.default)).toContain('params.TASK_QUEUE_RETRY_DELAY');
    }
    expect(specs.get('TASK_QUEUE_ANALYTICS_CONCURRENCY')?.default).toContain(
      'params.TASK_QUEUE_CONCURRENCY',
    );
    expect(specs.get('TASK_QUEUE_CONCURRENCY')?.default).toBe(10);
  });

  it('keeps the money queues under Stripe test mode limit of 25 requests per second', () => {
    const specs = paramSpecs();
    const lanes = 3;
    for (const type of ['ESCROW_RELEASE', 'ESCROW_REFUND']) {
      const perLane = Number(specs.get(`TASK_QUEUE_${type}_DISPATCH_RATE`)?.default);
      // A release makes at most two Stripe calls (reconciliation list, then create).
      expect(perLane * lanes * 2).toBeLessThanOrEqual(25);
    }
  });
});
