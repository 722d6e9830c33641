/**
 * Push notifications to device tokens. Production sends through Firebase Cloud Messaging; the
 * emulator suite has no FCM emulator, so inside it a recording sender stands in (see
 * `emulator-push-sender.ts`).
 */
export interface PushMessage {
  title: string;
  body: string;
  data: Record<string, string>;
}

export interface PushResult {
  /** Tokens FCM reports as unregistered or invalid: the caller prunes them. */
  invalidTokens: string[];
  delivered: number;
}

export interface PushSender {
  send(tokens: string[], message: PushMessage): Promise<PushResult>;
}
