/** A value decoded from Stripe's `a[b][0]=c` form encoding. */
export type FormValue = string | FormValue[] | FormObject;

/** A decoded form object. */
export interface FormObject {
  [key: string]: FormValue;
}

/** Raised when keys contradict each other, e.g. `a=1&a[b]=2`. */
export class FormShapeError extends Error {
  constructor(readonly param: string) {
    super(`Invalid value for ${param}: conflicting nested keys.`);
  }
}

const KEY_PATTERN = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/**
 * Decodes an `application/x-www-form-urlencoded` body (or query string) the way Stripe does:
 * bracketed keys nest, `[]` appends, and objects whose keys are 0..n-1 become arrays (the
 * official SDKs encode arrays as `list[0]=x&list[1]=y`).
 */
export function parseStripeForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    assignPath(root, splitKey(rawKey), value, rawKey);
  }
  return normaliseArrays(root) as FormObject;
}

function splitKey(rawKey: string): string[] {
  const match = KEY_PATTERN.exec(rawKey);
  if (match === null) return [rawKey];
  const nested = [...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]);
  return [match[1], ...nested];
}

function assignPath(root: FormObject, path: string[], value: string, rawKey: string): void {
  let node = root;
  path.forEach((segment, index) => {
    const key = segment === '' ? String(Object.keys(node).length) : segment;
    if (index === path.length - 1) {
      if (key in node) throw new FormShapeError(rawKey);
      node[key] = value;
      return;
    }
    const next = node[key] ?? {};
    if (typeof next === 'string' || Array.isArray(next)) throw new FormShapeError(rawKey);
    node[key] = next;
    node = next;
  });
}

function normaliseArrays(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const entries = keys.map((key) => [key, normaliseArrays(value[key])] as const);
  const isList = keys.length > 0 && keys.every((key, index) => key === String(index));
  if (isList) return entries.map(([, item]) => item);
  return Object.fromEntries(entries);
}

/**
 * Serialises params with sorted keys so that two requests with the same params in a different
 * order count as identical for idempotency, as they do at Stripe.
 */
export function canonicaliseParams(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicaliseParams).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicaliseParams(value[key])}`).join(',')}}`;
}
