/**
 * Wire formats, checked against the bytes realtime-js 2.119.1 produces and decodes (its own
 * Serializer class is the reference on the client side) and against hand-written frames laid
 * out as spec §4.2 describes; the stand-in's encoder is never used to build client frames.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeMessage,
  encodeReply,
  encodeUserBroadcast,
  measureJson,
  parseVsn,
  type DecodeResult,
} from './serializer.ts';
import { decodeWithRealtimeJs, encodeWithRealtimeJs } from './testing.ts';

function readUserBroadcast(decoded: DecodeResult) {
  if (!decoded.ok) throw new Error(`frame refused: ${decoded.reason}`);
  const { payload, ...rest } = decoded.message;
  if (payload.kind !== 'user-broadcast') throw new Error('not a user broadcast');
  return { ...rest, ...payload.broadcast, body: [...payload.broadcast.body] };
}

function toBytes(text: string): number[] {
  return [...Buffer.from(text, 'utf8')];
}

describe('realtime serializer', () => {
  it('negotiates vsn like Phoenix (absent means 1.0.0)', () => {
    expect(parseVsn(null)).toBe('1.0.0');
    expect(parseVsn('1.0.0')).toBe('1.0.0');
    expect(parseVsn('2.0.0')).toBe('2.0.0');
    expect(parseVsn('3.0.0')).toBeUndefined();
    expect(parseVsn('banana')).toBeUndefined();
  });

  it('decodes the kind-3 frame with the header bytes observed from the real client', () => {
    // send({type: 'broadcast', event: 'x', payload: {n: 1}}) on realtime:room1, join_ref 6, ref 7.
    const frame = Buffer.from([
      ...[3, 1, 1, 14, 1, 0, 1],
      ...toBytes('6'),
      ...toBytes('7'),
      ...toBytes('realtime:room1'),
      ...toBytes('x'),
      ...toBytes('{"n":1}'),
    ]);
    expect(
      encodeWithRealtimeJs({
        join_ref: '6',
        ref: '7',
        topic: 'realtime:room1',
        event: 'broadcast',
        payload: { type: 'broadcast', event: 'x', payload: { n: 1 } },
      }),
    ).toEqual(frame);
    expect(readUserBroadcast(decodeFrame('2.0.0', frame, true))).toEqual({
      joinRef: '6',
      ref: '7',
      topic: 'realtime:room1',
      event: 'x',
      encoding: 'json',
      body: toBytes('{"n":1}'),
      metadata: undefined,
    });
  });

  it('decodes a hand-written kind-3 frame with metadata and a binary payload', () => {
    const metadata = '{"persist":true}';
    const frame = Buffer.from([
      ...[3, 2, 1, 10, 3, metadata.length, 0],
      ...toBytes('12'),
      ...toBytes('3'),
      ...toBytes('realtime:t'),
      ...toBytes('é!'), // 3 bytes: lengths count bytes, not characters
      ...toBytes(metadata),
      ...[0, 255, 10],
    ]);
    expect(readUserBroadcast(decodeFrame('2.0.0', frame, true))).toEqual({
      joinRef: '12',
      ref: '3',
      topic: 'realtime:t',
      event: 'é!',
      encoding: 'binary',
      body: [0, 255, 10],
      metadata: { persist: true },
    });
  });

  it('decodes the kind-3 frame realtime-js sends for an ArrayBuffer payload, metadata included', () => {
    const frame = encodeWithRealtimeJs({
      join_ref: '1',
      ref: '2',
      topic: 'realtime:t',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'e', payload: new Uint8Array([0, 255, 7]).buffer, persist: false },
    });
    expect(typeof frame).not.toBe('string');
    expect(readUserBroadcast(decodeFrame('2.0.0', frame as Buffer, true))).toEqual({
      joinRef: '1',
      ref: '2',
      topic: 'realtime:t',
      event: 'e',
      encoding: 'binary',
      body: [0, 255, 7],
      metadata: { persist: false },
    });
  });

  it('decodes the kind-3 frame realtime-js sends for channel.send, with multi-byte UTF-8', () => {
    const frame = encodeWithRealtimeJs({
      join_ref: '6',
      ref: '7',
      topic: 'realtime:salle-été',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'café-🎉', payload: { n: 1 } },
    });
    const decoded = decodeFrame('2.0.0', frame as Buffer, true);
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

  it('encodes a binary kind 4 byte for byte as spec §4.2 lays it out, which realtime-js decodes', () => {
    const frame = encodeUserBroadcast('2.0.0', 'realtime:t', {
      event: 'e',
      encoding: 'binary',
      body: Buffer.from([0, 255]),
      metadata: { id: 'i' },
    });
    expect([...(frame as Buffer)]).toEqual([
      ...[4, 10, 1, 10, 0],
      ...toBytes('realtime:t'),
      ...toBytes('e'),
      ...toBytes('{"id":"i"}'),
      ...[0, 255],
    ]);
    const decoded = decodeWithRealtimeJs(frame as Buffer) as { payload: { payload: unknown; meta: unknown } };
    expect(decoded.payload.payload).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(decoded.payload.payload as ArrayBuffer)]).toEqual([0, 255]);
    expect(decoded.payload.meta).toEqual({ id: 'i' });
  });

  it('measures JSON without throwing on pathological nesting', () => {
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(measureJson(deep)).toBe(Number.POSITIVE_INFINITY);
    expect(measureJson({ a: 'é' })).toBe(10);
  });
});
