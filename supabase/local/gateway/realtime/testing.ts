/**
 * Helpers for the realtime conformance tests: supabase-js clients per protocol version, user
 * JWTs minted like GoTrue's (Realtime verifies them statelessly), a raw `ws` client that speaks
 * both wire formats, bounded waits and direct SQL sessions.
 *
 * Binary frames are built and read with realtime-js's own Serializer, never with the stand-in's
 * serializer: a bug shared by our encoder and decoder must not be able to pass the tests.
 */
import Serializer from '@supabase/realtime-js/dist/module/lib/serializer.js';
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { getStack } from '../../test/stack-info.ts';
import { signJwt } from '../jwt.ts';

export const VSNS = ['1.0.0', '2.0.0'] as const;
export type TestVsn = (typeof VSNS)[number];

/** Member of team:1 in fixtures/30-realtime.sql. */
export const MEMBER_A = '00000000-0000-4000-8000-00000000000a';
/** Not a member of anything. */
export const OUTSIDER_B = '00000000-0000-4000-8000-00000000000b';

const stack = getStack();

export function createUniqueName(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/** An access token shaped like GoTrue's for a signed-in user. */
export function mintUserToken(sub: string, options: { expiresInSeconds?: number; secret?: string } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      aud: 'authenticated',
      sub,
      role: 'authenticated',
      email: `${sub.slice(-4)}@example.test`,
      session_id: crypto.randomUUID(),
      iat: now,
      exp: now + (options.expiresInSeconds ?? 3600),
    },
    options.secret ?? stack.jwtSecret,
  );
}

export type TestClient = {
  readonly client: SupabaseClient;
  /** Changes the session token and pushes it to joined channels (what a sign-in does). */
  setToken(token: string): Promise<void>;
  close(): Promise<void>;
};

/**
 * A supabase-js client on the given protocol. With `userToken`, the client behaves as signed in
 * (supabase-js `accessToken` option); the token is applied before anything subscribes.
 */
export async function createTestClient(
  vsn: TestVsn,
  options: { key?: string; userToken?: string } = {},
): Promise<TestClient> {
  let token = options.userToken;
  const client = createClient(stack.apiUrl, options.key ?? stack.anonKey, {
    realtime: { transport: WebSocket as never, vsn },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    ...(token !== undefined ? { accessToken: () => Promise.resolve(token ?? null) } : {}),
  });
  if (token !== undefined) await client.realtime.setAuth();
  return {
    client,
    async setToken(next) {
      token = next;
      await client.realtime.setAuth();
    },
    async close() {
      await client.removeAllChannels();
      client.realtime.disconnect();
    },
  };
}

export type SubscribeResult = { status: string; error: Error | undefined };

