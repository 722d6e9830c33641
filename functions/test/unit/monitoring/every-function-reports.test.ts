/**
 * Every deployed function reports to Sentry: each export of `src/index.ts` is invoked in-process
 * through its firebase-functions entry point (not its bare handler), and the stand-in must receive
 * a transaction and an error event tagged with that export's name.
 *
 * The real services would talk to Firestore, which is not running here (and a client pointed at a
 * closed port retries for minutes), so `getServices` fails at once: every handler then fails the
 * way it would on an outage, which is exactly what must be reported.
 */
import type { Request as TaskRequest } from 'firebase-functions/v2/tasks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { resetSentry } from '../../../tools/stand-ins/admin-client';
import { itemsOf, startSentryWithDsn, type RunningSentry } from './sentry-helpers';

vi.mock('../../../src/runtime/services', () => ({
  getServices: () => {
    throw new Error('services unavailable in this test');
  },
}));

interface Endpoint {
  taskQueueTrigger?: unknown;
  eventTrigger?: unknown;
  scheduleTrigger?: unknown;
  callableTrigger?: unknown;
  httpsTrigger?: unknown;
}

interface Deployed {
  (...args: unknown[]): unknown;
  __endpoint?: Endpoint;
  run?: (...args: unknown[]) => Promise<unknown>;
}

/** A signed-looking Stripe webhook POST; other endpoints answer it however they do. */
function fakeRequest() {
  const headers: Record<string, string> = { 'stripe-signature': 't=1,v1=abc' };
  return {
    method: 'POST',
    headers,
    query: {},
    header: (name: string) => headers[name.toLowerCase()],
    get: (name: string) => headers[name.toLowerCase()],
    rawBody: Buffer.from('{}'),
  };
}

function fakeResponse() {
  const response = {
    statusCode: 200,
    headersSent: false,
    status(code: number) {
      response.statusCode = code;
      return response;
    },
    set: () => response,
    setHeader: () => response,
    json: () => response,
    send: () => response,
    end: () => response,
    on: () => response,
  };
  return response;
}

const taskRequest = {
  data: { taskId: 'task-1', context: { userId: 'user-7', operation: 'test' } },
  id: 'task-1',
  retryCount: 1,
} as unknown as TaskRequest;

/** Whether an invocation failed (and so must have sent an error event). */
async function failed(invocation: Promise<unknown>): Promise<boolean> {
  return invocation.then(
    () => false,
    () => true,
  );
}

/** Invokes a deployed function the way its trigger would; true when it failed. */
async function invoke(fn: Deployed): Promise<boolean> {
  const endpoint = fn.__endpoint ?? {};
  if (endpoint.taskQueueTrigger) return failed(fn.run!(taskRequest));
  if (endpoint.scheduleTrigger) {
    return failed(fn.run!({ scheduleTime: new Date().toISOString(), jobName: 'test-job' }));
  }
  if (endpoint.eventTrigger) {
    return failed(fn.run!({ id: 'event-1', document: 'docs/doc-1', params: {}, data: undefined }));
  }
  if (endpoint.callableTrigger) {
    return failed(fn.run!({ data: { bountyId: 'bounty-1' }, auth: { uid: 'user-7', token: {} } }));
  }
  if (endpoint.httpsTrigger) {
    // onRequest answers 500 itself when the handler throws.
    const response = fakeResponse();
    await fn(fakeRequest(), response);
    return response.statusCode >= 500;
  }
  throw new Error('unknown trigger kind');
}

let sentry: RunningSentry;
let deployed: [string, Deployed][];

beforeAll(async () => {
  sentry = await startSentryWithDsn();
  await resetSentry(sentry.url);
  const index = (await import('../../../src/index')) as unknown as Record<string, Deployed>;
  deployed = Object.entries(index).filter(([, fn]) => typeof fn === 'function');
});

afterAll(async () => {
  await sentry?.close();
});

describe('every deployed function', () => {
  it('reports a transaction tagged with its name, and an error event when it failed', async () => {
    expect(deployed.length).toBeGreaterThanOrEqual(23);
    const outcomes: { name: string; failed: boolean }[] = [];
    for (const [name, fn] of deployed) outcomes.push({ name, failed: await invoke(fn) });

    // Each invocation flushes before it returns, so everything has arrived by now.
    const tagged = async (type: string) =>
      new Set((await itemsOf(sentry.url, type)).map((item) => item.tags?.function));
    const transactions = await tagged('transaction');
    const events = await tagged('event');
    expect(outcomes.filter(({ name }) => !transactions.has(name))).toEqual([]);
    expect(outcomes.filter(({ name, failed }) => failed && !events.has(name))).toEqual([]);
    // Without Firestore nearly everything fails; the check above is not vacuous.
    expect(outcomes.filter(({ failed }) => failed).length).toBeGreaterThanOrEqual(22);
  }, 20_000);
});
