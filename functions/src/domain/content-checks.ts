/**
 * The checks a submitted content link must pass, as pure functions: parsing and normalising the
 * link, mapping its host to a platform, duplicate detection inside one submission, and matching a
 * bounty's hashtag and mention requirements against the text of the platform's oEmbed answer.
 *
 * Links come from clients, so parsing is strict: anything a reviewer would not recognise as a
 * plain post URL (credentials, ports, IP hosts, control or invisible characters) is refused.
 */
import type { Platform } from './bounty';

/** Longest link accepted; the same bound `firestore.rules` puts on `contentLinks` items. */
export const MAX_LINK_LENGTH = 2048;

/** Most links one submission may carry; the bound `firestore.rules` puts on `contentLinks`. */
export const MAX_LINKS_PER_SUBMISSION = 10;

/** Why a link failed before anything was fetched. */
export type StaticFailure = 'invalid_url' | 'not_https' | 'platform_not_allowed' | 'duplicate_link';

/** Reason of a link whose platform could not be reached on the last attempt. */
export const PLATFORM_UNAVAILABLE = 'platform_unavailable';

export const VERIFICATION_OUTCOMES = ['verified', 'rejected', 'needs_review'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/** One entry of `verification.checks` on a submission. */
export interface LinkCheck {
  link: string;
  ok: boolean;
  reason: string | null;
}

/** A link that parsed as a post on a known platform. */
export interface ContentLink {
  /** The link as submitted. */
  link: string;
  /** What is sent to the oEmbed endpoint: the submitted link as parsed, without fragment. */
  fetchUrl: string;
  /** Key under which two spellings of the same post compare equal. */
  normalised: string;
  platform: Platform;
}

export type ParsedLink =
  ({ ok: true } & ContentLink) | { ok: false; link: string; reason: StaticFailure };

/** Hosts of each platform, after `www.` / `m.` are stripped. */
const PLATFORM_HOSTS: Record<string, Platform> = {
  'tiktok.com': 'tiktok',
  'vm.tiktok.com': 'tiktok',
  'youtube.com': 'youtube',
  'youtu.be': 'youtube',
  'instagram.com': 'instagram',
  'x.com': 'x',
  'twitter.com': 'x',
};

/** The same post is reachable under these hosts; the key uses the canonical one. */
const CANONICAL_HOSTS: Record<string, string> = { 'twitter.com': 'x.com' };

// Control (Cc), format (Cf: zero-width, bidi overrides) and separator (Z) characters let a link
// look different from what it is; a backslash is read as "/" by URL parsers but not by people.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Z}\\]/u;

/** Platform serving `host`, ignoring case, a trailing dot and a `www.` or `m.` prefix. */
export function platformOfHost(host: string): Platform | null {
  return PLATFORM_HOSTS[bareHost(host)] ?? null;
}

function bareHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^(www|m)\./, '');
}

function isIpLiteral(hostname: string): boolean {
  // WHATWG URL parsing already rewrote IPv4 spellings such as 0x7f.1 to dotted decimal.
  return hostname.startsWith('[') || /^[\d.]+$/.test(hostname);
}

/**
 * Parses one submitted link. Refuses hostile shapes as `invalid_url`, anything but https as
 * `not_https`, and hosts of no known platform as `platform_not_allowed`.
 */