/** Subscribes and resolves with the first settled status (SUBSCRIBED, CHANNEL_ERROR, TIMED_OUT). */
export function subscribeChannel(channel: RealtimeChannel): Promise<SubscribeResult> {
  return new Promise((resolve) => {
    let isSettled = false;
    channel.subscribe((status, error) => {
      if (isSettled || status === 'CLOSED') return;
      isSettled = true;
      resolve({ status, error });
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `read` returns something truthy; bounded so a lost message fails the test. */
export async function waitFor<T>(read: () => T | undefined | false, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Runs `work` on a dedicated connection (postgres role by default) and closes it. */
export async function runInDatabase<T>(work: (client: pg.Client) => Promise<T>, url = stack.dbUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A V2 message as realtime-js's Serializer takes and gives it. */
export type RealtimeJsMessage = {
  readonly join_ref: string | null;
  readonly ref: string | null;
  readonly topic: string;
  readonly event: string;
  readonly payload: unknown;
};

/**
 * What realtime-js 2.119.1 puts on the wire for a V2 push: a kind-3 binary frame (as a Buffer)
 * for a broadcast whose `payload.event` is a string — its `payload.payload` as JSON, or raw
 * bytes when it is an ArrayBuffer — and a JSON array text frame for anything else.
 */
export function encodeWithRealtimeJs(message: RealtimeJsMessage): Buffer | string {
  let frame: ArrayBuffer | string = '';
  new Serializer().encode(message as never, (result: ArrayBuffer | string) => {
    frame = result;
  });
  return typeof frame === 'string' ? frame : Buffer.from(frame);
}

/** How realtime-js decodes a server frame (it only understands kind-4 binary frames). */
export function decodeWithRealtimeJs(frame: Buffer | string): RealtimeJsMessage {
  let decoded: unknown;
  // realtime-js reads `binaryType = 'arraybuffer'` frames: hand it an exact copy.
  const raw = typeof frame === 'string' ? frame : new Uint8Array(frame).buffer;
  new Serializer().decode(raw, (result: unknown) => {
    decoded = result;
  });
  return decoded as RealtimeJsMessage;
}

/** A frame as the raw client sees it, normalised across protocol versions. */
export type RawFrame =
  | {
      readonly kind: 'text';
      readonly joinRef: string | null | undefined;
      readonly ref: string | null;
      readonly topic: string;
      readonly event: string;
      readonly payload: Record<string, unknown>;
    }
  | {
      readonly kind: 'binary';
      /** The frame as received; byte 0 is the kind, byte 4 the payload encoding (spec §4.2). */
      readonly bytes: Buffer;
      /** The rest as realtime-js decodes it (`payload.event`, `.payload`, `.meta`). */
      readonly topic: string;
      readonly event: string;
      /** Parsed JSON, or an ArrayBuffer for binary-encoded payloads. */
      readonly payload: unknown;
      readonly meta: unknown;
    };

export type RawSocket = {
  readonly ws: WebSocket;
  readonly frames: RawFrame[];
  /** Sends a message in the socket's text format. */
  send(message: { joinRef?: string | null; ref?: string | null; topic: string; event: string; payload: unknown }): void;
  sendRaw(data: string | Buffer, isBinary?: boolean): void;
  /**
   * Sends `channel.send({type: 'broadcast', event, payload})` exactly as realtime-js encodes it
   * on a joined 2.0.0 channel (a kind-3 frame); an ArrayBuffer payload travels as raw bytes.
   */
  sendUserBroadcast(message: { joinRef: string; ref: string; topic: string; event: string; payload: unknown }): void;
  /** Resolves with the first frame (already received or future) matching `predicate`. */
  next(predicate: (frame: RawFrame) => boolean, what: string): Promise<RawFrame>;
  /** Joins `topic` with `payload` and resolves with the reply. */
  join(topic: string, payload?: Record<string, unknown>): Promise<{ joinRef: string; reply: RawFrame }>;
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
};

function decodeRawFrame(vsn: TestVsn, data: Buffer, isBinary: boolean): RawFrame {
  if (isBinary) {
    const decoded = decodeWithRealtimeJs(data);
    const payload = (decoded.payload ?? {}) as { event?: unknown; payload?: unknown; meta?: unknown };
    return {
      kind: 'binary',
      bytes: Buffer.from(data),
      topic: decoded.topic,
      event: String(payload.event),
      payload: payload.payload,
      meta: payload.meta,
    };
  }
  const value = JSON.parse(data.toString('utf8')) as unknown;
  if (vsn === '1.0.0') {
    const map = value as {
      join_ref?: string | null;
      ref: string | null;
      topic: string;
      event: string;
      payload: Record<string, unknown>;
    };
    return {
      kind: 'text',
      joinRef: map.join_ref,
      ref: map.ref,
      topic: map.topic,
      event: map.event,
      payload: map.payload,
    };
  }
  const [joinRef, ref, topic, event, payload] = value as [
    string | null,
    string | null,
    string,
    string,
    Record<string, unknown>,
  ];
  return { kind: 'text', joinRef, ref, topic, event, payload };
}

/**
 * Opens a raw WebSocket to /realtime/v1/websocket (apikey = anon key unless given) on the test
 * stack, or on another server hosting the realtime service at `apiUrl`.
 */
export async function openRawSocket(
  vsn: TestVsn,
  options: { apikey?: string; apiUrl?: string } = {},
): Promise<RawSocket> {
  const url = new URL(`${(options.apiUrl ?? stack.apiUrl).replace(/^http/, 'ws')}/realtime/v1/websocket`);
  url.searchParams.set('apikey', options.apikey ?? stack.anonKey);
  url.searchParams.set('vsn', vsn);
  const ws = new WebSocket(url);
  const frames: RawFrame[] = [];
  const waiters: { predicate: (frame: RawFrame) => boolean; resolve: (frame: RawFrame) => void }[] = [];
  let nextRef = 0;
  ws.on('message', (data, isBinary) => {
    const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    const frame = decodeRawFrame(vsn, buffer, isBinary);
    frames.push(frame);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(frame)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

  const socket: RawSocket = {
    ws,
    frames,
    send(message) {
      const joinRef = message.joinRef ?? null;
      const ref = message.ref ?? null;
      const text =
        vsn === '1.0.0'
          ? JSON.stringify({
              join_ref: joinRef,
              ref,
              topic: message.topic,
              event: message.event,
              payload: message.payload,
            })
          : JSON.stringify([joinRef, ref, message.topic, message.event, message.payload]);
      ws.send(text);
    },
    sendRaw(data, isBinary = typeof data !== 'string') {
      ws.send(data, { binary: isBinary });
    },
    sendUserBroadcast(message) {
      const frame = encodeWithRealtimeJs({
        join_ref: message.joinRef,
        ref: message.ref,
        topic: message.topic,
        event: 'broadcast',
        payload: { type: 'broadcast', event: message.event, payload: message.payload },
      });
      if (typeof frame === 'string') throw new Error('realtime-js did not encode a kind-3 frame');
      ws.send(frame, { binary: true });
    },
    next(predicate, what) {
      const found = frames.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 5_000);
        waiters.push({
          predicate,
          resolve: (frame) => {
            clearTimeout(timer);
            resolve(frame);
          },
        });
      });
    },
    async join(topic, payload = { config: { broadcast: { self: false, ack: false }, presence: { enabled: false } } }) {
      nextRef += 1;
      const joinRef = `j${nextRef}`;
      socket.send({ joinRef, ref: joinRef, topic, event: 'phx_join', payload });
      const reply = await socket.next(
        (frame) => frame.kind === 'text' && frame.event === 'phx_reply' && frame.ref === joinRef,
        `join reply for ${topic}`,
      );
      return { joinRef, reply };
    },
    closed,
    async close() {
      if (ws.readyState === ws.CLOSED) return;
      ws.close();
      await closed;
    },
  };
  return socket;
}

/** Attempts an upgrade that must be refused; resolves with the HTTP status and JSON body. */
export function expectUpgradeRefused(query: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const url = new URL(`${stack.apiUrl.replace(/^http/, 'ws')}/realtime/v1/websocket`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('error', () => undefined);
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      });
    });
  });
}
