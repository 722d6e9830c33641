/**
 * `runInstrumented` keeps the body's behaviour whatever the instrumentation does: the body runs
 * exactly once and the caller gets its own value or error object.
 */
import { describe, expect, it, vi } from 'vitest';

import { runInstrumented } from '../../../src/monitoring/instrumented';

type Instrument = (run: () => Promise<unknown>) => Promise<unknown>;

const instruments: [string, Instrument][] = [
  ['a well-behaved instrument', (run) => run()],
  ['an instrument that swallows the body error', (run) => run().catch(() => 'swallowed')],
  ['an instrument failing before the body', async () => Promise.reject(new Error('sdk broke'))],
  [
    'an instrument failing after the body',
    async (run) => {
      await run().catch(() => undefined);
      throw new Error('flush broke');
    },
  ],
  [
    'an instrument that starts the body twice and returns early',
    async (run) => {
      void run();
      void run();
    },
  ],
  ['an instrument that never starts the body', async () => 'skipped'],
];

describe('runInstrumented', () => {
  it.each(instruments)('with %s: value passes through, body runs once', async (_, instrument) => {
    const value = { v: 1 };
    const body = vi.fn(async () => value);
    await expect(runInstrumented(instrument, body)).resolves.toBe(value);
    expect(body).toHaveBeenCalledTimes(1);
  });

  it.each(instruments)('with %s: the same error passes through', async (_, instrument) => {
    const error = new Error('body failed');
    const body = vi.fn(async () => {
      throw error;
    });
    await expect(runInstrumented(instrument, body)).rejects.toBe(error);
    expect(body).toHaveBeenCalledTimes(1);
  });

  it('turns a synchronous throw of the body into a rejection', async () => {
    const error = new Error('sync');
    const body = (() => {
      throw error;
    }) as () => Promise<never>;
    await expect(runInstrumented((run) => run().catch(() => undefined), body)).rejects.toBe(error);
  });
});
