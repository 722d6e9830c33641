/**
 * Looks content up through the platforms' public oEmbed endpoints (https://oembed.com) and sorts
 * every answer into found, not found (permanent) or unavailable (worth retrying).
 *
 * Real endpoints, used when no base URL is configured:
 * - TikTok: https://www.tiktok.com/oembed?url=
 *   (https://developers.tiktok.com/doc/embed-videos)
 * - YouTube: https://www.youtube.com/oembed?format=json&url=
 * - X: https://publish.twitter.com/oembed?url=
 *   (https://developer.x.com/en/docs/x-for-websites/oembed-api)
 * - Instagram: none without credentials. Limitation: Meta's oEmbed endpoint
 *   (https://developers.facebook.com/docs/instagram/oembed) requires an app access token, which
 *   this project does not hold; effect: in production every Instagram link is answered
 *   `unavailable` (without retries, see {@link NO_PUBLIC_ENDPOINT}), so Instagram submissions end
 *   `needs_review`, until an access token param is added and passed here.
 *
 * With a base URL (the emulator's stand-in) every platform is `{base}/{platform}/oembed?url=`.
 */
import type { Platform } from '../domain/bounty';
import { textOfOEmbed } from '../domain/content-checks';
import { withSpan } from '../monitoring/monitor';

export type OEmbedLookup =
  | { kind: 'found'; text: string }
  | { kind: 'not_found'; status: number }
  | { kind: 'unavailable'; reason: string };

const REAL_ENDPOINTS: Record<Platform, string | null> = {
  tiktok: 'https://www.tiktok.com/oembed?url=',
  youtube: 'https://www.youtube.com/oembed?format=json&url=',
  x: 'https://publish.twitter.com/oembed?url=',
  instagram: null,
};

/** Reason of `unavailable` when the platform has no endpoint we can call: retrying cannot help. */
export const NO_PUBLIC_ENDPOINT = 'no_public_endpoint';

/** Answers that say the post does not exist or is not public; retrying will not change them. */
const NOT_FOUND_STATUSES = new Set([400, 401, 403, 404, 410]);

/** Real answers are a few kilobytes; a larger body is not an oEmbed answer worth parsing. */
const MAX_BODY_BYTES = 256 * 1024;

/** The request URL for `url` on `platform`, or null when the platform has no usable endpoint. */
export function oembedEndpoint(
  baseUrl: string | null,
  platform: Platform,
  url: string,
): string | null {
  const query = encodeURIComponent(url);
  if (baseUrl !== null) return `${baseUrl.replace(/\/+$/, '')}/${platform}/oembed?url=${query}`;
  const endpoint = REAL_ENDPOINTS[platform];
  return endpoint === null ? null : `${endpoint}${query}`;
}

/**
 * Fetches the oEmbed answer for `url` and returns its text (title, author, visible html).
 * Never throws: network errors, timeouts, 429, 5xx, redirects and malformed answers are all
 * `unavailable`; 400/401/403/404/410 are `not_found`.
 */
export async function fetchOEmbed(
  fetchFn: typeof fetch,
  baseUrl: string | null,
  platform: Platform,
  url: string,
  timeoutMs: number,
): Promise<OEmbedLookup> {
  const endpoint = oembedEndpoint(baseUrl, platform, url);
  if (endpoint === null) return { kind: 'unavailable', reason: NO_PUBLIC_ENDPOINT };

  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // The span name leaves out the looked-up URL: it is user content.
    return await withSpan(`GET oembed ${platform}`, 'http.client', async () => {
      // A redirect is not followed: it could lead to any host, and no real endpoint sends one.
      const response = await fetchFn(endpoint, {
        headers: { accept: 'application/json' },
        redirect: 'manual',
        signal,
      });
      return readLookup(response);
    });
  } catch (error) {
    return { kind: 'unavailable', reason: signal.aborted ? 'timeout' : describeFailure(error) };
  }
}

async function readLookup(response: Response): Promise<OEmbedLookup> {
  if (NOT_FOUND_STATUSES.has(response.status)) {
    await response.body?.cancel();
    return { kind: 'not_found', status: response.status };
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    // Status 0 is an opaque redirect, which some fetch implementations return for 'manual'.
    const redirected = response.status === 0 || (response.status >= 300 && response.status < 400);
    return { kind: 'unavailable', reason: redirected ? 'redirect' : `http_${response.status}` };
  }

  const body = await readCappedText(response, MAX_BODY_BYTES);
  if (body === null) return { kind: 'unavailable', reason: 'response_too_large' };
  const fields = parseOEmbedFields(body);
  return fields === null
    ? { kind: 'unavailable', reason: 'invalid_response' }
    : { kind: 'found', text: textOfOEmbed(fields) };
}

/** Reads at most `limit` bytes of the body; null when it is longer. */
async function readCappedText(response: Response, limit: number): Promise<string | null> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    // Leaving the loop early cancels the stream, so the rest is never downloaded.
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseOEmbedFields(
  body: string,
): { title?: string; author_name?: string; html?: string } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? record[key] : undefined);
  return { title: text('title'), author_name: text('author_name'), html: text('html') };
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? `network_${cause.code.toLowerCase()}` : 'network_error';
}
