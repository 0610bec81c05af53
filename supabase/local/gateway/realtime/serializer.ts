/**
 * Phoenix wire formats as Supabase Realtime speaks them (phoenix V1 JSON serializer and
 * Realtime's V2 serializer, `lib/realtime_web/socket/v2_serializer.ex`):
 *
 * - 1.0.0: text frames holding `{topic, event, payload, ref, join_ref}`; the server drops
 *   `join_ref` from everything it sends.
 * - 2.0.0: text frames holding `[join_ref, ref, topic, event, payload]`, plus binary frames:
 *   kind 3 (user broadcast push, client → server) and kind 4 (user broadcast, server → client).
 *   Every length in a binary header is one unsigned byte, strings are UTF-8.
 *
 * Decoding never throws: a frame that upstream would fail to decode (its socket process
 * crashes and the connection drops) comes back as `{ ok: false }` and the caller closes.
 */

export type Vsn = '1.0.0' | '2.0.0';

export type PayloadEncoding = 'json' | 'binary';

/** A broadcast whose user payload travels as raw bytes (binary kinds 3 and 4). */
export type UserBroadcast = {
  readonly event: string;
  readonly encoding: PayloadEncoding;
  /** JSON text (encoding json) or opaque bytes (encoding binary). */
  readonly body: Buffer;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
};

export type ClientPayload =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'user-broadcast'; readonly broadcast: UserBroadcast };

export type ClientMessage = {
  readonly joinRef: string | null;
  readonly ref: string | null;
  readonly topic: string;
  readonly event: string;
  readonly payload: ClientPayload;
};

export type DecodeResult = { ok: true; message: ClientMessage } | { ok: false; reason: string };

/** What the server sends inside a channel (replies, pushes); broadcasts use `encodeBroadcast*`. */
export type ServerMessage = {
  readonly joinRef: string | null;
  readonly ref: string | null;
  readonly topic: string;
  readonly event: string;
  readonly payload: unknown;
};

export type Frame = string | Buffer;

const KIND_USER_BROADCAST_PUSH = 3;
const KIND_USER_BROADCAST = 4;
const ENCODING_BINARY = 0;
const ENCODING_JSON = 1;
const MAX_HEADER_FIELD_BYTES = 255;

/**
 * UTF-8 size of a value's JSON text; Infinity when it cannot be serialised (e.g. nesting deep
 * enough to exhaust the stack), so such payloads are refused as too large instead of throwing.
 */
export function measureJson(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export function parseVsn(value: string | null): Vsn | undefined {
  // Phoenix negotiates with `~> 1.0.0` / `~> 2.0.0` and defaults to 1.0.0 when vsn is absent.
  if (value === null || value === '') return '1.0.0';
  const match = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(value);
  if (!match) return undefined;
  if (match[1] === '1' && match[2] === '0') return '1.0.0';
  if (match[1] === '2' && match[2] === '0') return '2.0.0';
  return undefined;
}

function parseRef(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function buildTextMessage(
  joinRef: unknown,
  ref: unknown,
  topic: unknown,
  event: unknown,
  payload: unknown,
): DecodeResult {
  const parsedJoinRef = parseRef(joinRef);
  const parsedRef = parseRef(ref);
  if (parsedJoinRef === undefined || parsedRef === undefined) return { ok: false, reason: 'invalid ref' };
  if (typeof topic !== 'string') return { ok: false, reason: 'topic must be a string' };
  if (typeof event !== 'string') return { ok: false, reason: 'event must be a string' };
  return {
    ok: true,
    message: { joinRef: parsedJoinRef, ref: parsedRef, topic, event, payload: { kind: 'json', value: payload } },
  };
}

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function decodeV1(data: Buffer): DecodeResult {
  const parsed = parseJsonText(data.toString('utf8'));
  if (!parsed.ok) return { ok: false, reason: 'invalid JSON' };
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'V1 JSON Serializer expected a map' };
  }
  const map = value as Record<string, unknown>;
  // Phoenix.Socket.Message.from_map! fetches these keys and raises when one is missing.
  for (const key of ['topic', 'event', 'payload', 'ref']) {
    if (!(key in map)) return { ok: false, reason: `missing key ${key}` };
  }
  return buildTextMessage(map['join_ref'], map['ref'], map['topic'], map['event'], map['payload']);
}

