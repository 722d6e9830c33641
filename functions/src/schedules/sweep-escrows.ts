/** Every 15 minutes: due releases, stuck money movements, expired bounties and their refunds. */
import { onSchedule, type ScheduledEvent } from 'firebase-functions/v2/scheduler';

import { SENTRY_DSN } from '../config/params';
import { monitored } from '../monitoring/monitored';

export const sweepEscrows = onSchedule(
  {
    schedule: '*/15 * * * *',
    timeZone: 'Etc/UTC',
    // The sweep stops itself after its budget (4 minutes), well inside the timeout.
    timeoutSeconds: 300,
    memory: '256MiB',
    secrets: [SENTRY_DSN],
  },
  monitored(
    { function: 'sweepEscrows', trigger: 'schedule' },
    (event: ScheduledEvent) => ({ jobName: event.jobName ?? null }),
    async (_event: ScheduledEvent) => {
      const [{ runSweep }, { getServices }] = await Promise.all([
        import('../processors/run-sweep'),
        import('../runtime/services'),
      ]);
      await runSweep(getServices());
    },
  ),
);
