/**
 * Shared by the monitoring tests: the Sentry stand-in wired through the params' environment
 * variables, and polling for the items it receives.
 */
import { getSentryItems } from '../../../tools/stand-ins/admin-client';
import { startSentryStandIn, type StoredItem } from '../../../tools/stand-ins/sentry';

export type RunningSentry = Awaited<ReturnType<typeof startSentryStandIn>>;

/**
 * Starts the stand-in on a free port and points the SENTRY_* params at it. Params are read at run
 * time, so this must happen before the first monitored invocation of the test file.
 */
export async function startSentryWithDsn(): Promise<RunningSentry> {
  const sentry = await startSentryStandIn({ port: 0 });
  process.env.SENTRY_DSN = `http://publickey@127.0.0.1:${sentry.port}/1`;
  process.env.SENTRY_TRACES_SAMPLE_RATE = '1';
  process.env.SENTRY_ENVIRONMENT = 'test';
  return sentry;
}

/** An event or transaction payload, as far as the tests read it. */
export interface SentryPayload {
  tags?: Record<string, string>;
  user?: { id?: string };
  transaction?: string;
  environment?: string;
  exception?: { values?: { type?: string; value?: string }[] };
  breadcrumbs?: { message?: string; data?: Record<string, unknown> }[];
  extra?: Record<string, unknown>;
  contexts?: { trace?: { span_id?: string; op?: string; trace_id?: string } };
  spans?: { description?: string; op?: string; parent_span_id?: string; status?: string }[];
}

export function payloadOf(item: StoredItem): SentryPayload {
  return item.payload as SentryPayload;
}

/**
 * Polls until `matching` items of `type` satisfy the predicate, then returns them; fails with what
 * did arrive after `timeoutMs`.
 */
export async function waitForItems(
  url: string,
  type: string,
  predicate: (payload: SentryPayload) => boolean,
  count = 1,
  timeoutMs = 5_000,
): Promise<SentryPayload[]> {
  const deadline = Date.now() + timeoutMs;
  let found: SentryPayload[] = [];
  while (Date.now() < deadline) {
    found = (await getSentryItems(url, type)).map(payloadOf).filter(predicate);
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`expected ${count} ${type} item(s), got ${found.length}`);
}

/** Every payload of `type` the stand-in holds. */
export async function itemsOf(url: string, type: string): Promise<SentryPayload[]> {
  return (await getSentryItems(url, type)).map(payloadOf);
}
