import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { fetchOEmbed, oembedEndpoint } from '../../../src/adapters/oembed-client';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface TestServer {
  url: string;
  requests: string[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** A real HTTP server on a free port whose answer each test sets. */
async function startServer(): Promise<TestServer> {
  const requests: string[] = [];
  let current: Handler = (_req, res) => res.writeHead(204).end();
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    current(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle: (handler) => {
      current = handler;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(status: number, body: unknown): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

const POST = 'https://www.tiktok.com/@glow/video/1?lang=en&x=a b';
let platform: TestServer;
let elsewhere: TestServer;

beforeAll(async () => {
  [platform, elsewhere] = await Promise.all([startServer(), startServer()]);
});

afterAll(async () => {
  await Promise.all([platform.close(), elsewhere.close()]);
});

beforeEach(() => {
  platform.requests.length = 0;
  elsewhere.requests.length = 0;
});

function lookUp(timeoutMs = 2_000) {
  return fetchOEmbed(fetch, platform.url, 'tiktok', POST, timeoutMs);
}

describe('fetchOEmbed', () => {
  it('asks {base}/{platform}/oembed with the content URL encoded', async () => {
    platform.handle(json(200, { title: 'x' }));
    await lookUp();
    expect(platform.requests).toEqual([`/tiktok/oembed?url=${encodeURIComponent(POST)}`]);
  });

  it('answers found with title, author and the visible text of the html', async () => {
    platform.handle(
      json(200, {
        title: 'Morning routine #acme',
        author_name: 'glow',
        html: '<blockquote><a href="/tag/ad">&#35;ad</a> with @acme</blockquote>',
        width: 325,
      }),
    );
    const result = await lookUp();
    expect(result).toEqual({ kind: 'found', text: 'Morning routine #acme\nglow\n#ad with @acme' });
  });

  it.each([400, 401, 403, 404, 410])('answers not_found for %i', async (status) => {
    platform.handle(json(status, { error: 'nope' }));
    expect(await lookUp()).toEqual({ kind: 'not_found', status });
  });

  it.each([
    [500, 'http_500'],
    [502, 'http_502'],
    [503, 'http_503'],
    [429, 'http_429'],
    [405, 'http_405'],
  ])('answers unavailable for %i', async (status, reason) => {
    platform.handle(json(status, 'busy'));
    expect(await lookUp()).toEqual({ kind: 'unavailable', reason });
  });

  it('answers unavailable when the platform is slower than the timeout', async () => {
    platform.handle((_req, res) => {
      setTimeout(() => json(200, { title: 'late' })(_req, res), 1_000);
    });
    const startedAt = Date.now();
    expect(await lookUp(100)).toEqual({ kind: 'unavailable', reason: 'timeout' });
    expect(Date.now() - startedAt).toBeLessThan(900);
  });

  it('answers unavailable when the body stalls past the timeout', async () => {
    platform.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"title":');
    });
    expect(await lookUp(150)).toEqual({ kind: 'unavailable', reason: 'timeout' });
  });

  it('does not follow a redirect to another host', async () => {
    elsewhere.handle(json(200, { title: '#acme' }));
    platform.handle((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/oembed` }).end();
    });
    expect(await lookUp()).toEqual({ kind: 'unavailable', reason: 'redirect' });
    expect(elsewhere.requests).toEqual([]);
  });

  it.each([
    ['not JSON', '<html>oops</html>'],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
  ])('answers unavailable for a 200 with %s', async (_case, body) => {
    platform.handle(json(200, body));
    expect(await lookUp()).toEqual({ kind: 'unavailable', reason: 'invalid_response' });
  });

  it('answers unavailable for a body over 256 KiB without reading it all', async () => {
    platform.handle(json(200, { title: 'x'.repeat(300 * 1024) }));
    expect(await lookUp()).toEqual({ kind: 'unavailable', reason: 'response_too_large' });
  });

  it('answers unavailable when nothing listens', async () => {
    const closed = await startServer();
    await closed.close();
    const result = await fetchOEmbed(fetch, closed.url, 'tiktok', POST, 2_000);
    expect(result).toEqual({ kind: 'unavailable', reason: 'network_econnrefused' });
  });

  it('answers unavailable for Instagram without a base URL, sending nothing', async () => {
    const calls: unknown[] = [];
    const recordingFetch = (async (...args: unknown[]) => {
      calls.push(args);
      throw new Error('must not be called');
    }) as typeof fetch;
    const result = await fetchOEmbed(recordingFetch, null, 'instagram', POST, 1_000);
    expect(result).toEqual({ kind: 'unavailable', reason: 'no_public_endpoint' });
    expect(calls).toEqual([]);
  });
});

describe('oembedEndpoint', () => {
  const url = 'https://x.com/a/status/1';

  it.each([
    ['tiktok', `https://www.tiktok.com/oembed?url=${encodeURIComponent(url)}`],
    ['youtube', `https://www.youtube.com/oembed?format=json&url=${encodeURIComponent(url)}`],
    ['x', `https://publish.twitter.com/oembed?url=${encodeURIComponent(url)}`],
    ['instagram', null],
  ] as const)('uses the real %s endpoint without a base URL', (name, expected) => {
    expect(oembedEndpoint(null, name, url)).toBe(expected);
  });

  it('ignores trailing slashes of the base URL', () => {
    expect(oembedEndpoint('http://127.0.0.1:1/', 'x', url)).toBe(
      `http://127.0.0.1:1/x/oembed?url=${encodeURIComponent(url)}`,
    );
  });
});
