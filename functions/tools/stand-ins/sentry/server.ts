import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseRequestUrl, readRequestBody, sendJson } from '../shared/http-io';
import { listenStandIn, type RunningStandIn } from '../shared/server-lifecycle';
import {
  EnvelopeParseError,
  decodeContentEncoding,
  parseEnvelope,
  type EnvelopeItem,
  type ParsedEnvelope,
} from './envelope';

/** Options of {@link startSentryStandIn}. */
export interface SentryStandInOptions {
  /** Port to bind; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
}

/** An envelope as stored by the stand-in. */
export interface StoredEnvelope extends ParsedEnvelope {
  projectId: string;
  /** `envelope` for /envelope/, `store` for the legacy /store/ endpoint. */
  endpoint: 'envelope' | 'store';
  receivedAt: string;
}

/** An item flattened out of its envelope, as listed by GET /__admin/items. */
export interface StoredItem extends EnvelopeItem {
  projectId: string;
}

/**
 * Starts a local server that accepts what Sentry SDKs send (a DSN such as
 * `http://public@127.0.0.1:<port>/1` targets it) and keeps every item for inspection.
 */
export async function startSentryStandIn(
  options: SentryStandInOptions = {},
): Promise<RunningStandIn> {
  const envelopes: StoredEnvelope[] = [];
  const server = createServer((req, res) => {
    routeRequest(envelopes, req, res).catch((error: unknown) => {
      console.error('[sentry stand-in] unexpected error', error);
      if (!res.headersSent) sendJson(res, 500, { detail: String(error) });
    });
  });
  return listenStandIn(server, options.port ?? 0, options.host ?? '127.0.0.1', () => undefined);
}

async function routeRequest(
  envelopes: StoredEnvelope[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = parseRequestUrl(req);
  const body = await readRequestBody(req);
  const ingest = /^\/api\/([^/]+)\/(envelope|store)\/?$/.exec(url.pathname);
  if (req.method === 'POST' && ingest !== null) {
    return ingestBody(envelopes, req, res, body, ingest);
  }
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /__admin/envelopes') return sendJson(res, 200, { envelopes });
  if (route === 'GET /__admin/items') {
    return sendJson(res, 200, { items: flattenItems(envelopes, url.searchParams.get('type')) });
  }
  if (route === 'POST /__admin/reset') {
    envelopes.length = 0;
    return sendJson(res, 200, { ok: true });
  }
  sendJson(res, 404, { detail: `no route ${route}` });
}

function ingestBody(
  envelopes: StoredEnvelope[],
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  [, projectId, endpoint]: RegExpExecArray,
): void {
  try {
    const decoded = decodeContentEncoding(body, req.headers['content-encoding']);
    const parsed = endpoint === 'store' ? wrapLegacyEvent(decoded) : parseEnvelope(decoded);
    envelopes.push({
      projectId,
      endpoint: endpoint === 'store' ? 'store' : 'envelope',
      receivedAt: new Date().toISOString(),
      ...parsed,
    });
    sendJson(res, 200, {});
  } catch (error) {
    // Sentry answers malformed submissions with 400 and a `detail` message.
    sendJson(res, 400, { detail: error instanceof Error ? error.message : String(error) });
  }
}

/** The legacy /store/ endpoint takes one bare event; it is kept as a one-item envelope. */
function wrapLegacyEvent(body: Buffer): ParsedEnvelope {
  let event: unknown;
  try {
    event = JSON.parse(body.toString('utf8'));
  } catch {
    throw new EnvelopeParseError('store body is not JSON');
  }
  const eventId = (event as { event_id?: unknown } | null)?.event_id;
  return {
    header: eventId === undefined ? {} : { event_id: eventId },
    items: [{ type: 'event', header: { type: 'event' }, payload: event }],
  };
}

function flattenItems(envelopes: StoredEnvelope[], type: string | null): StoredItem[] {
  return envelopes.flatMap((envelope) =>
    envelope.items
      .filter((item) => type === null || item.type === type)
      .map((item) => ({ projectId: envelope.projectId, ...item })),
  );
}
