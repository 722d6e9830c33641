/**
 * Removes secrets and personal data from what is sent to the error monitor. Pure: inputs are never
 * mutated (breadcrumb data may be a live object of the caller), and outputs are fresh copies.
 *
 * Everything is bounded so a huge or cyclic value cannot stall an invocation: string length,
 * nesting depth and the number of visited nodes per value are capped, cycles become `[circular]`.
 * Regexes are written so their work stays linear in the input (no unbounded run before a literal).
 */

/** Longest string scanned; the rest is cut off (Sentry truncates long values anyway). */
const MAX_STRING_LENGTH = 16_384;
const MAX_DEPTH = 10;
/** Nodes visited per scrubbed value before the remainder is replaced by `[truncated]`. */
const MAX_NODES = 5_000;

/** Keys whose values are identifiers of the event itself, never user data: left untouched. */
/** Key marking where an over-budget object was cut. */
export const TRUNCATED_KEY = '…';

const ID_KEYS = new Set(['event_id', 'trace_id', 'span_id', 'parent_span_id', 'segment_id']);

/** Key fragments, compared case-insensitively without `-`, `_` or spaces. */
const SENSITIVE_KEY_PARTS = [
  'password',
  'passwd',
  'secret',
  'token',
  'authorization',
  'apikey',
  'cookie',
  'privatekey',
  'credential',
];

interface Rule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

/**
 * Applied in order: recognisable tokens and keys first, then `key=value` pairs (a value already
 * replaced, `[…]`, is left alone), emails, and card numbers last (they only look at digits).
 */
const RULES: readonly Rule[] = [
  { pattern: /\bBearer\s+[\w.~+/=-]+/gi, replace: () => 'Bearer [token]' },
  { pattern: /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, replace: () => '[token]' },
  {
    pattern: /\b(?:sk_live|sk_test|rk_live|rk_test|whsec)_[0-9A-Za-z]+/g,
    replace: () => '[stripe-key]',
  },
  // PaymentIntent / SetupIntent client secrets (`pi_123_secret_abc`).
  { pattern: /\b(?:pi|seti)_[0-9A-Za-z]+_secret_[0-9A-Za-z]+/g, replace: () => '[token]' },
  {
    // `password=…`, `"apiKey": "…"`, `token: …` inside free text.
    pattern: /\b([A-Za-z][\w-]{0,63})(["']?\s*[:=]\s*["']?)([^\s"'&,;}\][][^\s"'&,;}\]]*)/g,
    replace: (match, key, separator) =>
      isSensitiveKey(key) ? `${key}${separator}[redacted]` : match,
  },
  {
    pattern: /[\w.%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}/g,
    replace: () => '[email]',
  },
  {
    pattern: /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g,
    replace: (match) => (isLuhnValid(match.replace(/[ -]/g, '')) ? '[card]' : match),
  },
];

/** True for keys such as `password`, `clientSecret`, `id_token`, `Authorization`, `apiKey`. */
export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_\s]/g, '');
  return SENSITIVE_KEY_PARTS.some((part) => normalized.includes(part));
}

/** Luhn checksum of a string of digits. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Replaces emails, bearer tokens, JWTs, Stripe keys, card numbers and `secret=…` pairs. */
export function scrubString(text: string): string {
  let result =
    text.length > MAX_STRING_LENGTH ? `${text.slice(0, MAX_STRING_LENGTH)}…[truncated]` : text;
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    result = result.replace(rule.pattern, rule.replace);
  }
  return result;
}

interface Walk {
  seen: WeakSet<object>;
  budget: number;
}

/**
 * Deep-scrubs any value: strings through {@link scrubString}, values under sensitive keys become
 * `[redacted]`, integers that look like card numbers become `[card]`.
 */
export function scrubValue(value: unknown): unknown {
  return walk(value, 0, { seen: new WeakSet(), budget: MAX_NODES });
}

