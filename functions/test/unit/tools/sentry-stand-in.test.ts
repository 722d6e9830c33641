import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  getSentryEnvelopes,
  getSentryItems,
  resetSentry,
} from '../../../tools/stand-ins/admin-client';
import { startSentryStandIn } from '../../../tools/stand-ins/sentry';

let standIn: Awaited<ReturnType<typeof startSentryStandIn>>;

beforeAll(async () => {
  standIn = await startSentryStandIn();
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(async () => {
  await resetSentry(standIn.url);
});

const EVENT = {
  event_id: '9ec79c33ec9942ab8353589fcb2e04dc',
  level: 'error',
  message: 'payout failed',
};
// Multi-byte characters make byte length differ from string length, which is what `length` counts.
const ATTACHMENT = 'line one\nline two — ünïcode\n{"not":"the next header"}';

/** Builds an envelope by hand: header, an event without length, an attachment with length, a transaction. */
function buildEnvelope(): string {
  const lines = [
    JSON.stringify({
      event_id: EVENT.event_id,
      dsn: 'http://public@127.0.0.1/1',
      sent_at: new Date().toISOString(),
    }),
    JSON.stringify({ type: 'event' }),
    JSON.stringify(EVENT),
    JSON.stringify({
      type: 'attachment',
      length: Buffer.byteLength(ATTACHMENT),
      filename: 'log.txt',
    }),
    ATTACHMENT,
    JSON.stringify({
      type: 'transaction',
      length: Buffer.byteLength(JSON.stringify({ transaction: 'payout' })),
    }),
    JSON.stringify({ transaction: 'payout' }),
  ];
  return `${lines.join('\n')}\n`;
}

function postEnvelope(
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${standIn.url}/api/1/envelope/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-sentry-envelope', ...headers },
    body,
  });
}

describe('envelope endpoint', () => {
  it('parses header and items, honouring byte lengths that span newlines', async () => {
    const response = await postEnvelope(buildEnvelope());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    const [envelope] = await getSentryEnvelopes(standIn.url);
    expect(envelope).toMatchObject({
      projectId: '1',
      endpoint: 'envelope',
      header: { event_id: EVENT.event_id },
    });
    expect(envelope.items.map((item) => item.type)).toEqual(['event', 'attachment', 'transaction']);
    expect(envelope.items[0].payload).toEqual(EVENT);
    expect(envelope.items[1]).toMatchObject({
      header: { filename: 'log.txt' },
      payload: ATTACHMENT,
    });
    expect(envelope.items[2].payload).toEqual({ transaction: 'payout' });
  });

  it('accepts a gzip-encoded body and filters items by type', async () => {
    const response = await postEnvelope(gzipSync(buildEnvelope()), { 'Content-Encoding': 'gzip' });
    expect(response.status).toBe(200);
    await postEnvelope(buildEnvelope());
    const events = await getSentryItems(standIn.url, 'event');
    expect(events).toHaveLength(2);
    expect(events.every((item) => item.type === 'event' && item.projectId === '1')).toBe(true);
    expect(await getSentryItems(standIn.url)).toHaveLength(6);
  });

  it('accepts the last item without a trailing newline', async () => {
    const body = [
      JSON.stringify({}),
      JSON.stringify({ type: 'session' }),
      JSON.stringify({ sid: 's1' }),
    ].join('\n');
    expect((await postEnvelope(body)).status).toBe(200);
    const [session] = await getSentryItems(standIn.url, 'session');
    expect(session.payload).toEqual({ sid: 's1' });
  });

  it('rejects malformed envelopes with 400 and stores nothing', async () => {
    expect((await postEnvelope('not json\n{}\n{}')).status).toBe(400);
    const overlong = `{}\n${JSON.stringify({ type: 'event', length: 500 })}\n{}`;
    expect((await postEnvelope(overlong)).status).toBe(400);
    expect(await getSentryEnvelopes(standIn.url)).toEqual([]);
  });
});

describe('legacy store endpoint and reset', () => {
  it('stores a bare event as a one-item envelope, then forgets everything on reset', async () => {
    const response = await fetch(`${standIn.url}/api/7/store/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(EVENT),
    });
    expect(response.status).toBe(200);
    const [item] = await getSentryItems(standIn.url, 'event');
    expect(item).toMatchObject({ projectId: '7', payload: EVENT });
    await resetSentry(standIn.url);
    expect(await getSentryItems(standIn.url)).toEqual([]);
  });
});
