/**
 * Realtime's HTTP API under /realtime/v1/api (`broadcast_controller.ex`,
 * `broadcast_single_controller.ex`, `AuthTenant`, `ValidateBroadcastContentType`):
 *
 * - `POST /api/broadcast` `{messages: [{topic, event, payload, private?, id?}]}` → 202. This is
 *   what `channel.send()` falls back to before the channel is joined. Private messages are
 *   sent only when the caller may INSERT into realtime.messages for that topic (RLS), and are
 *   otherwise dropped silently — the reply is still 202.
 * - `POST /api/broadcast/<topic>/events/<event>[?private=true]`, JSON or octet-stream body →
 *   202 (`channel.httpSend()`); a private message without write permission answers 403.
 *
 * Errors use Realtime's shapes: `{"message": …}`, changeset `{"errors": {...}}` (422), and
 * `{"error": …}` for the 415 of the single endpoint.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, HttpReply, header, readBody, sendEmpty } from '../http.ts';
import { bearerToken, resolveAuthorization, type JwtClaims } from '../jwt.ts';
import { buildAuthorizationContext, createPolicies, getWriteAuthorizations } from './authorization.ts';
import { buildTopicKey } from './broker.ts';
import { MAX_PAYLOAD_BYTES, type RealtimeRuntime } from './channel.ts';
import { measureJson } from './serializer.ts';
import { checkRealtimeToken } from './token.ts';

/** Phoenix's Plug.Parsers default body limit. */
const BODY_LIMIT_BYTES = 8_000_000;

type Caller = { claims: JwtClaims; headers: Record<string, string> };

type BatchMessage = { topic: string; event: string; payload: Record<string, unknown>; isPrivate: boolean; id?: string };

type FieldErrors = Record<string, string[]>;

const UUID_PATTERN = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function createNotFoundReply(): HttpReply {
  return new HttpReply(404, { message: 'Not Found' });
}

function createUnauthorizedReply(): HttpReply {
  return new HttpReply(401, { message: 'Unauthorized' });
}

/** All request headers, as Realtime passes `conn.req_headers` to RLS as `request.headers`. */
function collectHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** `AuthTenant`: Bearer token (after the gateway's sb_ key mapping), else the apikey header. */
function authenticateCaller(req: IncomingMessage, jwtSecret: string): Caller {
  const authorization = resolveAuthorization(header(req, 'authorization'), header(req, 'apikey'));
  let token: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    const parts = authorization.trim().split(' ');
    // A bare token (what the gateway forwards when only an apikey was sent) is accepted as is.
    token = parts.length === 1 ? parts[0] : bearerToken(authorization);
  }
  token ??= header(req, 'apikey');
  if (token === undefined) throw createUnauthorizedReply();
  const check = checkRealtimeToken(token, jwtSecret);
  if (!check.ok) throw createUnauthorizedReply();
  return { claims: check.claims, headers: collectHeaders(req) };
}

function readMediaType(req: IncomingMessage): string | undefined {
  const value = header(req, 'content-type');
  if (value === undefined) return undefined;
  return value.split(';')[0]?.trim().toLowerCase();
}

function isJsonMediaType(type: string | undefined): boolean {
  return type === 'application/json' || (type !== undefined && /^application\/[^/]+\+json$/.test(type));
}

async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  try {
    return await readBody(req, BODY_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new HttpReply(413, { message: 'Request Entity Too Large' });
    throw error;
  }
}

/** Plug.Parsers.JSON: empty body → {}, non-object JSON → {"_json": value}, invalid → 400. */
function parseJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new HttpReply(400, { message: 'Bad Request' });
  }
  return isRecord(value) ? value : { _json: value };
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function castString(attrs: Record<string, unknown>, field: string, errors: FieldErrors): string | undefined {
  const value = attrs[field];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    errors[field] = ['is invalid'];
    return undefined;
  }
  if (isBlank(value)) {
    errors[field] = ["can't be blank"];
    return undefined;
  }
  return value as string;
}

function castBoolean(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return undefined;
}

function formatUuid(value: string): string {
  const hex = value.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function castBatchMessage(attrs: Record<string, unknown>): { message?: BatchMessage; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const topic = castString(attrs, 'topic', errors);
  const event = castString(attrs, 'event', errors);
  const payload = attrs['payload'];
  if (payload === undefined || payload === null) errors['payload'] = ["can't be blank"];
  else if (!isRecord(payload)) errors['payload'] = ['is invalid'];
  else if (measureJson(payload) > MAX_PAYLOAD_BYTES) {
    errors['payload'] = ['Payload size exceeds tenant limit'];
  }
  const isPrivate = castBoolean(attrs['private']);
  if (isPrivate === undefined) errors['private'] = ['is invalid'];
  const rawId = attrs['id'];
  let id: string | undefined;
  if (rawId !== undefined && rawId !== null) {
    if (typeof rawId === 'string' && UUID_PATTERN.test(rawId)) id = formatUuid(rawId);
    else errors['id'] = ['is invalid'];
  }
  if (Object.keys(errors).length > 0 || topic === undefined || event === undefined || !isRecord(payload)) {
    return { errors };
  }
  const message: BatchMessage = { topic, event, payload, isPrivate: isPrivate === true };
  if (id !== undefined) message.id = id;
  return { message, errors };
}

/** Ecto-style validation of the batch body; throws the 422 changeset reply. */
function castBatch(attrs: Record<string, unknown>): BatchMessage[] {
  const raw = attrs['messages'];
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) {
    throw new HttpReply(422, { errors: { messages: ["can't be blank"] } });
  }
  if (!Array.isArray(raw) || !raw.every(isRecord)) {
    throw new HttpReply(422, { errors: { messages: ['is invalid'] } });
  }
  const results = raw.map((entry) => castBatchMessage(entry));
  if (results.some((result) => !result.message)) {
    throw new HttpReply(422, { errors: { messages: results.map((result) => result.errors) } });
  }
  return results.map((result) => result.message as BatchMessage);
}

