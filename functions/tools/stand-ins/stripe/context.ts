import { CancellableDelays } from '../shared/cancellable-delays';
import { RateLimiter, STRIPE_ENDPOINTS, StripeFaults, type StripeEndpoint } from './faults';
import { IdempotencyStore } from './idempotency';
import { StripeStore } from './store';

/** Per-endpoint request counters reported by GET /__admin/state. */
export interface EndpointCounts {
  total: number;
  faulted: number;
  replayed: number;
  rateLimited: number;
}

/** Options of {@link StripeStandInContext}; see startStripeStandIn for their meaning. */
export interface StripeContextOptions {
  webhookUrl?: string;
  webhookSecret: string;
  rateLimitPerSecond?: number;
  latencyMs?: number;
}

/** Everything one Stripe stand-in instance holds; reset() returns it to its start-up state. */
export class StripeStandInContext {
  readonly store = new StripeStore();
  readonly idempotency = new IdempotencyStore();
  readonly faults = new StripeFaults();
  readonly rateLimiter: RateLimiter;
  readonly delays = new CancellableDelays();
  counts = createCounts();
  webhookUrl: string | undefined;
  webhookSecret: string;
  latencyMs: number;
  /** Last `Stripe-Version` a client sent; stamped on events as the account's API version. */
  lastApiVersion: string | null = null;

  constructor(private readonly options: StripeContextOptions) {
    this.rateLimiter = new RateLimiter(options.rateLimitPerSecond);
    this.webhookUrl = options.webhookUrl;
    this.webhookSecret = options.webhookSecret;
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Clears data, keys, faults and counters, and restores start-up configuration. */
  reset(): void {
    this.store.reset();
    this.idempotency.clear();
    this.faults.clear();
    this.counts = createCounts();
    this.rateLimiter.setLimit(this.options.rateLimitPerSecond);
    this.webhookUrl = this.options.webhookUrl;
    this.webhookSecret = this.options.webhookSecret;
    this.latencyMs = this.options.latencyMs ?? 0;
    this.lastApiVersion = null;
  }
}

function createCounts(): Record<StripeEndpoint, EndpointCounts> {
  const entries = STRIPE_ENDPOINTS.map(
    (endpoint) => [endpoint, { total: 0, faulted: 0, replayed: 0, rateLimited: 0 }] as const,
  );
  return Object.fromEntries(entries) as Record<StripeEndpoint, EndpointCounts>;
}
