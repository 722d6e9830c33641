import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('tools/stand-ins/start.ts', () => {
  it('prints a ready line with three working URLs and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/stand-ins/start.ts'], {
      cwd: `${__dirname}/../../..`,
      env: {
        ...process.env,
        STRIPE_STAND_IN_PORT: '0',
        OEMBED_STAND_IN_PORT: '0',
        SENTRY_STAND_IN_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const ready = JSON.parse(line) as {
        ready: boolean;
        stripe: string;
        oembed: string;
        sentry: string;
      };
      expect(ready.ready).toBe(true);
      for (const url of [ready.stripe, ready.oembed, ready.sentry])
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${ready.stripe}/__admin/state`)).status).toBe(200);
      expect((await fetch(`${ready.oembed}/__admin/state`)).status).toBe(200);
      expect((await fetch(`${ready.sentry}/__admin/envelopes`)).status).toBe(200);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 20_000);
});
