import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  AdminInputError,
  readChoice,
  readFaultTiming,
  readOptionalString,
} from '../shared/admin-input';
import { CancellableDelays, isAbortError } from '../shared/cancellable-delays';
import { FaultTrigger, type FaultTriggerSpec } from '../shared/fault-trigger';
import {
  dropConnection,
  parseJsonObject,
  parseRequestUrl,
  readRequestBody,
  sendJson,
} from '../shared/http-io';
import { listenStandIn, type RunningStandIn } from '../shared/server-lifecycle';
import {
  OEMBED_PLATFORMS,
  detectPlatform,
  guessAuthorName,
  normaliseContentUrl,
  renderOEmbed,
  type OEmbedPlatform,
  type RegisteredContent,
} from './content';

/** Options of {@link startOEmbedStandIn}. */
export interface OEmbedStandInOptions {
  /** Port to bind; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
}

/** Body of POST /__admin/faults on the oEmbed stand-in. */
export interface OEmbedFaultSpec extends FaultTriggerSpec {
  platform: OEmbedPlatform | '*';
  kind: '500' | 'timeout' | '404';
  /** For `timeout`: hold time before the socket is destroyed (default 10 s); otherwise added latency. */
  delayMs?: number;
}

interface PlatformCounts {
  total: number;
  faulted: number;
  served: number;
  notFound: number;
}

const DEFAULT_TIMEOUT_HOLD_MS = 10_000;

class OEmbedState {
  content = new Map<string, RegisteredContent>();
  faults: { spec: OEmbedFaultSpec; trigger: FaultTrigger }[] = [];
  counts = createCounts();
  readonly delays = new CancellableDelays();

  reset(): void {
    this.content.clear();
    this.faults = [];
    this.counts = createCounts();
  }

  chooseFault(platform: OEmbedPlatform): OEmbedFaultSpec | undefined {
    return this.faults.find(
      ({ spec, trigger }) =>
        (spec.platform === '*' || spec.platform === platform) && trigger.fire(),
    )?.spec;
  }
}

function createCounts(): Record<OEmbedPlatform, PlatformCounts> {
  const entries = OEMBED_PLATFORMS.map((p) => [
    p,
    { total: 0, faulted: 0, served: 0, notFound: 0 },
  ]);
  return Object.fromEntries(entries) as Record<OEmbedPlatform, PlatformCounts>;
}

/**
 * Starts a local server imitating the TikTok, YouTube, Instagram and X oEmbed endpoints at
 * `GET /<platform>/oembed?url=...`, answering for content registered through `/__admin/content`.
 */
export async function startOEmbedStandIn(
  options: OEmbedStandInOptions = {},
): Promise<RunningStandIn> {
  const state = new OEmbedState();
  const server = createServer((req, res) => {
    routeRequest(state, req, res).catch((error: unknown) => {
      if (isAbortError(error) || res.headersSent) return dropConnection(req);
      console.error('[oembed stand-in] unexpected error', error);
      sendJson(res, 500, { error: String(error) });
    });
  });
  return listenStandIn(server, options.port ?? 0, options.host ?? '127.0.0.1', () =>
    state.delays.cancelAll(),
  );
}

async function routeRequest(
  state: OEmbedState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = parseRequestUrl(req);
  if (url.pathname.startsWith('/__admin/')) return handleAdmin(state, req, res, url);
  const match = /^\/([a-z]+)\/oembed\/?$/.exec(url.pathname);
  const platform = OEMBED_PLATFORMS.find((p) => p === match?.[1]);
  if (req.method !== 'GET' || platform === undefined) return sendText(res, 404, 'Not Found');
  await serveOEmbed(state, platform, url, req, res);
}

async function serveOEmbed(
  state: OEmbedState,
  platform: OEmbedPlatform,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const counts = state.counts[platform];
  counts.total += 1;
  const fault = state.chooseFault(platform);
  if (fault !== undefined) {
    counts.faulted += 1;
    await state.delays.wait(
      fault.delayMs ?? (fault.kind === 'timeout' ? DEFAULT_TIMEOUT_HOLD_MS : 0),
    );
    if (fault.kind === 'timeout') return dropConnection(req);
    return fault.kind === '404'
      ? sendText(res, 404, 'Not Found')
      : sendText(res, 500, 'Internal Server Error');
  }
  const contentUrl = url.searchParams.get('url');
  if (contentUrl === null || !URL.canParse(contentUrl)) return sendText(res, 400, 'Bad Request');
  // The oEmbed spec reserves 501 for unsupported formats; only JSON is implemented here.
  if ((url.searchParams.get('format') ?? 'json') !== 'json')
    return sendText(res, 501, 'Not Implemented');
  const content = state.content.get(normaliseContentUrl(contentUrl));
  if (content === undefined || content.platform !== platform) {
    counts.notFound += 1;
    return sendText(res, 404, 'Not Found');
  }
  counts.served += 1;
  sendJson(res, 200, renderOEmbed(content));
}

async function handleAdmin(
  state: OEmbedState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const body = await readRequestBody(req);
  const route = `${req.method} ${url.pathname}`;
  try {
    const payload = runAdminRoute(state, route, parseJsonObject(body), url);
    if (payload === undefined) return sendJson(res, 404, { error: `no admin route ${route}` });
    sendJson(res, 200, payload);
  } catch (error) {
    if (!(error instanceof AdminInputError || error instanceof SyntaxError)) throw error;
    sendJson(res, 400, { error: error.message });
  }
}

function runAdminRoute(
  state: OEmbedState,
  route: string,
  body: Record<string, unknown>,
  url: URL,
): unknown {
  switch (route) {
    case 'POST /__admin/content':
      return registerContent(state, body);
    case 'DELETE /__admin/content': {
      const target = url.searchParams.get('url') ?? '';
      return { removed: URL.canParse(target) && state.content.delete(normaliseContentUrl(target)) };
    }
    case 'POST /__admin/faults': {
      const spec = parseFault(body);
      state.faults.push({ spec, trigger: new FaultTrigger(spec) });
      return { faults: state.faults.map((fault) => fault.spec) };
    }
    case 'DELETE /__admin/faults':
      state.faults = [];
      return { faults: [] };
    case 'POST /__admin/reset':
      state.reset();
      return { ok: true };
    case 'GET /__admin/state':
      return { requestCounts: state.counts, content: [...state.content.values()] };
    default:
      return undefined;
  }
}

function registerContent(state: OEmbedState, body: Record<string, unknown>): RegisteredContent {
  const url = readOptionalString(body, 'url');
  const caption = readOptionalString(body, 'caption');
  if (url === undefined || caption === undefined)
    throw new AdminInputError('url and caption are required');
  const platform = detectPlatform(url);
  if (platform === undefined) throw new AdminInputError(`unsupported content URL: ${url}`);
  const authorName = readOptionalString(body, 'authorName') ?? guessAuthorName(url);
  const content: RegisteredContent = { platform, url, caption, authorName };
  state.content.set(normaliseContentUrl(url), content);
  return content;
}

function parseFault(body: Record<string, unknown>): OEmbedFaultSpec {
  return {
    platform: readChoice(body, 'platform', [...OEMBED_PLATFORMS, '*'] as const),
    kind: readChoice(body, 'kind', ['500', 'timeout', '404'] as const),
    ...readFaultTiming(body),
  };
}

/** Real oEmbed providers answer errors with short plain-text bodies, not JSON. */
function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
