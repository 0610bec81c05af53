/**
 * Phoenix protocol edge cases on a raw `ws` client, for 1.0.0 and 2.0.0: upgrade refusals,
 * heartbeats, join/leave bookkeeping, unmatched topics, undecodable frames, the V2 binary
 * kind-3 → kind-4 round trip and the per-socket channel limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getStack } from '../../test/stack-info.ts';
import { signJwt } from '../jwt.ts';
import {
  VSNS,
  expectUpgradeRefused,
  openRawSocket,
  createUniqueName,
  type RawFrame,
  type RawSocket,
} from './testing.ts';

const stack = getStack();

function isReplyTo(ref: string) {
  return (frame: RawFrame): boolean => frame.kind === 'text' && frame.event === 'phx_reply' && frame.ref === ref;
}

describe('realtime upgrade', () => {
  const now = Math.floor(Date.now() / 1000);

  it('refuses a socket without apikey with 401 "API key is missing"', async () => {
    expect(await expectUpgradeRefused({ vsn: '2.0.0' })).toEqual({
      status: 401,
      body: { error: 'API key is missing' },
    });
  });

  it('refuses a garbage apikey as an invalid JWT', async () => {
    expect(await expectUpgradeRefused({ apikey: 'not-a-jwt', vsn: '2.0.0' })).toEqual({
      status: 401,
      body: { error: 'The token provided is not a valid JWT' },
    });
  });

  it('refuses an expired token', async () => {
    const expired = signJwt({ role: 'anon', exp: now - 60 }, stack.jwtSecret);
    expect(await expectUpgradeRefused({ apikey: expired, vsn: '2.0.0' })).toEqual({
      status: 401,
      body: { error: 'Token has expired' },
    });
  });

  it('refuses a token signed with another secret', async () => {
    const forged = signJwt({ role: 'anon', exp: now + 600 }, 'another-secret-that-is-long-enough-to-sign');
    expect(await expectUpgradeRefused({ apikey: forged, vsn: '1.0.0' })).toEqual({
      status: 401,
      body: { error: 'Failed to validate JWT signature' },
    });
  });

  it('refuses a token without role and exp', async () => {
    const bare = signJwt({ sub: 'x' }, stack.jwtSecret);
    expect(await expectUpgradeRefused({ apikey: bare, vsn: '2.0.0' })).toEqual({
      status: 401,
      body: { error: 'Fields `role` and `exp` are required in JWT' },
    });
  });

  it('refuses an unsupported protocol version with 403', async () => {
    const refused = await expectUpgradeRefused({ apikey: stack.anonKey, vsn: '3.0.0' });
    expect(refused.status).toBe(403);
  });

  it('maps the secret key to the service role token', async () => {
    const socket = await openRawSocket('2.0.0', { apikey: stack.secretKey });
    const { reply } = await socket.join(`realtime:${createUniqueName('room')}`, {
      config: { private: true },
      access_token: stack.secretKey,
    });
    // service_role bypasses RLS, so even a topic without policies is readable.
    expect(reply).toMatchObject({ payload: { status: 'ok' } });
    await socket.close();
  });
});

describe.each(VSNS)('realtime protocol (vsn %s)', (vsn) => {
  const sockets: RawSocket[] = [];

  async function open(): Promise<RawSocket> {
    const socket = await openRawSocket(vsn);
    sockets.push(socket);
    return socket;
  }

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });

  it('replies to heartbeats on topic phoenix', async () => {
    const socket = await open();
    socket.send({ ref: 'h1', topic: 'phoenix', event: 'heartbeat', payload: {} });
    const reply = await socket.next(isReplyTo('h1'), 'heartbeat reply');
    expect(reply).toMatchObject({ topic: 'phoenix', payload: { status: 'ok', response: {} } });
  });

  it('joins with join_ref == ref and answers postgres_changes: []', async () => {
    const socket = await open();
    const { joinRef, reply } = await socket.join(`realtime:${createUniqueName('room')}`);
    expect(reply).toMatchObject({
      kind: 'text',
      ref: joinRef,
      payload: { status: 'ok', response: { postgres_changes: [] } },
    });
    if (vsn === '2.0.0') expect(reply).toMatchObject({ joinRef });
    else expect(reply).toMatchObject({ joinRef: undefined }); // the V1 serializer drops join_ref
  });

  it('answers "unmatched topic" for messages to a topic that is not joined', async () => {
    const socket = await open();
    socket.send({
      joinRef: '1',
      ref: '2',
      topic: 'realtime:never-joined',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'x', payload: {} },
    });
    const reply = await socket.next(isReplyTo('2'), 'unmatched reply');
    expect(reply).toMatchObject({
      topic: 'realtime:never-joined',
      payload: { status: 'error', response: { reason: 'unmatched topic' } },
    });
  });

  it('answers "unmatched topic" for a join outside realtime:*', async () => {
    const socket = await open();
    const { reply } = await socket.join('lobby:1');
    expect(reply).toMatchObject({ payload: { status: 'error', response: { reason: 'unmatched topic' } } });
  });

  it('refuses "realtime:" without a sub-topic', async () => {
    const socket = await open();
    const { reply } = await socket.join('realtime:');
    expect(reply).toMatchObject({
      payload: { status: 'error', response: { reason: 'TopicNameRequired: You must provide a topic name' } },
    });
  });

  it('refuses a join whose access_token is not a JWT', async () => {
    const socket = await open();
    const { reply } = await socket.join(`realtime:${createUniqueName('room')}`, {
      config: {},
      access_token: 'garbage',
    });
    expect(reply).toMatchObject({
      payload: { status: 'error', response: { reason: 'MalformedJWT: The token provided is not a valid JWT' } },
    });
  });

  it('closes the previous channel on a duplicate join', async () => {
    const socket = await open();
    const topic = `realtime:${createUniqueName('room')}`;
    const first = await socket.join(topic);
    const second = await socket.join(topic);
    expect(second.reply).toMatchObject({ payload: { status: 'ok' } });
    const close = await socket.next((frame) => frame.kind === 'text' && frame.event === 'phx_close', 'phx_close');
    expect(close).toMatchObject({ topic, ref: first.joinRef, payload: {} });
    expect(socket.frames.indexOf(close)).toBeLessThan(socket.frames.indexOf(second.reply));
  });

  it('acknowledges phx_leave, then sends phx_close with the join ref', async () => {
    const socket = await open();
    const topic = `realtime:${createUniqueName('room')}`;
    const { joinRef } = await socket.join(topic);
    socket.send({ joinRef, ref: 'leave-1', topic, event: 'phx_leave', payload: {} });
    const reply = await socket.next(isReplyTo('leave-1'), 'leave reply');
    expect(reply).toMatchObject({ topic, payload: { status: 'ok', response: {} } });
    const close = await socket.next((frame) => frame.kind === 'text' && frame.event === 'phx_close', 'phx_close');
    expect(close).toMatchObject({ topic, ref: joinRef, payload: {} });
    // The channel is gone: further messages are unmatched.
    socket.send({ joinRef, ref: 'after', topic, event: 'broadcast', payload: {} });
    expect(await socket.next(isReplyTo('after'), 'unmatched reply')).toMatchObject({
      payload: { status: 'error', response: { reason: 'unmatched topic' } },
    });
  });

  it('ignores unknown events without replying', async () => {
    const socket = await open();
    const topic = `realtime:${createUniqueName('room')}`;
    const { joinRef } = await socket.join(topic, { config: { broadcast: { ack: true } } });
    socket.send({ joinRef, ref: 'unknown-1', topic, event: 'no_such_event', payload: {} });
    socket.send({
      joinRef,
      ref: 'ack-1',
      topic,
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'x', payload: {} },
    });
    await socket.next(isReplyTo('ack-1'), 'the broadcast ack');
    expect(socket.frames.some((frame) => frame.kind === 'text' && frame.ref === 'unknown-1')).toBe(false);
  });

  it('closes the socket with 1007 on an unparsable frame', async () => {
    const socket = await open();
    socket.sendRaw('{not json', false);
    expect((await socket.closed).code).toBe(1007);
  });

  it('closes the socket with 1009 on a frame over the size limit', async () => {
    const socket = await open();
    socket.sendRaw('x'.repeat(5_000_001), false);
    expect((await socket.closed).code).toBe(1009);
  });

  it('refuses more than 100 channels on one socket', async () => {
    const socket = await open();
    const prefix = createUniqueName('many');
    for (let i = 0; i < 100; i += 1)
      socket.send({ joinRef: `m${i}`, ref: `m${i}`, topic: `realtime:${prefix}-${i}`, event: 'phx_join', payload: {} });
    await socket.next(isReplyTo('m99'), 'the 100th join');
    const { reply } = await socket.join(`realtime:${prefix}-100`);
    expect(reply).toMatchObject({
      payload: { status: 'error', response: { reason: 'ChannelRateLimitReached: Too many channels' } },
    });
  });

  it('delivers text broadcasts as text frames, acknowledged with ack', async () => {
    const topic = `realtime:${createUniqueName('room')}`;
    const sender = await open();
    const receiver = await open();
    const { joinRef } = await sender.join(topic, { config: { broadcast: { ack: true } } });
    await receiver.join(topic);
    sender.send({
      joinRef,
      ref: 'b1',
      topic,
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'x', payload: { n: 1 } },
    });
    expect(await sender.next(isReplyTo('b1'), 'ack')).toMatchObject({ payload: { status: 'ok', response: {} } });
    const got = await receiver.next((frame) => frame.kind === 'text' && frame.event === 'broadcast', 'broadcast');
    expect(got).toMatchObject({
      kind: 'text',
      ref: null,
      topic,
      payload: { type: 'broadcast', event: 'x', payload: { n: 1 } },
    });
  });
});

describe('realtime V2 binary frames', () => {
  const sockets: RawSocket[] = [];

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });

  it('re-broadcasts a kind-3 push as kind 4 (2.0.0) and as converted JSON (1.0.0), UTF-8 intact', async () => {
    const topic = `realtime:salle-été-☕-${createUniqueName('b')}`;
    const sender = await openRawSocket('2.0.0');
    const v2 = await openRawSocket('2.0.0');
    const v1 = await openRawSocket('1.0.0');
    sockets.push(sender, v2, v1);
    const { joinRef } = await sender.join(topic, { config: { broadcast: { ack: true } } });
    await v2.join(topic);
    await v1.join(topic);
    sender.sendUserBroadcast({ joinRef, ref: 'k3', topic, event: 'café-🎉', payload: { texte: 'déjà' } });
    expect(await sender.next(isReplyTo('k3'), 'ack')).toMatchObject({ payload: { status: 'ok' } });
    const binary = await v2.next((frame) => frame.kind === 'binary', 'kind 4');
    expect(binary).toMatchObject({ kind: 'binary', topic, event: 'café-🎉', payload: { texte: 'déjà' } });
    expect(binary.kind === 'binary' && binary.meta).toBeUndefined();
    // Kind 4 with JSON encoding (spec §4.2: byte 0 kind, byte 4 encoding).
    expect(binary.kind === 'binary' && [binary.bytes[0], binary.bytes[4]]).toEqual([4, 1]);
    const text = await v1.next((frame) => frame.kind === 'text' && frame.event === 'broadcast', 'V1 broadcast');
    expect(text).toMatchObject({ topic, payload: { type: 'broadcast', event: 'café-🎉', payload: { texte: 'déjà' } } });
  });

  it('forwards binary payloads to 2.0.0 sockets only', async () => {
    const topic = `realtime:${createUniqueName('bin')}`;
    const sender = await openRawSocket('2.0.0');
    const v2 = await openRawSocket('2.0.0');
    const v1 = await openRawSocket('1.0.0');
    sockets.push(sender, v2, v1);
    const { joinRef } = await sender.join(topic);
    await v2.join(topic);
    await v1.join(topic);
    sender.sendUserBroadcast({ joinRef, ref: 'b', topic, event: 'bytes', payload: new Uint8Array([0, 1, 255]).buffer });
    sender.send({
      joinRef,
      ref: 'm',
      topic,
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'marker', payload: {} },
    });
    const binary = await v2.next((frame) => frame.kind === 'binary', 'binary broadcast');
    expect(binary).toMatchObject({ event: 'bytes' });
    expect(binary.kind === 'binary' && [binary.bytes[0], binary.bytes[4]]).toEqual([4, 0]);
    const bytes = binary.kind === 'binary' ? binary.payload : undefined;
    expect(bytes).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(bytes as ArrayBuffer)]).toEqual([0, 1, 255]);
    await v1.next((frame) => frame.kind === 'text' && frame.event === 'broadcast', 'the marker');
    const v1Broadcasts = v1.frames.filter((frame) => frame.kind === 'text' && frame.event === 'broadcast');
    expect(v1Broadcasts).toHaveLength(1);
    expect(v1Broadcasts[0]).toMatchObject({ payload: { event: 'marker' } });
  });

  it('accepts the kind-3 bytes observed from the real client (spec §4.2)', async () => {
    // A 14-byte topic and one-byte refs give the header quoted in the spec: [3,1,1,14,1,0,1].
    const topic = `realtime:${crypto.randomUUID().slice(0, 5)}`;
    const socket = await openRawSocket('2.0.0');
    sockets.push(socket);
    socket.send({
      joinRef: '6',
      ref: '6',
      topic,
      event: 'phx_join',
      payload: { config: { broadcast: { self: true, ack: true } } },
    });
    expect(await socket.next(isReplyTo('6'), 'join reply')).toMatchObject({ payload: { status: 'ok' } });
    const header = [3, 1, 1, 14, 1, 0, 1];
    socket.sendRaw(Buffer.concat([Buffer.from(header), Buffer.from(`67${topic}x{"n":1}`, 'utf8')]), true);
    expect(await socket.next(isReplyTo('7'), 'ack')).toMatchObject({ payload: { status: 'ok', response: {} } });
    const echo = await socket.next((frame) => frame.kind === 'binary', 'the echo');
    expect(echo).toMatchObject({ kind: 'binary', topic, event: 'x', payload: { n: 1 } });
  });

  it('closes the socket with 1007 on a kind-3 frame whose lengths exceed the frame', async () => {
    const socket = await openRawSocket('2.0.0');
    sockets.push(socket);
    socket.sendRaw(Buffer.from([3, 1, 1, 200, 1, 0, 1, 0x31, 0x32]), true);
    expect((await socket.closed).code).toBe(1007);
  });

  it('closes the socket with 1007 on a binary kind the client may not send', async () => {
    const socket = await openRawSocket('2.0.0');
    sockets.push(socket);
    socket.sendRaw(Buffer.from([4, 0, 0, 0, 1]), true);
    expect((await socket.closed).code).toBe(1007);
  });
});
