/**
 * `queueStatus` over HTTP, against the Functions and Auth emulators: who may read it, and the
 * shape of what an admin gets. The figures themselves are checked in queue-status.test.ts.
 */
import { getAuth } from 'firebase-admin/auth';
import { beforeAll, describe, expect, it } from 'vitest';

import { QUEUES } from '../../src/config/queues';
import { FUNCTIONS_URL, testDb, uniqueId } from '../support/emulator';

const ENDPOINT = `${FUNCTIONS_URL}/queueStatus`;
const PASSWORD = 'password-123';

function authEndpoint(method: 'signUp' | 'signInWithPassword'): string {
  const host = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  if (!host) throw new Error('FIREBASE_AUTH_EMULATOR_HOST is not set: run through npm test');
  return `http://${host}/identitytoolkit.googleapis.com/v1/accounts:${method}?key=fake`;
}

async function authCall(method: 'signUp' | 'signInWithPassword', email: string) {
  const response = await fetch(authEndpoint(method), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, returnSecureToken: true }),
  });
  if (!response.ok)
    throw new Error(`${method} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { idToken: string; localId: string };
}

/** A fresh user's ID token; with `admin`, a token minted after the claim was set. */
async function idToken(admin: boolean): Promise<string> {
  const email = `${uniqueId(admin ? 'ops-admin' : 'ops-user')}@example.test`;
  const { idToken: token, localId } = await authCall('signUp', email);
  if (!admin) return token;
  await getAuth().setCustomUserClaims(localId, { admin: true });
  return (await authCall('signInWithPassword', email)).idToken;
}

async function get(query = '', token?: string, method = 'GET') {
  const response = await fetch(`${ENDPOINT}${query}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: response.status, body };
}

describe('queueStatus endpoint', () => {
  let userToken: string;
  let adminToken: string;

  beforeAll(async () => {
    testDb(); // initialises the Admin SDK against the emulators
    [userToken, adminToken] = await Promise.all([idToken(false), idToken(true)]);
  });

  it('answers 401 without a token', async () => {
    expect(await get()).toMatchObject({ status: 401, body: { error: 'missing_token' } });
  });

  it('answers 401 for a token that does not verify', async () => {
    const forged = await get('', 'not-a-real-token');
    expect(forged).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
  });

  it('answers 403 to a signed-in user without the admin claim', async () => {
    expect(await get('', userToken)).toMatchObject({ status: 403, body: { error: 'admin_only' } });
  });

  it('answers 405 to anything but GET', async () => {
    const posted = await get('', adminToken, 'POST');
    expect(posted).toMatchObject({ status: 405, body: { error: 'method_not_allowed' } });
  });

  it('answers 400 for a window outside 1..24 hours', async () => {
    for (const hours of ['0', '25', 'two']) {
      const answer = await get(`?windowHours=${hours}`, adminToken);
      expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_window_hours' } });
    }
  });

  it('answers 200 with the status of every queue to an admin', async () => {
    const { status, body } = await get('', adminToken);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      windowHours: 2,
      monitoring: { sentry: expect.stringMatching(/^(enabled|disabled)$/) },
      deadLetters: { total: expect.any(Number), unreplayed: expect.any(Number) },
      cost: { documentsRead: expect.any(Number) },
    });
    const queues = body.queues as { queue: string; depth: number; successRate: unknown }[];
    expect(queues.map((line) => line.queue)).toEqual(QUEUES.map((queue) => queue.name));
    for (const line of queues) expect(line.depth).toBeGreaterThanOrEqual(0);
  });

  it('honours the asked window', async () => {
    const { status, body } = await get('?windowHours=6', adminToken);
    expect(status).toBe(200);
    expect(body.windowHours).toBe(6);
  });
});
