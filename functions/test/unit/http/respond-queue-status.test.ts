/**
 * The `queueStatus` answers with fake token verification and status reading; the same checks
 * against the Functions and Auth emulators are in test/integration/queue-status-http.test.ts.
 */
import type { Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';
import { describe, expect, it, vi } from 'vitest';

import {
  parseWindowHours,
  respondQueueStatus,
  type QueueStatusDeps,
} from '../../../src/http/respond-queue-status';
import type { QueueStatus } from '../../../src/processors/read-queue-status';

const STATUS: QueueStatus = {
  generatedAt: '2026-03-01T10:00:00.000Z',
  windowHours: 2,
  queues: [],
  deadLetters: { total: 0, unreplayed: 0 },
  monitoring: { sentry: 'disabled' },
  cost: { documentsRead: 1 },
};

const TOKENS: Record<string, { uid: string; admin?: unknown }> = {
  admin: { uid: 'ada', admin: true },
  user: { uid: 'bob' },
  stringy: { uid: 'eve', admin: 'true' },
};

function deps(): QueueStatusDeps & { readStatus: ReturnType<typeof vi.fn> } {
  return {
    verifyIdToken: async (token) => {
      const claims = TOKENS[token];
      if (!claims) throw new Error('auth/argument-error');
      return claims;
    },
    readStatus: vi.fn(async (windowHours: number) => ({ ...STATUS, windowHours })),
  };
}

function request(method: string, authorization?: string, query: Record<string, unknown> = {}) {
  return {
    method,
    query,
    header: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined),
  } as unknown as Request;
}

function response() {
  const sent = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
  const res = {
    set(name: string, value: string) {
      sent.headers[name] = value;
      return res;
    },
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      return res;
    },
  };
  return { res: res as unknown as Response, sent };
}

describe('respondQueueStatus', () => {
  it.each<[string, number, string, Request]>([
    ['POST', 405, 'method_not_allowed', request('POST', 'Bearer admin')],
    ['no Authorization header', 401, 'missing_token', request('GET')],
    ['a non-Bearer scheme', 401, 'missing_token', request('GET', 'Basic admin')],
    ['an invalid token', 401, 'invalid_token', request('GET', 'Bearer forged')],
    ['a user without the admin claim', 403, 'admin_only', request('GET', 'Bearer user')],
    ['an admin claim that is not `true`', 403, 'admin_only', request('GET', 'Bearer stringy')],
    [
      'windowHours=0',
      400,
      'invalid_window_hours',
      request('GET', 'Bearer admin', { windowHours: '0' }),
    ],
    [
      'windowHours=25',
      400,
      'invalid_window_hours',
      request('GET', 'Bearer admin', { windowHours: '25' }),
    ],
  ])('answers %s with %i', async (_, code, error, req) => {
    const fakes = deps();
    const { res, sent } = response();
    await respondQueueStatus(req, res, fakes);
    expect(sent.status).toBe(code);
    expect(sent.body).toMatchObject({ error });
    expect(fakes.readStatus).not.toHaveBeenCalled();
  });

  it('answers an admin with the status of the asked window', async () => {
    const fakes = deps();
    const { res, sent } = response();
    await respondQueueStatus(request('GET', 'bearer admin', { windowHours: '6' }), res, fakes);
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ ...STATUS, windowHours: 6 });
    expect(sent.headers['Cache-Control']).toBe('no-store');
    expect(fakes.readStatus).toHaveBeenCalledWith(6);
  });
});

describe('parseWindowHours', () => {
  it.each<[unknown, number | null]>([
    [undefined, 2],
    ['1', 1],
    ['24', 24],
    ['0', null],
    ['25', null],
    ['2.5', null],
    ['-1', null],
    ['', null],
    [['2', '3'], null],
  ])('%j → %s', (value, hours) => {
    expect(parseWindowHours(value)).toBe(hours);
  });
});
