import type { FaultTriggerSpec } from './fault-trigger';

/** A rejected admin request body; the message is returned to the caller verbatim. */
export class AdminInputError extends Error {}

/** Reads an optional finite number, enforcing bounds and integrality when asked. */
export function readOptionalNumber(
  body: Record<string, unknown>,
  key: string,
  rules: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rules.integer || Number.isInteger(value)) &&
    (rules.min === undefined || value >= rules.min) &&
    (rules.max === undefined || value <= rules.max);
  if (!ok) {
    const bounds = `${rules.min ?? '-inf'}..${rules.max ?? 'inf'}`;
    throw new AdminInputError(
      `${key} must be ${rules.integer ? 'an integer' : 'a number'} in ${bounds}`,
    );
  }
  return value;
}

/** Reads an optional string. */
export function readOptionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AdminInputError(`${key} must be a string`);
  return value;
}

/** Reads an optional boolean. */
export function readOptionalBoolean(
  body: Record<string, unknown>,
  key: string,
): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new AdminInputError(`${key} must be a boolean`);
  return value;
}

/** Reads a required string that must be one of `allowed`. */
export function readChoice<T extends string>(
  body: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
): T {
  const value = body[key];
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new AdminInputError(`${key} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Reads the shared `probability` / `count` / `seed` / `delayMs` fields of a fault request. */
export function readFaultTiming(
  body: Record<string, unknown>,
): FaultTriggerSpec & { delayMs?: number } {
  return {
    probability: readOptionalNumber(body, 'probability', { min: 0, max: 1 }),
    count: readOptionalNumber(body, 'count', { min: 1, integer: true }),
    seed: readOptionalNumber(body, 'seed', { integer: true }),
    delayMs: readOptionalNumber(body, 'delayMs', { min: 0, max: 600_000, integer: true }),
  };
}
