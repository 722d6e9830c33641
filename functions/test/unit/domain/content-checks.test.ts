import { describe, expect, it } from 'vitest';

import type { Platform } from '../../../src/domain/bounty';
import {
  checkLinksStatically,
  containsHashtag,
  containsMention,
  decideVerification,
  findMissingRequirements,
  htmlToText,
  normaliseContentLink,
  parseContentLink,
  platformOfHost,
  textOfOEmbed,
  type LinkCheck,
} from '../../../src/domain/content-checks';

const TIKTOK = 'https://www.tiktok.com/@glow/video/7300000000000000001';

describe('parseContentLink', () => {
  it.each<[string, string, Platform | string]>([
    ['a TikTok post', TIKTOK, 'tiktok'],
    ['a TikTok short link', 'https://vm.tiktok.com/ZMabc123/', 'tiktok'],
    ['a TikTok mobile link', 'https://m.tiktok.com/@glow/video/1', 'tiktok'],
    ['a YouTube watch link', 'https://www.youtube.com/watch?v=abc123', 'youtube'],
    ['a YouTube short link', 'https://youtu.be/abc123', 'youtube'],
    ['a YouTube mobile link', 'https://m.youtube.com/shorts/abc123', 'youtube'],
    ['an Instagram post', 'https://www.instagram.com/p/Cxyz123/', 'instagram'],
    ['an X post', 'https://x.com/glow/status/1790000000000000000', 'x'],
    ['a Twitter post', 'https://twitter.com/glow/status/1790000000000000000', 'x'],
    ['an upper-case host', 'https://WWW.TikTok.COM/@glow/video/1', 'tiktok'],
    ['a fully qualified host with a trailing dot', 'https://tiktok.com./@glow/video/1', 'tiktok'],
    ['the default port spelled out', 'https://tiktok.com:443/@glow/video/1', 'tiktok'],
  ])('accepts %s', (_case, link, platform) => {
    const parsed = parseContentLink(link);
    expect(parsed).toMatchObject({ ok: true, link, platform });
  });

  it.each<[string, string, string]>([
    ['plain http', 'http://www.tiktok.com/@glow/video/1', 'not_https'],
    ['a javascript: link', 'javascript:alert(1)', 'not_https'],
    ['a data: link', 'data:text/html,<script>alert(1)</script>', 'not_https'],
    ['an ftp link', 'ftp://tiktok.com/video', 'not_https'],
    ['no scheme at all', 'tiktok.com/@glow/video/1', 'invalid_url'],
    ['an empty string', '', 'invalid_url'],
    ['https without slashes', 'https:tiktok.com/@glow/video/1', 'invalid_url'],
    ['https with one slash', 'https:/tiktok.com/@glow/video/1', 'invalid_url'],
    ['user info', 'https://user@tiktok.com/@glow/video/1', 'invalid_url'],
    ['user and password', 'https://user:pass@tiktok.com/@glow/video/1', 'invalid_url'],
    ['an empty user info', 'https://@tiktok.com/@glow/video/1', 'invalid_url'],
    ['a platform host hidden behind user info', 'https://tiktok.com@evil.example/x', 'invalid_url'],
    ['a non-default port', 'https://tiktok.com:8443/@glow/video/1', 'invalid_url'],
    ['an IPv4 host', 'https://93.184.216.34/@glow/video/1', 'invalid_url'],
    ['a hexadecimal IPv4 host', 'https://0x7f000001/video', 'invalid_url'],
    ['an IPv6 host', 'https://[::1]/video', 'invalid_url'],
    ['a newline', 'https://tiktok.com/@glow\n/video/1', 'invalid_url'],
    ['a tab', 'https://tiktok.com/@glow/\tvideo/1', 'invalid_url'],
    ['a NUL byte', 'https://tiktok.com/@glow/video/1\u0000', 'invalid_url'],
    ['a space', 'https://tiktok.com/@glow/video 1', 'invalid_url'],
    ['a leading space', ' https://tiktok.com/@glow/video/1', 'invalid_url'],
    ['a zero-width space', 'https://tik\u200btok.com/@glow/video/1', 'invalid_url'],
    ['a right-to-left override', 'https://tiktok.com/@glow/\u202evideo/1', 'invalid_url'],
    ['a backslash', 'https://evil.example\\@tiktok.com/video', 'invalid_url'],
    ['more than 2048 characters', `${TIKTOK}?pad=${'a'.repeat(2048)}`, 'invalid_url'],
    ['another site', 'https://example.com/@glow/video/1', 'platform_not_allowed'],
    ['a look-alike domain', 'https://tiktok.com.evil.example/video', 'platform_not_allowed'],
    ['a prefixed domain', 'https://eviltiktok.com/@glow/video/1', 'platform_not_allowed'],
    ['an unknown sub-domain', 'https://ads.tiktok.com/@glow/video/1', 'platform_not_allowed'],
    ['a homograph host', 'https://tіktok.com/@glow/video/1', 'platform_not_allowed'],
  ])('refuses %s', (_case, link, reason) => {
    expect(parseContentLink(link)).toEqual({ ok: false, link, reason });
  });

  it('sends the submitted link without its fragment to the platform', () => {
    const parsed = parseContentLink(`${TIKTOK}?utm_source=ig#comments`);
    expect(parsed.ok && parsed.fetchUrl).toBe(`${TIKTOK}?utm_source=ig`);
  });
});