export type BroadcastApi = {
  handle(req: IncomingMessage, res: ServerResponse, url: URL, subpath: string): Promise<void>;
};

export function createBroadcastApi(runtime: RealtimeRuntime): BroadcastApi {
  async function canWrite(
    caller: Caller,
    topic: string,
  ): Promise<{ ok: true; isAllowed: boolean } | { ok: false; kind: string }> {
    const context = buildAuthorizationContext(topic, caller.claims, caller.headers);
    const result = await getWriteAuthorizations(runtime.pool, createPolicies(), context);
    if (!result.ok) {
      runtime.log(`realtime: broadcast write authorization for ${topic} failed: ${result.message}`);
      return { ok: false, kind: result.kind };
    }
    return { ok: true, isAllowed: result.policies.broadcast.write === true };
  }

  function publishBatchMessage(message: BatchMessage): void {
    const payload: Record<string, unknown> = { payload: message.payload, event: message.event, type: 'broadcast' };
    if (message.id !== undefined) payload['meta'] = { id: message.id };
    runtime.broker.publish(buildTopicKey(message.topic, message.isPrivate), {
      kind: 'phoenix',
      event: 'broadcast',
      payload,
      audience: 'broadcast',
    });
  }

  async function handleBatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readRequestBody(req);
    const attrs = isJsonMediaType(readMediaType(req)) ? parseJsonBody(body) : {};
    const caller = authenticateCaller(req, runtime.jwtSecret);
    const messages = castBatch(attrs);
    for (const message of messages) if (!message.isPrivate) publishBatchMessage(message);
    const privateByTopic = new Map<string, BatchMessage[]>();
    for (const message of messages) {
      if (!message.isPrivate) continue;
      const group = privateByTopic.get(message.topic) ?? [];
      group.push(message);
      privateByTopic.set(message.topic, group);
    }
    for (const [topic, group] of privateByTopic) {
      const permission = await canWrite(caller, topic);
      // Without write permission the batch API drops the messages and still answers 202.
      if (permission.ok && permission.isAllowed) for (const message of group) publishBatchMessage(message);
    }
    sendEmpty(res, 202);
  }

  async function handleSingle(req: IncomingMessage, res: ServerResponse, url: URL, rawTopic: string, rawEvent: string) {
    let topic: string;
    let event: string;
    try {
      topic = decodeURIComponent(rawTopic);
      event = decodeURIComponent(rawEvent);
    } catch {
      throw new HttpReply(400, { message: 'Bad Request' });
    }
    const body = await readRequestBody(req);
    const type = readMediaType(req);
    const jsonBody = isJsonMediaType(type) ? parseJsonBody(body) : undefined;
    if (type !== undefined && type !== 'application/json' && type !== 'application/octet-stream') {
      throw new HttpReply(415, { error: 'Unsupported Media Type. Use application/json or application/octet-stream' });
    }
    const caller = authenticateCaller(req, runtime.jwtSecret);
    const isBinary = type === 'application/octet-stream';
    const errors: FieldErrors = {};
    if (isBlank(topic)) errors['topic'] = ["can't be blank"];
    if (isBlank(event)) errors['event'] = ["can't be blank"];
    if (!isBinary && measureJson(jsonBody ?? {}) > MAX_PAYLOAD_BYTES) {
      errors['payload'] = ['Payload size exceeds tenant limit'];
    } else if (isBinary && body.length > MAX_PAYLOAD_BYTES) {
      errors['payload'] = ['Payload size exceeds tenant limit'];
    }
    if (Object.keys(errors).length > 0) throw new HttpReply(422, { errors });
    const isPrivate = url.searchParams.get('private') === 'true';
    if (isPrivate) {
      const permission = await canWrite(caller, topic);
      if (!permission.ok) {
        throw new HttpReply(422, {
          message: permission.kind === 'rls_policy_error' ? 'RLS policy error' : 'Tenant database unavailable',
        });
      }
      if (!permission.isAllowed) throw new HttpReply(403, { message: 'Unauthorized' });
    }
    const encoded = isBinary ? body : Buffer.from(JSON.stringify(jsonBody ?? {}), 'utf8');
    runtime.broker.publish(buildTopicKey(topic, isPrivate), {
      kind: 'user',
      broadcast: { event, encoding: isBinary ? 'binary' : 'json', body: encoded },
    });
    sendEmpty(res, 202);
  }

  return {
    async handle(req, res, url, subpath) {
      const method = req.method ?? 'GET';
      if (subpath === '/api/broadcast' || subpath === '/api/broadcast/') {
        if (method !== 'POST') throw createNotFoundReply();
        await handleBatch(req, res);
        return;
      }
      const single = /^\/api\/broadcast\/([^/]+)\/events\/([^/]+)\/?$/.exec(subpath);
      if (single) {
        if (method !== 'POST') throw createNotFoundReply();
        await handleSingle(req, res, url, single[1] ?? '', single[2] ?? '');
        return;
      }
      if (subpath === '/api/ping' && method === 'GET') throw new HttpReply(200, { message: 'Success' });
      if (subpath === '/websocket' || subpath === '/websocket/') {
        // Phoenix answers a plain (non-upgrade) request to the socket path with 400.
        throw new HttpReply(400, { message: 'Bad Request' });
      }
      throw createNotFoundReply();
    },
  };
}