export function parseContentLink(link: string): ParsedLink {
  const fail = (reason: StaticFailure): ParsedLink => ({ ok: false, link, reason });
  if (link.length > MAX_LINK_LENGTH || FORBIDDEN_CHARACTERS.test(link) || !URL.canParse(link)) {
    return fail('invalid_url');
  }
  const url = new URL(link);
  if (url.protocol !== 'https:') return fail('not_https');

  // URL parsers accept "https:host" and "https:/host"; people and other parsers do not.
  const authority = /^https:\/\/([^/?#]*)/i.exec(link)?.[1];
  if (authority === undefined || authority.includes('@') || url.username || url.password) {
    return fail('invalid_url');
  }
  if (url.port !== '' || isIpLiteral(url.hostname)) return fail('invalid_url');

  const platform = platformOfHost(url.hostname);
  if (platform === null) return fail('platform_not_allowed');
  url.hash = '';
  return { ok: true, link, fetchUrl: url.href, normalised: normaliseUrl(url), platform };
}

/**
 * The duplicate-detection key of a parsed URL: https, canonical lower-case host without `www.`
 * or `m.`, path without trailing slashes, no fragment. Of the query only YouTube's `v` is kept:
 * none of the four platforms identifies a post by any other parameter, so the rest (utm_*, si,
 * igshid, share tokens) only tells spellings of one post apart.
 */
function normaliseUrl(url: URL): string {
  const host = bareHost(url.hostname);
  const path = url.pathname.replace(/\/+$/, '');
  if (host === 'youtu.be' && path.length > 1) {
    return `https://youtube.com/watch?v=${encodeURIComponent(path.slice(1))}`;
  }
  const videoId = url.searchParams.get('v');
  const query =
    host === 'youtube.com' && path === '/watch' && videoId
      ? `?v=${encodeURIComponent(videoId)}`
      : '';
  return `https://${CANONICAL_HOSTS[host] ?? host}${path}${query}`;
}

/** The normalised form of `link`, or null when it does not parse as a post on a known platform. */
export function normaliseContentLink(link: string): string | null {
  const parsed = parseContentLink(link);
  return parsed.ok ? parsed.normalised : null;
}

/**
 * Runs every check that needs no network on the links of one submission, in order: parsing,
 * the bounty's platforms, and repeats of one post inside the submission (the first occurrence
 * keeps its result, later ones are `duplicate_link`).
 */
export function checkLinksStatically(
  links: readonly string[],
  allowed: readonly Platform[],
): ParsedLink[] {
  const seen = new Set<string>();
  return links.map((link) => {
    const parsed = parseContentLink(link);
    if (!parsed.ok) return parsed;
    if (!allowed.includes(parsed.platform))
      return { ok: false, link, reason: 'platform_not_allowed' };
    if (seen.has(parsed.normalised)) return { ok: false, link, reason: 'duplicate_link' };
    seen.add(parsed.normalised);
    return parsed;
  });
}

/**
 * The outcome of a submission's checks: `verified` when every link passed, `needs_review` when
 * the only failures are unreachable platforms (a person can still look), `rejected` otherwise.
 * No checks at all is `rejected`: there is nothing to approve.
 */
export function decideVerification(checks: readonly LinkCheck[]): VerificationOutcome {
  if (checks.length === 0) return 'rejected';
  if (checks.every((check) => check.ok)) return 'verified';
  const definite = checks.some((check) => !check.ok && check.reason !== PLATFORM_UNAVAILABLE);
  return definite ? 'rejected' : 'needs_review';
}

/** `#Acme`, `acme` and `##acme` all name the hashtag `#acme`; empty names none. */
export function normaliseHashtag(tag: string): string | null {
  const name = tag.trim().replace(/^#+/, '');
  return name ? `#${name}` : null;
}

/** `@Acme` and `acme` both name the account `@acme`; empty names none. */
export function normaliseMention(name: string): string | null {
  const handle = name.trim().replace(/^@+/, '');
  return handle ? `@${handle}` : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const WORD = String.raw`\p{L}\p{M}\p{N}_`;

/**
 * True when `text` carries the hashtag as a whole tag, ignoring case: `#acme` is found in
 * "love #ACME!" but not in "#acmefoods", "foo#acme" or an HTML entity such as `&#acme;`.
 */
export function containsHashtag(text: string, tag: string): boolean {
  const wanted = normaliseHashtag(tag);
  if (wanted === null) return true;
  const pattern = `(?:^|[^${WORD}&#])${escapeRegExp(wanted)}(?![${WORD}])`;
  return new RegExp(pattern, 'iu').test(text);
}

/**
 * True when `text` mentions the account as a whole handle, ignoring case: `@acme` is found in
 * "thanks @Acme." but not in "@acme.foods", "@acme_official" or an address like "info@acme.com".
 */
export function containsMention(text: string, name: string): boolean {
  const wanted = normaliseMention(name);
  if (wanted === null) return true;
  // Handles may contain dots (Instagram), so "@acme.foods" is another account, "@acme." is not.
  const pattern = `(?:^|[^${WORD}.@])${escapeRegExp(wanted)}(?![${WORD}]|\\.[${WORD}])`;
  return new RegExp(pattern, 'iu').test(text);
}

/** The bounty's content requirements, as `bountySchema` reads them. */
export interface ContentRequirements {
  hashtags: readonly string[];
  mentions: readonly string[];
}

/** Reasons (`missing_hashtag:#tag`, `missing_mention:@name`) for each requirement `text` lacks. */
export function findMissingRequirements(text: string, requirements: ContentRequirements): string[] {
  const hashtags = requirements.hashtags
    .filter((tag) => !containsHashtag(text, tag))
    .map((tag) => `missing_hashtag:${normaliseHashtag(tag)}`);
  const mentions = requirements.mentions
    .filter((name) => !containsMention(text, name))
    .map((name) => `missing_mention:${normaliseMention(name)}`);
  return [...hashtags, ...mentions];
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntity(entity: string, body: string): string {
  const lower = body.toLowerCase();
  const code = lower.startsWith('#x')
    ? Number.parseInt(lower.slice(2), 16)
    : lower.startsWith('#')
      ? Number.parseInt(lower.slice(1), 10)
      : Number.NaN;
  if (Number.isNaN(code)) return NAMED_ENTITIES[lower] ?? entity;
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
}

/** Visible text of an oEmbed `html` snippet: tags become spaces, entities are decoded once. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => decodeEntity(entity, body))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The fields of an oEmbed answer the requirements are matched against. */
export interface OEmbedFields {
  title?: string;
  author_name?: string;
  html?: string;
}

/** The text requirements are matched against: title, author and the visible text of the html. */
export function textOfOEmbed(fields: OEmbedFields): string {
  const parts = [fields.title, fields.author_name, fields.html && htmlToText(fields.html)];
  return parts.filter((part): part is string => Boolean(part)).join('\n');
}
