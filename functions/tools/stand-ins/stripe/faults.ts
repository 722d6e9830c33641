import {
  AdminInputError,
  readChoice,
  readFaultTiming,
  readOptionalString,
} from '../shared/admin-input';
import { FaultTrigger, type FaultTriggerSpec } from '../shared/fault-trigger';

/** API resources the stand-in serves; faults, rate limits and counters are kept per resource. */
export const STRIPE_ENDPOINTS = ['payment_intents', 'transfers', 'refunds', 'accounts'] as const;

/** One of {@link STRIPE_ENDPOINTS}. */
export type StripeEndpoint = (typeof STRIPE_ENDPOINTS)[number];

/**
 * Injectable failures. `429`, `500` and `timeout` happen before the request does anything;
 * `effect_then_*` perform the request (and save its idempotent result) and then fail the answer,
 * modelling a crash or network cut after Stripe accepted the call.
 */
export const STRIPE_FAULT_KINDS = [
  '429',
  '500',
  'timeout',
  'effect_then_500',
  'effect_then_drop',
] as const;

/** One of {@link STRIPE_FAULT_KINDS}. */
export type StripeFaultKind = (typeof STRIPE_FAULT_KINDS)[number];

/** Body of POST /__admin/faults. */
export interface StripeFaultSpec extends FaultTriggerSpec {
  endpoint: StripeEndpoint | '*';
  kind: StripeFaultKind;
  /** Restricts the fault to one HTTP method, e.g. fail POST /v1/transfers but not listing. */
  method?: 'GET' | 'POST';
  /** For `timeout`: how long the request is held before the socket is destroyed (default 10 s). Otherwise: latency added before the failing answer. */
  delayMs?: number;
}

/** The fault chosen for one request. */
export interface ChosenFault {
  kind: StripeFaultKind;
  delayMs: number;
}

const DEFAULT_TIMEOUT_HOLD_MS = 10_000;

/** Validates an admin fault request body. */
export function parseStripeFaultSpec(body: Record<string, unknown>): StripeFaultSpec {
  const method = readOptionalString(body, 'method');
  if (method !== undefined && method !== 'GET' && method !== 'POST') {
    throw new AdminInputError('method must be GET or POST');
  }
  return {
    endpoint: readChoice(body, 'endpoint', [...STRIPE_ENDPOINTS, '*'] as const),
    kind: readChoice(body, 'kind', STRIPE_FAULT_KINDS),
    method,
    ...readFaultTiming(body),
  };
}

/** The list of active faults, consulted once per API request in insertion order. */
export class StripeFaults {
  private rules: { spec: StripeFaultSpec; trigger: FaultTrigger }[] = [];

  /** Adds a fault; earlier faults take precedence when several match. */
  add(spec: StripeFaultSpec): void {
    this.rules.push({ spec, trigger: new FaultTrigger(spec) });
  }

  /** Removes every fault. */
  clear(): void {
    this.rules = [];
  }

  /** The faults still able to fire. */
  list(): StripeFaultSpec[] {
    return this.rules.filter((rule) => !rule.trigger.exhausted).map((rule) => rule.spec);
  }

  /** Returns the fault to apply to this request, if any fires. */
  choose(endpoint: StripeEndpoint, method: string): ChosenFault | undefined {
    for (const { spec, trigger } of this.rules) {
      if (spec.endpoint !== '*' && spec.endpoint !== endpoint) continue;
      if (spec.method !== undefined && spec.method !== method) continue;
      if (!trigger.fire()) continue;
      const defaultDelay = spec.kind === 'timeout' ? DEFAULT_TIMEOUT_HOLD_MS : 0;
      return { kind: spec.kind, delayMs: spec.delayMs ?? defaultDelay };
    }
    return undefined;
  }
}

/**
 * Per-endpoint sliding one-second window, like Stripe's test-mode rate limiter. Rejected requests
 * are not counted, so a client that backs off gets through again.
 */
export class RateLimiter {
  private readonly recent = new Map<StripeEndpoint, number[]>();

  constructor(private limitPerSecond: number | undefined) {}

  /** Changes the limit; undefined disables limiting. */
  setLimit(limitPerSecond: number | undefined): void {
    this.limitPerSecond = limitPerSecond;
    this.recent.clear();
  }

  /** The current limit, or undefined when off. */
  get limit(): number | undefined {
    return this.limitPerSecond;
  }

  /** Records the request and says whether it is within the limit. */
  allow(endpoint: StripeEndpoint, nowMs: number): boolean {
    if (this.limitPerSecond === undefined) return true;
    const window = (this.recent.get(endpoint) ?? []).filter((time) => nowMs - time < 1000);
    const allowed = window.length < this.limitPerSecond;
    if (allowed) window.push(nowMs);
    this.recent.set(endpoint, window);
    return allowed;
  }
}
