/**
 * A stand-in for FCM inside the Firebase emulator suite, which has no FCM emulator.
 *
 * Limitation: nothing reaches a device and no FCM rule is checked (token format, payload size,
 * reserved data keys, rate limits). Each send is only recorded as a document in
 * `emulatorPushLog/{auto}`, so tests and the demo can see what would have been pushed. Tokens
 * starting with `invalid-` are answered as unregistered so token pruning runs end to end.
 * `runtime/services.ts` picks this sender only when FUNCTIONS_EMULATOR is true.
 */
import { Timestamp, type Firestore } from 'firebase-admin/firestore';

import type { PushSender } from './push-sender';

export const EMULATOR_PUSH_LOG = 'emulatorPushLog';

/** Tokens with this prefix are treated as unregistered by the emulator sender. */
export const EMULATOR_INVALID_TOKEN_PREFIX = 'invalid-';

/** A {@link PushSender} that records each push in {@link EMULATOR_PUSH_LOG} instead of sending. */
export function createEmulatorPushSender(db: Firestore): PushSender {
  return {
    async send(tokens, message) {
      const invalidTokens = tokens.filter((token) =>
        token.startsWith(EMULATOR_INVALID_TOKEN_PREFIX),
      );

      await db.collection(EMULATOR_PUSH_LOG).add({
        tokens,
        invalidTokens,
        title: message.title,
        body: message.body,
        data: message.data,
        sentAt: Timestamp.now(),
      });

      return { delivered: tokens.length - invalidTokens.length, invalidTokens };
    },
  };
}
