/**
 * Small HTTP helpers shared by the gateway's services: bounded body reading, JSON replies,
 * CORS as Supabase's gateway answers it, and the error type services throw to reply early.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers Supabase's gateway allows in CORS preflights (supabase-js exports the same list). */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'x-client-info',
  'apikey',
  'content-type',
  'x-retry-count',
  'traceparent',
  'tracestate',
  'baggage',
  'x-supabase-api-version',
  'x-upsert',
  'x-region',
  'prefer',
  'accept-profile',
  'content-profile',
  'range',
  'cache-control',
  'x-metadata',
].join(', ');

export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD');
  const requested = req.headers['access-control-request-headers'];
  res.setHeader(
    'Access-Control-Allow-Headers',
    typeof requested === 'string' && requested.length < 2000
      ? `${CORS_ALLOWED_HEADERS}, ${requested}`
      : CORS_ALLOWED_HEADERS,
  );
  res.setHeader(
    'Access-Control-Expose-Headers',
    'Content-Range, Content-Length, ETag, X-Supabase-Api-Version, x-sb-error-code, X-Total-Count, Link, Content-Disposition, x-relay-error',
  );
  res.setHeader('Access-Control-Max-Age', '86400');
}

/** An HTTP reply a service wants to send right away (thrown, caught by the router). */
export class HttpReply extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export class BodyTooLargeError extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`request body larger than ${limit} bytes`);
    this.limit = limit;
  }
}

/** Reads the whole request body, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      // Drained, not buffered: the client can then read the 413 instead of hitting EPIPE.
      req.resume();
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let hasFailed = false;
    req.on('data', (chunk: Buffer) => {
      if (hasFailed) return;
      size += chunk.length;
      if (size > limit) {
        hasFailed = true;
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!hasFailed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!hasFailed) {
        hasFailed = true;
        reject(error);
      }
    });
  });
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false };

/** Parses JSON without throwing. An empty body parses as `undefined`. */
export function parseJson(buffer: Buffer): JsonParseResult {
  const text = buffer.toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, headers);
  res.end();
}

/** First value of a header, lower-cased name. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Request headers as a JSON object with lower-cased names, cookie excluded (PostgREST). */
export function headersAsJson(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'cookie' || value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Cookies as a JSON object (PostgREST's request.cookies). */
export function cookiesAsJson(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = header(req, 'cookie');
  if (!raw) return out;
  for (const part of raw.split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** The TCP peer's address (IPv4-mapped IPv6 unwrapped): the only client address nobody can write. */
export function readSocketIp(req: IncomingMessage): string {
  const remote = req.socket.remoteAddress ?? '127.0.0.1';
  return remote.startsWith('::ffff:') ? remote.slice(7) : remote;
}

const FORWARDED_REQUESTS = new WeakSet<IncomingMessage>();

/**
 * What the hosted platform's edge does to every request before Kong and the services see it:
 * Cloudflare sets `cf-connecting-ip` to the TCP peer, overwriting any value the client sent, and
 * appends the peer to `x-forwarded-for` (whose earlier entries are whatever the client wrote).
 * Applied in place, once per request, so PostgREST's `request.headers`, GoTrue's client IP and
 * the functions proxy all see the same headers.
 */
export function applyEdgeForwarding(req: IncomingMessage): void {
  if (FORWARDED_REQUESTS.has(req)) return;
  FORWARDED_REQUESTS.add(req);
  const ip = readSocketIp(req);
  const forwardedFor = header(req, 'x-forwarded-for');
  req.headers['cf-connecting-ip'] = ip;
  req.headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${ip}` : ip;
}