describe('normaliseContentLink', () => {
  it.each([
    [TIKTOK, 'https://tiktok.com/@glow/video/7300000000000000001'],
    [`${TIKTOK}/`, 'https://tiktok.com/@glow/video/7300000000000000001'],
    [
      `${TIKTOK}?utm_source=x&utm_medium=y#top`,
      'https://tiktok.com/@glow/video/7300000000000000001',
    ],
    [
      `${TIKTOK}?is_from_webapp=1&sender_device=pc`,
      'https://tiktok.com/@glow/video/7300000000000000001',
    ],
    ['https://M.TikTok.com/@glow/video/1///', 'https://tiktok.com/@glow/video/1'],
    ['https://www.youtube.com/watch?v=abc123&t=30s&si=share', 'https://youtube.com/watch?v=abc123'],
    ['https://youtu.be/abc123?si=share', 'https://youtube.com/watch?v=abc123'],
    ['https://www.instagram.com/p/Cxyz123/?igshid=abc', 'https://instagram.com/p/Cxyz123'],
    ['https://twitter.com/glow/status/17?s=20', 'https://x.com/glow/status/17'],
  ])('normalises %s', (link, expected) => {
    expect(normaliseContentLink(link)).toBe(expected);
  });

  it('keeps path case, which identifies content on YouTube and Instagram', () => {
    expect(normaliseContentLink('https://instagram.com/p/AbC')).not.toBe(
      normaliseContentLink('https://instagram.com/p/abc'),
    );
  });

  it('answers null for links that are not posts on a known platform', () => {
    expect(normaliseContentLink('https://example.com/a')).toBeNull();
    expect(normaliseContentLink('not a url')).toBeNull();
  });
});

describe('platformOfHost', () => {
  it.each([
    ['tiktok.com', 'tiktok'],
    ['WWW.YOUTUBE.COM', 'youtube'],
    ['m.instagram.com', 'instagram'],
    ['mobile.twitter.com', null],
    ['x.com.evil', null],
  ])('maps %s to %s', (host, platform) => {
    expect(platformOfHost(host)).toBe(platform);
  });
});

describe('checkLinksStatically', () => {
  it('flags platforms the bounty does not accept', () => {
    const [youtube] = checkLinksStatically(['https://youtu.be/abc'], ['tiktok']);
    expect(youtube).toMatchObject({ ok: false, reason: 'platform_not_allowed' });
  });

  it('flags the second spelling of one post in the same submission as a duplicate', () => {
    const checks = checkLinksStatically(
      [TIKTOK, `${TIKTOK}/?utm_source=copy`, 'https://youtu.be/abc'],
      ['tiktok', 'youtube'],
    );
    expect(checks.map((check) => (check.ok ? 'ok' : check.reason))).toEqual([
      'ok',
      'duplicate_link',
      'ok',
    ]);
  });
});

