/**
 * How FCM answers map to pruned tokens, retries and results. The FCM client is replaced by a
 * fake, so nothing here touches the network.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

import {
  FCM_MULTICAST_LIMIT,
  chunk,
  classifySendResponses,
  createFcmPushSender,
  isRetryableFcmCode,
  toPushResult,
} from '../../../src/adapters/fcm-push-sender';

// vi.mock calls are hoisted above the imports; the fake must be hoisted with them.
const { sendEachForMulticast } = vi.hoisted(() => ({ sendEachForMulticast: vi.fn() }));

vi.mock('firebase-admin/messaging', () => ({
  getMessaging: () => ({ sendEachForMulticast }),
}));
vi.mock('../../../src/adapters/firestore', () => ({ ensureAdminApp: () => undefined }));

type Answer = 'ok' | string;

function responsesFor(answers: Answer[]) {
  return answers.map((answer) =>
    answer === 'ok' ? { success: true } : { success: false, error: { code: answer } },
  );
}

const UNREGISTERED = 'messaging/registration-token-not-registered';
const MALFORMED = 'messaging/invalid-registration-token';
const INVALID_ARGUMENT = 'messaging/invalid-argument';
const UNAVAILABLE = 'messaging/server-unavailable';
const INTERNAL = 'messaging/internal-error';
const QUOTA = 'messaging/message-rate-exceeded';
const APNS_AUTH = 'messaging/third-party-auth-error';

describe('classifySendResponses + toPushResult', () => {
  it.each([
    { name: 'all delivered', answers: ['ok', 'ok'], delivered: 2, invalid: [], throws: false },
    {
      name: 'unregistered',
      answers: ['ok', UNREGISTERED],
      delivered: 1,
      invalid: [1],
      throws: false,
    },
    { name: 'malformed token', answers: [MALFORMED], delivered: 0, invalid: [0], throws: false },
    {
      name: 'invalid-argument next to a delivery is the token',
      answers: [INVALID_ARGUMENT, 'ok'],
      delivered: 1,
      invalid: [0],
      throws: false,
    },
    {
      name: 'invalid-argument on every token may be the message: nothing pruned',
      answers: [INVALID_ARGUMENT, INVALID_ARGUMENT],
      delivered: 0,
      invalid: [],
      throws: false,
    },
    {
      name: 'unavailable everywhere',
      answers: [UNAVAILABLE],
      delivered: 0,
      invalid: [],
      throws: true,
    },
    { name: 'quota everywhere', answers: [QUOTA, QUOTA], delivered: 0, invalid: [], throws: true },
    {
      name: 'internal next to a delivery does not retry (would push twice)',
      answers: ['ok', INTERNAL],
      delivered: 1,
      invalid: [],
      throws: false,
    },
    {
      name: 'unregistered and unavailable, nothing delivered: retry',
      answers: [UNREGISTERED, UNAVAILABLE],
      delivered: 0,
      invalid: [0],
      throws: true,
    },
    {
      name: 'APNs credentials: failed, not retried',
      answers: [APNS_AUTH],
      delivered: 0,
      invalid: [],
      throws: false,
    },
  ])('$name', ({ answers, delivered, invalid, throws }) => {
    const tokens = answers.map((_, index) => `token-${index}`);

    const classification = classifySendResponses(tokens, responsesFor(answers));

    expect(classification.delivered).toBe(delivered);
    expect(classification.invalidTokens).toEqual(invalid.map((index) => tokens[index]));
    if (throws) {
      expect(() => toPushResult(classification)).toThrow(
        expect.objectContaining({ code: 'fcm_unavailable', retryable: true }),
      );
    } else {
      expect(toPushResult(classification)).toEqual({
        delivered,
        invalidTokens: invalid.map((index) => tokens[index]),
      });
    }
  });

  it('counts failures per code without naming tokens', () => {
    const classification = classifySendResponses(
      ['a', 'b', 'c'],
      [{ success: false }, ...responsesFor([APNS_AUTH, APNS_AUTH])],
    );

    expect(classification.failureCodes).toEqual({ unknown: 1, [APNS_AUTH]: 2 });
    expect(classification.otherFailures).toBe(3);
    expect(JSON.stringify(classification)).not.toMatch(/"a"|"b"|"c"/);
  });
});

describe('isRetryableFcmCode', () => {
  it.each([
    [UNAVAILABLE, true],
    [INTERNAL, true],
    [QUOTA, true],
    ['app/network-error', true],
    [UNREGISTERED, false],
    [INVALID_ARGUMENT, false],
    [APNS_AUTH, false],
    [undefined, false],
  ])('%s → %s', (code, retryable) => {
    expect(isRetryableFcmCode(code)).toBe(retryable);
  });
});

describe('chunk', () => {
  it.each([
    [0, []],
    [500, [500]],
    [501, [500, 1]],
    [1_201, [500, 500, 201]],
  ])('%i items → %j', (count, sizes) => {
    const items = Array.from({ length: count }, (_, index) => index);

    const chunks = chunk(items, FCM_MULTICAST_LIMIT);

    expect(chunks.map((part) => part.length)).toEqual(sizes);
    expect(chunks.flat()).toEqual(items);
  });
});

describe('createFcmPushSender', () => {
  const message = { title: 'T', body: 'B', data: { bountyId: 'b1', from: 'x', google_x: 'y' } };

  beforeEach(() => {
    sendEachForMulticast.mockReset();
  });

  it('sends 1,001 tokens in three multicasts and maps invalid tokens back', async () => {
    const tokens = Array.from({ length: 1_001 }, (_, index) => `token-${index}`);
    sendEachForMulticast.mockImplementation(async ({ tokens: part }: { tokens: string[] }) => ({
      responses: part.map((token) =>
        token === 'token-700'
          ? { success: false, error: { code: UNREGISTERED } }
          : { success: true },
      ),
    }));

    const result = await createFcmPushSender().send(tokens, message);

    expect(sendEachForMulticast.mock.calls.map(([call]) => call.tokens.length)).toEqual([
      500, 500, 1,
    ]);
    expect(result).toEqual({ delivered: 1_000, invalidTokens: ['token-700'] });
  });

  it('drops data keys FCM reserves', async () => {
    sendEachForMulticast.mockResolvedValue({ responses: [{ success: true }] });

    await createFcmPushSender().send(['t'], message);

    expect(sendEachForMulticast.mock.calls[0][0]).toMatchObject({
      notification: { title: 'T', body: 'B' },
      data: { bountyId: 'b1' },
    });
    expect(sendEachForMulticast.mock.calls[0][0].data).not.toHaveProperty('from');
    expect(sendEachForMulticast.mock.calls[0][0].data).not.toHaveProperty('google_x');
  });

  it.each([UNAVAILABLE, 'app/network-timeout', QUOTA])(
    'a whole-call %s failure is a TransientError',
    async (code) => {
      sendEachForMulticast.mockRejectedValue(Object.assign(new Error('down'), { code }));

      await expect(createFcmPushSender().send(['t'], message)).rejects.toMatchObject({
        code: 'fcm_unavailable',
        retryable: true,
      });
    },
  );

  it('rethrows a whole-call failure that is not retryable unchanged', async () => {
    const failure = Object.assign(new Error('bad creds'), {
      code: 'messaging/authentication-error',
    });
    sendEachForMulticast.mockRejectedValue(failure);

    await expect(createFcmPushSender().send(['t'], message)).rejects.toBe(failure);
  });

  it('does not call FCM without tokens', async () => {
    await expect(createFcmPushSender().send([], message)).resolves.toEqual({
      delivered: 0,
      invalidTokens: [],
    });
    expect(sendEachForMulticast).not.toHaveBeenCalled();
  });
});
