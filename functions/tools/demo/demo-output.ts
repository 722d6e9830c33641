/**
 * Printing and client helpers for the demo.
 */
import { appendFileSync } from 'node:fs';

import type { StripeStateSnapshot } from '../stand-ins/stripe';
import { FUNCTIONS_URL, testDb } from '../../test/support/emulator';
import { DEMO_PASSWORD } from './seed';

export interface Touched {
  bounties: string[];
  submissions: string[];
  escrowPayments: string[];
  deadLetters: string[];
}

const started = Date.now();

/** The story goes to DEMO_STORY_FILE when set (scripts/demo.sh shows it live), else stdout. */
export function say(line: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  print(`[${seconds}s] ${line}`);
}

export function print(line: string): void {
  const file = process.env.DEMO_STORY_FILE;
  if (file) appendFileSync(file, `${line}\n`);
  else console.log(line);
}

export interface SignedIn {
  uid: string;
  idToken: string;
}

/** Signs a seeded user in through the Auth emulator's REST API. */
export async function signIn(email: string): Promise<SignedIn> {
  const host = process.env.FIREBASE_AUTH_EMULATOR_HOST ?? '127.0.0.1:9099';
  const response = await fetch(
    `http://${host}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: DEMO_PASSWORD, returnSecureToken: true }),
    },
  );
  const body = (await response.json()) as { idToken?: string; localId?: string };
  if (!body.idToken || !body.localId) {
    throw new Error(`sign-in of ${email} failed (was emulator-data imported?)`);
  }
  return { uid: body.localId, idToken: body.idToken };
}

export async function callAs<T>(name: string, data: unknown, user: SignedIn): Promise<T> {
  const response = await fetch(`${FUNCTIONS_URL}/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${user.idToken}` },
    body: JSON.stringify({ data }),
  });
  const body = (await response.json()) as { result?: T; error?: unknown };
  if (!body.result) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
  return body.result;
}

const TERMINAL_ESCROW = ['released', 'refunded', 'failed'];

function pick(data: Record<string, unknown> | undefined, fields: string[]) {
  if (!data) return '(missing)';
  const shown = fields
    .filter((field) => data[field] !== undefined && data[field] !== null)
    .map((field) => `${field}=${formatValue(data[field])}`);
  return shown.join(' ');
}

function formatValue(value: unknown): string {
  if (value && typeof value === 'object' && 'toDate' in value) {
    return (value as { toDate(): Date }).toDate().toISOString();
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Prints every document the demo touched; returns false if an escrow is not terminal. */
export async function printFinalState(touched: Touched, stripe: StripeStateSnapshot) {
  const db = testDb();
  print('\nFinal state');
  for (const id of touched.bounties) {
    const data = (await db.doc(`bounties/${id}`).get()).data();
    print(
      `  bounties/${id}: ${pick(data, ['status', 'rewardCents', 'escrowPaymentId', 'approvedSubmissionId'])}`,
    );
  }
  for (const id of touched.submissions) {
    const data = (await db.doc(`submissions/${id}`).get()).data();
    print(`  submissions/${id}: ${pick(data, ['status', 'creatorId'])}`);
  }
  let allTerminal = true;
  for (const id of touched.escrowPayments) {
    const data = (await db.doc(`escrowPayments/${id}`).get()).data();
    allTerminal &&= TERMINAL_ESCROW.includes(String(data?.status));
    print(
      `  escrowPayments/${id}: ${pick(data, ['status', 'amountCents', 'transferId', 'refundId'])}`,
    );
  }
  for (const id of touched.deadLetters) {
    const data = (await db.doc(`deadLetters/${id}`).get()).data();
    print(`  deadLetters/${id}: ${pick(data, ['type', 'error', 'attempts', 'replayTaskId'])}`);
  }
  print(
    `  stripe: ${stripe.transfers.length} transfer(s), ${stripe.refunds.length} refund(s), ` +
      `${stripe.paymentIntents.length} payment intent(s)`,
  );
  return allTerminal;
}