describe('containsHashtag', () => {
  it.each([
    ['Loving it #acme', '#acme', true],
    ['Loving it #ACME!', '#acme', true],
    ['#acme at the start', '#acme', true],
    ['tag without hash in the requirement #acme', 'acme', true],
    ['(#acme)', '#Acme', true],
    ['#acmefoods is another tag', '#acme', false],
    ['#acme_foods is another tag', '#acme', false],
    ['#acmé is another tag', '#acme', false],
    ['word#acme is not a tag', '#acme', false],
    ['##acme counts as no tag of ours', '#acme', false],
    ['no tag at all', '#acme', false],
    ['regex characters are literal #a.c', '#a+c', false],
    ['a tag with regex characters #a+c', '#a+c', true],
  ])('%s (looking for %s) → %s', (text, tag, expected) => {
    expect(containsHashtag(text, tag)).toBe(expected);
  });
});

describe('containsMention', () => {
  it.each([
    ['thanks @acme', '@acme', true],
    ['thanks @ACME.', '@acme', true],
    ['thanks @acme, see you', 'acme', true],
    ['@acme.foods is another account', '@acme', false],
    ['@acme_official is another account', '@acme', false],
    ['@acmefoods is another account', '@acme', false],
    ['write to info@acme.com', '@acme', false],
    ['no mention', '@acme', false],
  ])('%s (looking for %s) → %s', (text, name, expected) => {
    expect(containsMention(text, name)).toBe(expected);
  });
});

describe('findMissingRequirements', () => {
  const requirements = { hashtags: ['#acme', 'ad'], mentions: ['@acme'] };

  it('lists every missing hashtag and mention in normalised form', () => {
    expect(findMissingRequirements('#acmefoods by @acmefoods', requirements)).toEqual([
      'missing_hashtag:#acme',
      'missing_hashtag:#ad',
      'missing_mention:@acme',
    ]);
  });

  it('lists nothing when the text carries everything', () => {
    expect(findMissingRequirements('#ACME #ad with @Acme', requirements)).toEqual([]);
  });
});

describe('oEmbed text', () => {
  it('reads the visible text of html and decodes entities once', () => {
    const html = '<blockquote><p>Fun &#35;acme &amp;amp; &#x40;brand</p><a href="/x">@glow</a>';
    expect(htmlToText(html)).toBe('Fun #acme &amp; @brand @glow');
  });

  it('does not read tags hidden in attributes', () => {
    expect(containsHashtag(htmlToText('<a title="#acme">link</a>'), '#acme')).toBe(false);
  });

  it('matches requirements against title, author and html', () => {
    const text = textOfOEmbed({
      title: 'caption #acme',
      author_name: 'glow',
      html: '<p>with <a>@acme</a></p>',
    });
    expect(findMissingRequirements(text, { hashtags: ['#acme'], mentions: ['@acme'] })).toEqual([]);
  });
});

describe('decideVerification', () => {
  const ok: LinkCheck = { link: 'a', ok: true, reason: null };
  const unreachable: LinkCheck = { link: 'b', ok: false, reason: 'platform_unavailable' };
  const missing: LinkCheck = { link: 'c', ok: false, reason: 'missing_hashtag:#acme' };

  it.each([
    ['all passed', [ok, ok], 'verified'],
    ['only unreachable platforms failed', [ok, unreachable], 'needs_review'],
    ['a definite failure beside an unreachable platform', [unreachable, missing], 'rejected'],
    ['a definite failure', [ok, missing], 'rejected'],
    ['no checks', [], 'rejected'],
  ])('%s → %s', (_case, checks, outcome) => {
    expect(decideVerification(checks)).toBe(outcome);
  });
});