function decodeV2Text(data: Buffer): DecodeResult {
  const parsed = parseJsonText(data.toString('utf8'));
  if (!parsed.ok) return { ok: false, reason: 'invalid JSON' };
  const value = parsed.value;
  if (!Array.isArray(value) || value.length < 5) return { ok: false, reason: 'expected V2 array' };
  const [joinRef, ref, topic, event, payload] = value as unknown[];
  return buildTextMessage(joinRef, ref, topic, event, payload);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes a kind-3 user broadcast push; any inconsistency makes the whole frame invalid. */
export function decodeUserBroadcastPush(data: Buffer): DecodeResult {
  const headerLength = 7;
  if (data.length < headerLength) return { ok: false, reason: 'binary frame shorter than its header' };
  if (data[0] !== KIND_USER_BROADCAST_PUSH) return { ok: false, reason: `unsupported binary frame kind ${data[0]}` };
  const sizes = [data[1] ?? 0, data[2] ?? 0, data[3] ?? 0, data[4] ?? 0, data[5] ?? 0];
  const encodingByte = data[6] ?? 0;
  const declared = sizes.reduce((sum, size) => sum + size, 0);
  if (data.length < headerLength + declared) return { ok: false, reason: 'binary frame lengths exceed the frame' };
  const fields: string[] = [];
  let offset = headerLength;
  for (const size of sizes) {
    const text = decodeUtf8(data.subarray(offset, offset + size));
    if (text === undefined) return { ok: false, reason: 'binary frame header is not UTF-8' };
    fields.push(text);
    offset += size;
  }
  const [joinRef = '', ref = '', topic = '', userEvent = '', metadataText = ''] = fields;
  let metadata: Record<string, unknown> | undefined;
  if (metadataText !== '') {
    const parsed = parseJsonText(metadataText);
    if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
      return { ok: false, reason: 'binary frame metadata is not a JSON object' };
    }
    metadata = parsed.value as Record<string, unknown>;
  }
  // Upstream treats any non-zero encoding byte as JSON.
  const encoding: PayloadEncoding = encodingByte === ENCODING_BINARY ? 'binary' : 'json';
  const body = Buffer.from(data.subarray(offset));
  if (encoding === 'json') {
    // Upstream forwards the bytes unchecked; invalid JSON would crash every realtime-js
    // receiver's decoder, so the stand-in refuses it like any other undecodable frame.
    const text = decodeUtf8(body);
    if (text === undefined || !parseJsonText(text).ok)
      return { ok: false, reason: 'binary frame JSON payload is invalid' };
  }
  return {
    ok: true,
    message: {
      joinRef,
      ref,
      topic,
      event: 'broadcast',
      payload: { kind: 'user-broadcast', broadcast: { event: userEvent, encoding, body, metadata } },
    },
  };
}

/** Decodes one inbound WebSocket frame for the socket's protocol version. */
export function decodeFrame(vsn: Vsn, data: Buffer, isBinary: boolean): DecodeResult {
  if (vsn === '1.0.0') return decodeV1(data); // the V1 serializer ignores the opcode
  return isBinary ? decodeUserBroadcastPush(data) : decodeV2Text(data);
}

/** Encodes a reply or push; V1 drops join_ref like Phoenix's V1 serializer. */
export function encodeMessage(vsn: Vsn, message: ServerMessage): string {
  if (vsn === '1.0.0') {
    return JSON.stringify({ topic: message.topic, event: message.event, payload: message.payload, ref: message.ref });
  }
  return JSON.stringify([message.joinRef, message.ref, message.topic, message.event, message.payload]);
}

export type ReplyStatus = 'ok' | 'error';

export function encodeReply(
  vsn: Vsn,
  reply: { joinRef: string | null; ref: string | null; topic: string; status: ReplyStatus; response: unknown },
): string {
  return encodeMessage(vsn, {
    joinRef: reply.joinRef,
    ref: reply.ref,
    topic: reply.topic,
    event: 'phx_reply',
    payload: { status: reply.status, response: reply.response },
  });
}

/** A Phoenix broadcast (fastlane): text, no refs. */
export function encodeBroadcast(vsn: Vsn, topic: string, event: string, payload: unknown): string {
  return encodeMessage(vsn, { joinRef: null, ref: null, topic, event, payload });
}

/**
 * A user broadcast: kind 4 for 2.0.0 sockets; for 1.0.0 sockets the JSON conversion of
 * `user_broadcast.ex#convert_to_json_broadcast`, and nothing at all for binary payloads
 * (V1 cannot carry them). Also nothing when a header field exceeds 255 bytes (upstream's
 * encoder raises and the message is not delivered).
 */
export function encodeUserBroadcast(vsn: Vsn, topic: string, broadcast: UserBroadcast): Frame | undefined {
  const metadataText = broadcast.metadata ? JSON.stringify(broadcast.metadata) : '';
  if (vsn === '1.0.0') {
    if (broadcast.encoding !== 'json') return undefined;
    const meta = broadcast.metadata ? `,"meta":${metadataText}` : '';
    const payload = `{"event":${JSON.stringify(broadcast.event)},"payload":${broadcast.body.toString('utf8')},"type":"broadcast"${meta}}`;
    return `{"topic":${JSON.stringify(topic)},"event":"broadcast","payload":${payload},"ref":null}`;
  }
  const topicBytes = Buffer.from(topic, 'utf8');
  const eventBytes = Buffer.from(broadcast.event, 'utf8');
  const metadataBytes = Buffer.from(metadataText, 'utf8');
  if (
    topicBytes.length > MAX_HEADER_FIELD_BYTES ||
    eventBytes.length > MAX_HEADER_FIELD_BYTES ||
    metadataBytes.length > MAX_HEADER_FIELD_BYTES
  ) {
    return undefined;
  }
  const header = Buffer.from([
    KIND_USER_BROADCAST,
    topicBytes.length,
    eventBytes.length,
    metadataBytes.length,
    broadcast.encoding === 'json' ? ENCODING_JSON : ENCODING_BINARY,
  ]);
  return Buffer.concat([header, topicBytes, eventBytes, metadataBytes, broadcast.body]);
}
