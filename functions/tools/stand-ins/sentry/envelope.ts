import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** One item of a Sentry envelope. */
export interface EnvelopeItem {
  type: string;
  header: Record<string, unknown>;
  /** Parsed JSON when the payload is JSON, otherwise the payload as UTF-8 text. */
  payload: unknown;
}

/** A parsed Sentry envelope. */
export interface ParsedEnvelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

/** The body is not a well-formed envelope; the message says where it broke. */
export class EnvelopeParseError extends Error {}

const NEWLINE = 0x0a;

/** Undoes `Content-Encoding` (gzip, deflate or br), which Sentry SDKs may apply to large envelopes. */
export function decodeContentEncoding(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? 'identity').trim().toLowerCase()) {
    case 'identity':
    case '':
      return body;
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body);
    case 'deflate':
      return inflateSync(body);
    case 'br':
      return brotliDecompressSync(body);
    default:
      throw new EnvelopeParseError(`unsupported Content-Encoding: ${encoding}`);
  }
}

/**
 * Parses an envelope: a JSON header line, then items made of a JSON item-header line and a
 * payload. With `length` in the item header the payload is exactly that many bytes (and may
 * contain newlines); without it the payload runs to the next newline. Offsets are in bytes, so
 * the body is walked as a Buffer rather than as a string.
 */
export function parseEnvelope(body: Buffer): ParsedEnvelope {
  const reader = new ByteReader(body);
  const header = parseJsonObjectLine(reader.readLine(), 'envelope header');
  const items: EnvelopeItem[] = [];
  while (!reader.done) {
    const headerLine = reader.readLine();
    if (headerLine.length === 0) continue; // tolerate blank lines, e.g. a trailing newline
    const itemHeader = parseJsonObjectLine(headerLine, `item ${items.length} header`);
    const length = itemHeader.length;
    const payload = typeof length === 'number' ? reader.readExactly(length) : reader.readLine();
    if (typeof itemHeader.type !== 'string') {
      throw new EnvelopeParseError(`item ${items.length} header has no type`);
    }
    items.push({ type: itemHeader.type, header: itemHeader, payload: decodePayload(payload) });
  }
  return { header, items };
}

class ByteReader {
  private offset = 0;

  constructor(private readonly bytes: Buffer) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  /** Reads up to (and consumes) the next newline, or to the end of the body. */
  readLine(): Buffer {
    const newline = this.bytes.indexOf(NEWLINE, this.offset);
    const end = newline < 0 ? this.bytes.length : newline;
    const line = this.bytes.subarray(this.offset, end);
    this.offset = newline < 0 ? this.bytes.length : newline + 1;
    return line;
  }

  /** Reads `count` bytes and the single newline that may terminate them. */
  readExactly(count: number): Buffer {
    if (!Number.isInteger(count) || count < 0 || this.offset + count > this.bytes.length) {
      throw new EnvelopeParseError(`item length ${count} exceeds the remaining body`);
    }
    const chunk = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    if (this.bytes[this.offset] === NEWLINE) this.offset += 1;
    return chunk;
  }
}

function parseJsonObjectLine(line: Buffer, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through to the uniform error below
  }
  throw new EnvelopeParseError(`${what} is not a JSON object`);
}

function decodePayload(payload: Buffer): unknown {
  const text = payload.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // attachments and other non-JSON payloads are kept verbatim
  }
}
