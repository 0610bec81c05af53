/**
 * Realtime's broadcast HTTP API (`/realtime/v1/api/broadcast` and the single-message endpoint):
 * statuses and error shapes as Realtime answers them, delivery to WebSocket subscribers, and
 * RLS write checks for private messages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getStack } from '../../test/stack-info.ts';
import { MEMBER_A, mintUserToken, openRawSocket, createUniqueName, type RawFrame, type RawSocket } from './testing.ts';

const stack = getStack();
const BATCH_URL = `${stack.apiUrl}/realtime/v1/api/broadcast`;

function buildSingleUrl(topic: string, event: string, query = ''): string {
  return `${BATCH_URL}/${encodeURIComponent(topic)}/events/${encodeURIComponent(event)}${query}`;
}

function buildHeaders(token: string, contentType = 'application/json'): Record<string, string> {
  return { apikey: stack.anonKey, authorization: `Bearer ${token}`, 'content-type': contentType };
}

async function post(url: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

function isBroadcast(event: string) {
  return (frame: RawFrame): boolean =>
    (frame.kind === 'text' && frame.event === 'broadcast' && frame.payload['event'] === event) ||
    (frame.kind === 'binary' && frame.event === event);
}

describe('realtime broadcast API', () => {
  const sockets: RawSocket[] = [];

  async function subscribe(topic: string, options: { isPrivate?: boolean; token?: string } = {}): Promise<RawSocket> {
    const socket = await openRawSocket('2.0.0');
    sockets.push(socket);
    const payload: Record<string, unknown> = { config: { private: options.isPrivate ?? false } };
    if (options.token) payload['access_token'] = options.token;
    const { reply } = await socket.join(`realtime:${topic}`, payload);
    expect(reply).toMatchObject({ payload: { status: 'ok' } });
    return socket;
  }

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });

  it('accepts a batch with 202 and delivers it as a text broadcast, with meta.id when given', async () => {
    const topic = createUniqueName('room');
    const socket = await subscribe(topic);
    const id = crypto.randomUUID();
    const result = await post(
      BATCH_URL,
      JSON.stringify({ messages: [{ topic, event: 'hello', payload: { n: 1 }, id }] }),
      buildHeaders(stack.anonKey),
    );
    expect(result).toEqual({ status: 202, body: undefined });
    const frame = await socket.next(isBroadcast('hello'), 'the batch broadcast');
    expect(frame).toMatchObject({
      kind: 'text',
      payload: { type: 'broadcast', event: 'hello', payload: { n: 1 }, meta: { id } },
    });
  });

  it('refuses a batch without a valid token with 401', async () => {
    const body = JSON.stringify({ messages: [{ topic: 'x', event: 'y', payload: {} }] });
    expect(await post(BATCH_URL, body, { 'content-type': 'application/json' })).toEqual({
      status: 401,
      body: { message: 'Unauthorized' },
    });
    const expired = mintUserToken(MEMBER_A, { expiresInSeconds: -5 });
    expect(await post(BATCH_URL, body, buildHeaders(expired))).toEqual({
      status: 401,
      body: { message: 'Unauthorized' },
    });
  });

  it('answers changeset errors with 422', async () => {
    expect(await post(BATCH_URL, JSON.stringify({}), buildHeaders(stack.anonKey))).toEqual({
      status: 422,
      body: { errors: { messages: ["can't be blank"] } },
    });
    expect(await post(BATCH_URL, JSON.stringify({ messages: 'x' }), buildHeaders(stack.anonKey))).toEqual({
      status: 422,
      body: { errors: { messages: ['is invalid'] } },
    });
    const mixed = {
      messages: [
        { topic: 't', event: 'e', payload: {} },
        { topic: 5, event: null, payload: 'no' },
      ],
    };
    expect(await post(BATCH_URL, JSON.stringify(mixed), buildHeaders(stack.anonKey))).toEqual({
      status: 422,
      body: {
        errors: { messages: [{}, { topic: ['is invalid'], event: ["can't be blank"], payload: ['is invalid'] }] },
      },
    });
  });

  it('answers 400 for malformed JSON', async () => {
    expect(await post(BATCH_URL, '{"messages": [', buildHeaders(stack.anonKey))).toEqual({
      status: 400,
      body: { message: 'Bad Request' },
    });
  });

  it('drops private batch messages the caller may not write, and still answers 202', async () => {
    const topic = 'room:1';
    const user = mintUserToken(MEMBER_A);
    const socket = await subscribe(topic, { isPrivate: true, token: user });
    const denied = createUniqueName('denied');
    expect(
      (
        await post(
          BATCH_URL,
          JSON.stringify({ messages: [{ topic, event: denied, payload: {}, private: true }] }),
          buildHeaders(user),
        )
      ).status,
    ).toBe(202);
    const marker = createUniqueName('marker');
    const asService = buildHeaders(stack.serviceRoleKey);
    expect(
      (
        await post(
          BATCH_URL,
          JSON.stringify({ messages: [{ topic, event: marker, payload: {}, private: true }] }),
          asService,
        )
      ).status,
    ).toBe(202);
    await socket.next(isBroadcast(marker), 'the marker');
    expect(socket.frames.some(isBroadcast(denied))).toBe(false);
  });

  it('delivers the single endpoint as a user broadcast (JSON and binary)', async () => {
    const topic = createUniqueName('room');
    const socket = await subscribe(topic);
    expect(
      await post(buildSingleUrl(topic, 'json-event'), JSON.stringify({ n: 2 }), buildHeaders(stack.anonKey)),
    ).toEqual({
      status: 202,
      body: undefined,
    });
    const json = await socket.next(isBroadcast('json-event'), 'the JSON broadcast');
    expect(json).toMatchObject({ kind: 'binary', payload: { n: 2 } });
    expect(json.kind === 'binary' && [json.bytes[0], json.bytes[4]]).toEqual([4, 1]);
    expect(json.kind === 'binary' && json.meta).toBeUndefined();
    const bytes = new Uint8Array([9, 8, 7]);
    expect(
      (await post(buildSingleUrl(topic, 'bin-event'), bytes, buildHeaders(stack.anonKey, 'application/octet-stream')))
        .status,
    ).toBe(202);
    const binary = await socket.next(isBroadcast('bin-event'), 'the binary broadcast');
    expect(binary.kind === 'binary' && [binary.bytes[0], binary.bytes[4]]).toEqual([4, 0]);
    const payload = binary.kind === 'binary' ? binary.payload : undefined;
    expect(payload).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(payload as ArrayBuffer)]).toEqual([9, 8, 7]);
  });

  it('answers 403 for a private single message without write permission, 202 with it', async () => {
    const user = mintUserToken(MEMBER_A);
    expect(await post(buildSingleUrl('room:1', 'x', '?private=true'), '{}', buildHeaders(user))).toEqual({
      status: 403,
      body: { message: 'Unauthorized' },
    });
    const socket = await subscribe('room:rw', { isPrivate: true, token: user });
    const event = createUniqueName('allowed');
    expect(
      (await post(buildSingleUrl('room:rw', event, '?private=true'), '{"ok":true}', buildHeaders(user))).status,
    ).toBe(202);
    await socket.next(isBroadcast(event), 'the private broadcast');
  });

  it('answers 400 for a topic or event with malformed percent-encoding', async () => {
    for (const path of ['%E0%A4%A/events/x', 'room/events/%E0%A4%A', '%/events/%ZZ']) {
      expect(
        await post(`${stack.apiUrl}/realtime/v1/api/broadcast/${path}`, '{}', buildHeaders(stack.anonKey)),
        path,
      ).toEqual({ status: 400, body: { message: 'Bad Request' } });
    }
  });

  it('answers 415 for other media types on the single endpoint', async () => {
    expect(await post(buildSingleUrl('room', 'x'), 'hello', buildHeaders(stack.anonKey, 'text/plain'))).toEqual({
      status: 415,
      body: { error: 'Unsupported Media Type. Use application/json or application/octet-stream' },
    });
  });

  it('answers 404 for unknown routes and methods', async () => {
    const response = await fetch(`${stack.apiUrl}/realtime/v1/api/nothing`, { headers: { apikey: stack.anonKey } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
    const get = await fetch(BATCH_URL, { headers: { apikey: stack.anonKey } });
    expect(get.status).toBe(404);
  });
});
