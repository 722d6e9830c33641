import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body a stand-in accepts; real APIs reject far smaller bodies, this only guards memory. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Thrown by {@link readRequestBody} when the body exceeds {@link MAX_BODY_BYTES}. */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body exceeds ${MAX_BODY_BYTES} bytes`);
  }
}

/** Reads the whole request body into one buffer. */
export async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Writes a JSON answer with an exact Content-Length so clients never see chunked framing. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendRaw(res, status, JSON.stringify(body), headers);
}

/** Writes an already serialised JSON body as-is (used for byte-for-byte replays). */
export function sendRaw(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  const payload = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(payload.length),
    ...headers,
  });
  res.end(payload);
}

/** Parses the request URL; the base only satisfies the URL constructor, the host is irrelevant. */
export function parseRequestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://stand-in.local');
}

/** Parses a JSON request body, treating an empty body as an empty object. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SyntaxError('expected a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** Abruptly closes the connection, which is how a client observes a crash or a network cut. */
export function dropConnection(req: IncomingMessage): void {
  req.socket.destroy();
}