function walk(value: unknown, depth: number, state: Walk): unknown {
  state.budget -= 1;
  if (state.budget < 0) return '[truncated]';
  if (typeof value === 'string') return scrubString(value);
  if (typeof value === 'number') return scrubNumber(value);
  if (typeof value === 'bigint') return scrubString(value.toString());
  if (typeof value === 'function') return '[function]';
  if (typeof value === 'symbol') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[binary]';
  if (value instanceof Error) return scrubString(`${value.name}: ${value.message}`);
  if (state.seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  state.seen.add(value);
  const result = Array.isArray(value)
    ? value.map((item) => walk(item, depth + 1, state))
    : walkObject(value as Record<string, unknown>, depth, state);
  // Only ancestors count as cycles; the same object met twice side by side is scrubbed twice.
  state.seen.delete(value);
  return result;
}

function walkObject(record: Record<string, unknown>, depth: number, state: Walk) {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (state.budget <= 0) {
      // Out of budget: the remaining keys are dropped, not copied one by one.
      copy[TRUNCATED_KEY] = '[truncated]';
      break;
    }
    const item = record[key];
    if (ID_KEYS.has(key) && typeof item === 'string') copy[key] = item;
    else if (isSensitiveKey(key) && item !== null && item !== undefined) copy[key] = '[redacted]';
    else copy[key] = walk(item, depth + 1, state);
  }
  return copy;
}

function scrubNumber(value: number): number | string {
  if (!Number.isSafeInteger(value) || Math.abs(value) < 1e12) return value;
  const digits = Math.abs(value).toString();
  return digits.length >= 13 && digits.length <= 19 && isLuhnValid(digits) ? '[card]' : value;
}

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Scrubs a breadcrumb's message and data; other fields (category, level...) are kept. */
export function scrubBreadcrumb<B extends object>(breadcrumb: B): B {
  const crumb = breadcrumb as Loose;
  const copy: Loose = { ...crumb };
  if (typeof crumb.message === 'string') copy.message = scrubString(crumb.message);
  if (crumb.data !== undefined) copy.data = scrubValue(crumb.data);
  return copy as B;
}

/** Parts of an event holding free data; ids, timestamps and SDK info are left as they are. */
const FREE_FIELDS = ['message', 'logentry', 'tags', 'extra', 'contexts', 'request', 'transaction'];

/**
 * Scrubs an error or transaction event: message, exception values and the source lines of their
 * frames, breadcrumbs, tags, extra, contexts, request data, user fields other than the id, and
 * span descriptions and data.
 */
export function scrubEvent<E extends object>(event: E): E {
  const source = event as Loose;
  const copy: Loose = { ...source };
  for (const field of FREE_FIELDS) {
    if (source[field] !== undefined) copy[field] = scrubValue(source[field]);
  }
  if (isRecord(source.exception)) copy.exception = scrubException(source.exception);
  if (Array.isArray(source.breadcrumbs)) {
    copy.breadcrumbs = source.breadcrumbs.map((crumb: unknown) =>
      isRecord(crumb) ? scrubBreadcrumb(crumb) : crumb,
    );
  }
  if (isRecord(source.user)) {
    const { id, ...rest } = source.user;
    copy.user = { ...(scrubValue(rest) as Loose), ...(id === undefined ? {} : { id }) };
  }
  if (Array.isArray(source.spans)) copy.spans = source.spans.map(scrubSpan);
  return copy as E;
}

function scrubException(exception: Loose): Loose {
  if (!Array.isArray(exception.values)) return exception;
  const values = exception.values.map((entry: unknown) => {
    if (!isRecord(entry)) return entry;
    const copy: Loose = { ...entry };
    if (typeof entry.value === 'string') copy.value = scrubString(entry.value);
    if (isRecord(entry.stacktrace) && Array.isArray(entry.stacktrace.frames)) {
      copy.stacktrace = { ...entry.stacktrace, frames: entry.stacktrace.frames.map(scrubFrame) };
    }
    return copy;
  });
  return { ...exception, values };
}

/** Source lines around a frame (the ContextLines integration) can hold literals too. */
const FRAME_TEXT_FIELDS = ['context_line', 'pre_context', 'post_context', 'vars'];

function scrubFrame(frame: unknown): unknown {
  if (!isRecord(frame)) return frame;
  const copy: Loose = { ...frame };
  for (const field of FRAME_TEXT_FIELDS) {
    if (frame[field] !== undefined) copy[field] = scrubValue(frame[field]);
  }
  return copy;
}

function scrubSpan(span: unknown): unknown {
  if (!isRecord(span)) return span;
  const copy: Loose = { ...span };
  if (typeof span.description === 'string') copy.description = scrubString(span.description);
  if (span.data !== undefined) copy.data = scrubValue(span.data);
  return copy;
}

/** Scrubs a metric's attributes (metrics carry the tags given to `recordMetric`). */
export function scrubMetric<M extends object>(metric: M): M {
  const source = metric as Loose;
  if (source.attributes === undefined) return metric;
  return { ...source, attributes: scrubValue(source.attributes) } as M;
}
