/** A response saved under an idempotency key, replayed verbatim on retries. */
export interface SavedResponse {
  status: number;
  body: string;
  requestId: string;
}

type Entry =
  | { state: 'in_flight'; fingerprint: string }
  | { state: 'done'; fingerprint: string; response: SavedResponse };

/** Outcome of claiming an idempotency key for a new request. */
export type IdempotencyClaim =
  | { kind: 'proceed'; release: (response: SavedResponse | undefined) => void }
  | { kind: 'replay'; response: SavedResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

/**
 * Stripe-style idempotency keys, scoped per API key.
 *
 * A request that arrives while another with the same key is still executing is refused (the
 * caller answers 409, like Stripe's "concurrent request" error) rather than queued: that is what
 * the real API does, and the official SDKs retry 409 automatically.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /**
   * Claims `key` for a request identified by `fingerprint` (method, path and canonical params).
   * On `proceed` the caller must call `release`, passing the response to save, or undefined to
   * free the key without saving (e.g. the request was faulted before doing anything).
   */
  claim(apiKey: string, key: string, fingerprint: string): IdempotencyClaim {
    const scopedKey = `${apiKey}\u0000${key}`;
    const entry = this.entries.get(scopedKey);
    if (entry !== undefined && entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (entry?.state === 'in_flight') return { kind: 'in_flight' };
    if (entry?.state === 'done') return { kind: 'replay', response: entry.response };
    this.entries.set(scopedKey, { state: 'in_flight', fingerprint });
    return {
      kind: 'proceed',
      release: (response) => {
        if (response === undefined) this.entries.delete(scopedKey);
        else this.entries.set(scopedKey, { state: 'done', fingerprint, response });
      },
    };
  }

  /** Forgets every key. */
  clear(): void {
    this.entries.clear();
  }
}
