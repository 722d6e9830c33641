import { paramError } from './errors';
import type { FormObject, FormValue } from './form-encoding';
import type { Metadata } from './objects';

/**
 * Rejects parameters the endpoint does not know, as Stripe does; this surfaces typos in the
 * backend's Stripe calls instead of silently ignoring them.
 */
export function rejectUnknownParams(params: FormObject, allowed: readonly string[]): void {
  const unknown = Object.keys(params).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw paramError(unknown, `Received unknown parameter: ${unknown}`, 'parameter_unknown');
  }
}

/** Reads a scalar string parameter, or undefined when absent. */
export function readString(params: FormObject, key: string): string | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw paramError(key, `Invalid string: ${key} must be a string.`);
  return value;
}

/** Reads a scalar string parameter that must be present and non-empty. */
export function readRequiredString(params: FormObject, key: string): string {
  const value = readString(params, key);
  if (value === undefined || value === '') {
    throw paramError(key, `Missing required param: ${key}.`, 'parameter_missing');
  }
  return value;
}

/** Reads a positive integer amount in the currency's smallest unit. */
export function readPositiveInteger(
  params: FormObject,
  key: string,
  required: boolean,
): number | undefined {
  const raw = required ? readRequiredString(params, key) : readString(params, key);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) {
    throw paramError(key, `Invalid integer: ${raw}`, 'parameter_invalid_integer');
  }
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw paramError(
      key,
      'This value must be greater than or equal to 1.',
      'parameter_invalid_integer',
    );
  }
  return value;
}

/** Reads a required ISO currency code, lower-cased as Stripe returns it. */
export function readCurrency(params: FormObject): string {
  const raw = readRequiredString(params, 'currency');
  if (!/^[a-zA-Z]{3}$/.test(raw)) {
    throw paramError('currency', `Invalid currency: ${raw.toLowerCase()}.`, 'parameter_invalid');
  }
  return raw.toLowerCase();
}

/** Reads `metadata[...]`; empty values are dropped because at Stripe they unset a key. */
export function readMetadata(params: FormObject): Metadata {
  const raw = params.metadata;
  if (raw === undefined || raw === '') return {};
  if (typeof raw === 'string' || Array.isArray(raw)) {
    throw paramError('metadata', 'Invalid hash', 'parameter_invalid');
  }
  const metadata: Metadata = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      throw paramError(`metadata[${key}]`, 'Metadata values must be strings.', 'parameter_invalid');
    }
    if (value !== '') metadata[key] = value;
  }
  return metadata;
}

/** Reads a `true`/`false` form value. */
export function readBoolean(value: FormValue | undefined, param: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw paramError(param, `Invalid boolean: ${String(value)}`, 'parameter_invalid');
}

/** Reads a list `limit` (1..100, default 10). */
export function readListLimit(params: FormObject): number {
  const raw = readString(params, 'limit');
  if (raw === undefined) return 10;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw paramError('limit', 'This value must be between 1 and 100.', 'parameter_invalid_integer');
  }
  return value;
}
