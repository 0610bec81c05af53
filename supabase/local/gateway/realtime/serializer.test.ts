/**
 * Wire formats, checked against the bytes realtime-js 2.119.1 produces and decodes (its own
 * Serializer class is used as the reference on the client side).
 */
import Serializer from '@supabase/realtime-js/dist/module/lib/serializer.js';
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeMessage,
  encodeReply,
  encodeUserBroadcast,
  encodeUserBroadcastPush,
  measureJson,
  parseVsn,
} from './serializer.ts';

function encodeWithRealtimeJs(message: {
  join_ref: string;
  ref: string;
  topic: string;
  event: string;
  payload: unknown;
}) {
  const frames: (ArrayBuffer | string)[] = [];
  new Serializer().encode(message as never, (result: ArrayBuffer | string) => frames.push(result));
  return frames[0];
}

function decodeWithRealtimeJs(frame: Buffer): unknown {
  let decoded: unknown;
  const copy = new Uint8Array(frame).buffer;
  new Serializer().decode(copy, (result: unknown) => {
    decoded = result;
  });
  return decoded;
}

describe('realtime serializer', () => {
  it('negotiates vsn like Phoenix (absent means 1.0.0)', () => {
    expect(parseVsn(null)).toBe('1.0.0');
    expect(parseVsn('1.0.0')).toBe('1.0.0');
    expect(parseVsn('2.0.0')).toBe('2.0.0');
    expect(parseVsn('3.0.0')).toBeUndefined();
    expect(parseVsn('banana')).toBeUndefined();
  });

  it('decodes the kind-3 frame realtime-js sends for channel.send, with multi-byte UTF-8', () => {
    const frame = encodeWithRealtimeJs({
      join_ref: '6',
      ref: '7',
      topic: 'realtime:salle-été',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'café-🎉', payload: { n: 1 } },
    });
    const decoded = decodeFrame('2.0.0', Buffer.from(frame as ArrayBuffer), true);
    expect(decoded.ok && decoded.message).toMatchObject({
      joinRef: '6',
      ref: '7',
      topic: 'realtime:salle-été',
      event: 'broadcast',
      payload: { kind: 'user-broadcast', broadcast: { event: 'café-🎉', encoding: 'json' } },
    });
    expect(
      decoded.ok &&
        decoded.message.payload.kind === 'user-broadcast' &&
        decoded.message.payload.broadcast.body.toString(),
    ).toBe('{"n":1}');
  });

  it('encodes kind 4 so that realtime-js decodes it, metadata included', () => {
    const frame = encodeUserBroadcast('2.0.0', 'realtime:salle-été', {
      event: 'café-🎉',
      encoding: 'json',
      body: Buffer.from('{"n": 1}'),
      metadata: { id: 'abc' },
    });
    expect(decodeWithRealtimeJs(frame as Buffer)).toEqual({
      join_ref: null,
      ref: null,
      topic: 'realtime:salle-été',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'café-🎉', payload: { n: 1 }, meta: { id: 'abc' } },
    });
  });

  it('converts user broadcasts to V1 JSON and drops binary ones for V1', () => {
    const json = encodeUserBroadcast('1.0.0', 'realtime:r', {
      event: 'e',
      encoding: 'json',
      body: Buffer.from('[1]'),
      metadata: { id: 'x' },
    });
    expect(JSON.parse(json as string)).toEqual({
      topic: 'realtime:r',
      event: 'broadcast',
      payload: { event: 'e', payload: [1], type: 'broadcast', meta: { id: 'x' } },
      ref: null,
    });
    expect(
      encodeUserBroadcast('1.0.0', 'realtime:r', { event: 'e', encoding: 'binary', body: Buffer.from([1]) }),
    ).toBeUndefined();
  });

  it('refuses a kind-4 header field over 255 bytes instead of corrupting the frame', () => {
    expect(
      encodeUserBroadcast('2.0.0', 'realtime:r', { event: 'é'.repeat(200), encoding: 'json', body: Buffer.from('{}') }),
    ).toBeUndefined();
  });

  it('drops join_ref from V1 replies and keeps it in V2', () => {
    const reply = { joinRef: '1', ref: '2', topic: 't', status: 'ok' as const, response: {} };
    expect(JSON.parse(encodeReply('1.0.0', reply))).toEqual({
      topic: 't',
      event: 'phx_reply',
      payload: { status: 'ok', response: {} },
      ref: '2',
    });
    expect(JSON.parse(encodeReply('2.0.0', reply))).toEqual([
      '1',
      '2',
      't',
      'phx_reply',
      { status: 'ok', response: {} },
    ]);
    expect(
      JSON.parse(encodeMessage('2.0.0', { joinRef: null, ref: null, topic: 't', event: 'e', payload: {} })),
    ).toEqual([null, null, 't', 'e', {}]);
  });

  it('rejects undecodable frames without throwing', () => {
    const cases: [Parameters<typeof decodeFrame>[0], Buffer, boolean][] = [
      ['2.0.0', Buffer.from('{'), false],
      ['2.0.0', Buffer.from('[1,2]'), false],
      ['2.0.0', Buffer.from('[null,null,5,"e",{}]'), false],
      ['1.0.0', Buffer.from('[1]'), false],
      ['1.0.0', Buffer.from('{"topic":"t","event":"e","payload":{}}'), false],
      ['2.0.0', Buffer.from([3, 0, 0, 9, 0, 0, 1]), true],
      ['2.0.0', Buffer.from([3, 0, 0, 1, 0, 0, 1, 0xff]), true],
      ['2.0.0', Buffer.from([3, 0, 0, 0, 0, 0, 1, 0x7b]), true],
      ['2.0.0', Buffer.from([0]), true],
      ['2.0.0', Buffer.from([]), true],
    ];
    for (const [vsn, data, isBinary] of cases) expect(decodeFrame(vsn, data, isBinary).ok).toBe(false);
  });

  it('round-trips a binary-encoded kind-3 push', () => {
    const push = encodeUserBroadcastPush({
      joinRef: '1',
      ref: '2',
      topic: 'realtime:t',
      event: 'e',
      encoding: 'binary',
      body: Buffer.from([0, 255]),
    });
    const decoded = decodeFrame('2.0.0', push, true);
    expect(decoded.ok && decoded.message.payload).toMatchObject({
      kind: 'user-broadcast',
      broadcast: { encoding: 'binary', body: Buffer.from([0, 255]) },
    });
  });

  it('measures JSON without throwing on pathological nesting', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(measureJson(deep)).toBe(Number.POSITIVE_INFINITY);
    expect(measureJson({ a: 'é' })).toBe(10);
  });
});
