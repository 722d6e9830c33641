/** Platforms whose oEmbed endpoints the stand-in imitates. */
export const OEMBED_PLATFORMS = ['tiktok', 'youtube', 'instagram', 'x'] as const;

/** One of {@link OEMBED_PLATFORMS}. */
export type OEmbedPlatform = (typeof OEMBED_PLATFORMS)[number];

/** A registered post. */
export interface RegisteredContent {
  platform: OEmbedPlatform;
  url: string;
  caption: string;
  authorName: string;
}

/** The JSON an oEmbed endpoint answers with. */
export interface OEmbedResponse {
  type: 'video' | 'rich';
  version: '1.0';
  title: string;
  author_name: string;
  author_url: string;
  html: string;
  provider_name: string;
  provider_url: string;
  width: number;
  height: number | null;
}

interface PlatformProfile {
  hosts: string[];
  type: OEmbedResponse['type'];
  providerName: string;
  providerUrl: string;
  authorUrl: (author: string) => string;
  size: [number, number | null];
}

// Provider names and URLs are what the real endpoints return (X still answers as "Twitter").
const PROFILES: Record<OEmbedPlatform, PlatformProfile> = {
  tiktok: {
    hosts: ['tiktok.com'],
    type: 'video',
    providerName: 'TikTok',
    providerUrl: 'https://www.tiktok.com',
    authorUrl: (author) => `https://www.tiktok.com/@${author}`,
    size: [325, 575],
  },
  youtube: {
    hosts: ['youtube.com', 'youtu.be'],
    type: 'video',
    providerName: 'YouTube',
    providerUrl: 'https://www.youtube.com/',
    authorUrl: (author) => `https://www.youtube.com/@${author}`,
    size: [200, 113],
  },
  instagram: {
    hosts: ['instagram.com'],
    type: 'rich',
    providerName: 'Instagram',
    providerUrl: 'https://www.instagram.com',
    authorUrl: (author) => `https://www.instagram.com/${author}`,
    size: [658, null],
  },
  x: {
    hosts: ['x.com', 'twitter.com'],
    type: 'rich',
    providerName: 'Twitter',
    providerUrl: 'https://twitter.com',
    authorUrl: (author) => `https://twitter.com/${author}`,
    size: [550, null],
  },
};

/** Which platform serves `url`, judged by its host (sub-domains such as www. or m. included). */
export function detectPlatform(url: string): OEmbedPlatform | undefined {
  if (!URL.canParse(url)) return undefined;
  const host = new URL(url).hostname.toLowerCase();
  return OEMBED_PLATFORMS.find((platform) =>
    PROFILES[platform].hosts.some((domain) => host === domain || host.endsWith(`.${domain}`)),
  );
}

/**
 * Normalises a content URL so trivially different spellings (tracking query, fragment, trailing
 * slash, host case) find the same registration. YouTube's `v` is the only query that identifies content.
 */
export function normaliseContentUrl(url: string): string {
  const parsed = new URL(url);
  const videoId = parsed.searchParams.get('v');
  const path = parsed.pathname.replace(/\/+$/, '');
  const query = videoId !== null && parsed.hostname.includes('youtube') ? `?v=${videoId}` : '';
  return `${parsed.hostname.toLowerCase().replace(/^(www|m)\./, '')}${path}${query}`;
}

/** Guesses the author handle from URLs shaped like `/@handle/...` or `/handle/status/...`. */
export function guessAuthorName(url: string): string {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  const handle = segments.find((segment) => segment.startsWith('@'));
  if (handle !== undefined) return handle.slice(1);
  if (segments[1] === 'status') return segments[0];
  return 'stand_in_creator';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Renders the oEmbed answer for registered content, with the caption as the title. */
export function renderOEmbed(content: RegisteredContent): OEmbedResponse {
  const profile = PROFILES[content.platform];
  const authorUrl = profile.authorUrl(content.authorName);
  const html =
    `<blockquote class="${content.platform}-embed" cite="${escapeHtml(content.url)}">` +
    `<p>${escapeHtml(content.caption)}</p>` +
    `<a href="${escapeHtml(authorUrl)}">@${escapeHtml(content.authorName)}</a></blockquote>`;
  return {
    type: profile.type,
    version: '1.0',
    title: content.caption,
    author_name: content.authorName,
    author_url: authorUrl,
    html,
    provider_name: profile.providerName,
    provider_url: profile.providerUrl,
    width: profile.size[0],
    height: profile.size[1],
  };
}
