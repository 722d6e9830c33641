import { createSeededRandom } from './seeded-random';

/** When an injected fault fires: on every match, for the next `count` matches, or at random. */
export interface FaultTriggerSpec {
  /** Chance (0..1) that a matching request is faulted. */
  probability?: number;
  /** Number of times the fault fires before it retires itself. */
  count?: number;
  /** PRNG seed for `probability`; the same seed reproduces the same sequence of faults. */
  seed?: number;
}

/** Default seed so that probabilistic faults are reproducible even when no seed is given. */
const DEFAULT_SEED = 1;

/**
 * Decides, request by request, whether one injected fault fires.
 * With neither `count` nor `probability` the fault fires on every match until cleared, which
 * models a sustained outage.
 */
export class FaultTrigger {
  private remaining: number | undefined;
  private readonly random: (() => number) | undefined;
  private readonly probability: number | undefined;

  constructor(spec: FaultTriggerSpec) {
    this.remaining = spec.count;
    this.probability = spec.probability;
    this.random =
      spec.probability === undefined ? undefined : createSeededRandom(spec.seed ?? DEFAULT_SEED);
  }

  /** True once a counted fault has fired `count` times. */
  get exhausted(): boolean {
    return this.remaining !== undefined && this.remaining <= 0;
  }

  /** Rolls for one matching request; consumes one unit of `count` only when it fires. */
  fire(): boolean {
    if (this.exhausted) return false;
    if (this.random !== undefined && this.probability !== undefined) {
      if (this.random() >= this.probability) return false;
    }
    if (this.remaining !== undefined) this.remaining -= 1;
    return true;
  }
}
