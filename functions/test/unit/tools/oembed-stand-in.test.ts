import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clearOEmbedFaults,
  getOEmbedState,
  injectOEmbedFault,
  registerContent,
  removeContent,
  resetOEmbed,
} from '../../../tools/stand-ins/admin-client';
import { startOEmbedStandIn, type OEmbedResponse } from '../../../tools/stand-ins/oembed';

let standIn: Awaited<ReturnType<typeof startOEmbedStandIn>>;

const TIKTOK_URL = 'https://www.tiktok.com/@glowcreator/video/7300000000000000001';

beforeAll(async () => {
  standIn = await startOEmbedStandIn();
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(async () => {
  await resetOEmbed(standIn.url);
});

function lookup(platform: string, contentUrl: string): Promise<Response> {
  return fetch(`${standIn.url}/${platform}/oembed?url=${encodeURIComponent(contentUrl)}`);
}

describe('oEmbed lookups', () => {
  it.each([
    ['tiktok', TIKTOK_URL, 'video', 'TikTok', 'glowcreator'],
    [
      'youtube',
      'https://www.youtube.com/watch?v=abc123XYZ',
      'video',
      'YouTube',
      'stand_in_creator',
    ],
    ['instagram', 'https://www.instagram.com/p/Cxyz123/', 'rich', 'Instagram', 'stand_in_creator'],
    ['x', 'https://x.com/glowcreator/status/1790000000000000000', 'rich', 'Twitter', 'glowcreator'],
  ])('answers %s with the caption as title', async (platform, url, type, provider, author) => {
    const caption = 'Loving my new serum #GlowUp #ad @glowbrand <3';
    await registerContent(standIn.url, { url, caption });
    const response = await lookup(platform, url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as OEmbedResponse;
    expect(body).toMatchObject({
      type,
      version: '1.0',
      title: caption,
      author_name: author,
      provider_name: provider,
    });
    expect(body.author_url).toContain(author);
    expect(body.html).toContain('#GlowUp #ad @glowbrand &#60;3');
  });

  it('uses an explicit author name and matches despite tracking query and trailing slash', async () => {
    await registerContent(standIn.url, {
      url: TIKTOK_URL,
      caption: 'hi #ad',
      authorName: 'Glow Creator',
    });
    const response = await lookup('tiktok', `${TIKTOK_URL}/?is_from_webapp=1#top`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as OEmbedResponse).author_name).toBe('Glow Creator');
  });

  it('answers 404 for unknown, removed or other-platform content and 400 without url', async () => {
    expect((await lookup('tiktok', 'https://www.tiktok.com/@x/video/1')).status).toBe(404);
    await registerContent(standIn.url, { url: TIKTOK_URL, caption: 'hi' });
    expect((await lookup('youtube', TIKTOK_URL)).status).toBe(404);
    expect(await removeContent(standIn.url, TIKTOK_URL)).toBe(true);
    expect((await lookup('tiktok', TIKTOK_URL)).status).toBe(404);
    expect((await fetch(`${standIn.url}/tiktok/oembed`)).status).toBe(400);
    expect((await lookup('myspace', TIKTOK_URL)).status).toBe(404);
    const state = await getOEmbedState(standIn.url);
    expect(state.requestCounts.tiktok).toMatchObject({ total: 3, notFound: 2, served: 0 });
  });

  it('refuses to register a URL of an unsupported platform', async () => {
    await expect(
      registerContent(standIn.url, { url: 'https://vimeo.com/1', caption: 'x' }),
    ).rejects.toThrow(/400/);
  });
});

describe('oEmbed faults', () => {
  beforeEach(async () => {
    await registerContent(standIn.url, { url: TIKTOK_URL, caption: 'hi #ad' });
  });

  it('answers 500 for the next N calls of a platform only', async () => {
    await injectOEmbedFault(standIn.url, { platform: 'tiktok', kind: '500', count: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await lookup('tiktok', TIKTOK_URL)).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect((await getOEmbedState(standIn.url)).requestCounts.tiktok).toMatchObject({
      total: 3,
      faulted: 2,
      served: 1,
    });
  });

  it('answers 404 for registered content while a 404 fault is active, on any platform with *', async () => {
    await injectOEmbedFault(standIn.url, { platform: '*', kind: '404' });
    expect((await lookup('tiktok', TIKTOK_URL)).status).toBe(404);
    await clearOEmbedFaults(standIn.url);
    expect((await lookup('tiktok', TIKTOK_URL)).status).toBe(200);
  });

  it('holds a timeout-faulted request for delayMs, then drops the connection', async () => {
    await injectOEmbedFault(standIn.url, {
      platform: 'tiktok',
      kind: 'timeout',
      count: 1,
      delayMs: 120,
    });
    const started = Date.now();
    await expect(lookup('tiktok', TIKTOK_URL)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect((await lookup('tiktok', TIKTOK_URL)).status).toBe(200);
  });

  it('lets a client timeout fire first when the hold is long, and close() still returns promptly', async () => {
    const extra = await startOEmbedStandIn();
    await registerContent(extra.url, { url: TIKTOK_URL, caption: 'x' });
    await injectOEmbedFault(extra.url, { platform: 'tiktok', kind: 'timeout' });
    const url = `${extra.url}/tiktok/oembed?url=${encodeURIComponent(TIKTOK_URL)}`;
    await expect(fetch(url, { signal: AbortSignal.timeout(100) })).rejects.toThrow(
      /abort|timeout/i,
    );
    const pending = fetch(url).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await extra.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('reproduces probabilistic faults for a seed', async () => {
    const run = async () => {
      await clearOEmbedFaults(standIn.url);
      await injectOEmbedFault(standIn.url, {
        platform: 'tiktok',
        kind: '500',
        probability: 0.3,
        seed: 5,
      });
      const statuses = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await lookup('tiktok', TIKTOK_URL)).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500]));
  });
});
