/**
 * Launches the Stripe, oEmbed and Sentry stand-ins together for integration tests and the demo.
 * Prints one JSON line `{"ready":true,"stripe":...,"oembed":...,"sentry":...}` once all listen,
 * so a parent process can wait for it, and exits cleanly on SIGTERM / SIGINT.
 */
import { startOEmbedStandIn } from './oembed';
import { startSentryStandIn } from './sentry';
import type { RunningStandIn } from './shared/server-lifecycle';
import { startStripeStandIn } from './stripe';

/** Only for local runs; the harness passes the same secret to the functions via STRIPE_WEBHOOK_SECRET. */
const FALLBACK_WEBHOOK_SECRET = 'whsec_stand_in_local_only';

function readPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name} is not a port: ${raw}`);
  return port;
}

function readOptionalInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} is not a non-negative integer: ${raw}`);
  return value;
}

async function startAll(): Promise<RunningStandIn[]> {
  const host = '127.0.0.1';
  const started = await Promise.allSettled([
    startStripeStandIn({
      port: readPort('STRIPE_STAND_IN_PORT', 12111),
      host,
      webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || FALLBACK_WEBHOOK_SECRET,
      webhookUrl: process.env.STRIPE_WEBHOOK_URL || undefined,
      rateLimitPerSecond: readOptionalInteger('STRIPE_RATE_LIMIT_PER_SECOND') || undefined,
      latencyMs: readOptionalInteger('STRIPE_LATENCY_MS'),
    }),
    startOEmbedStandIn({ port: readPort('OEMBED_STAND_IN_PORT', 12112), host }),
    startSentryStandIn({ port: readPort('SENTRY_STAND_IN_PORT', 12113), host }),
  ]);
  const running = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failure = started.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    // Do not leave the other ports bound when, say, one port is already taken.
    await Promise.all(running.map((server) => server.close()));
    throw failure.reason;
  }
  return running;
}

async function main(): Promise<void> {
  const servers = await startAll();
  const [stripe, oembed, sentry] = servers;
  console.log(
    JSON.stringify({ ready: true, stripe: stripe.url, oembed: oembed.url, sentry: sentry.url }),
  );
  const shutdown = (): void => {
    void Promise.all(servers.map((server) => server.close())).then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error('[stand-ins] failed to start:', error);
  process.exit(1);
});
