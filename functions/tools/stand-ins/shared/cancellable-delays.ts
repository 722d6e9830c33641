import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Issues waits that all abort at once when the stand-in closes, so a request held by a timeout
 * fault cannot keep the process (or a test run) alive after close().
 */
export class CancellableDelays {
  private controller = new AbortController();

  /** Resolves after `ms`; rejects with an AbortError if {@link cancelAll} runs first. */
  async wait(ms: number): Promise<void> {
    if (ms <= 0) return;
    await sleep(ms, undefined, { signal: this.controller.signal });
  }

  /** Aborts every pending wait; later waits get a fresh controller. */
  cancelAll(): void {
    this.controller.abort();
    this.controller = new AbortController();
  }
}

/** True for the rejection produced by a cancelled wait. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
