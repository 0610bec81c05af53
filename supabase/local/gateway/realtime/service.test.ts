/**
 * The service's own lifecycle, on a private instance wired to the test database: shutdown
 * closes client sockets (1001, so realtime-js reconnects elsewhere later) and stops database
 * delivery; it also survives a burst of random frames and requests without answering 5xx.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStack } from '../../test/stack-info.ts';
import type { GatewayContext } from '../context.ts';
import { HttpReply, sendJson } from '../http.ts';
import { createNotifications } from '../notifications.ts';
import type { RealtimeService } from '../server.ts';
import { createRealtimeService } from './service.ts';
import { encodeUserBroadcastPush } from './serializer.ts';
import { createUniqueName, runInDatabase } from './testing.ts';

const stack = getStack();

/** mulberry32: small and seedable, so a failing run can be replayed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('realtime service lifecycle', () => {
  const logs: string[] = [];
  const pool = new pg.Pool({ connectionString: stack.superuserUrl, max: 4 });
  const notifications = createNotifications(stack.superuserUrl, (line) => logs.push(line));
  let service: RealtimeService;
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    const ctx = { jwtSecret: stack.jwtSecret, adminPool: pool, notifications, log: (line: string) => logs.push(line) };
    service = createRealtimeService(ctx as unknown as GatewayContext);
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://local');
      service.handle(req, res, url, url.pathname.replace(/^\/realtime\/v1/, '') || '/').catch((error: unknown) => {
        if (error instanceof HttpReply) sendJson(res, error.status, error.body);
        else sendJson(res, 500, { message: String(error) });
      });
    });
    server.on('upgrade', (req, socket, head) => {
      service.handleUpgrade(req, socket, head, new URL(req.url ?? '/', 'http://local'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await notifications.close();
    await pool.end();
  });

  function connect(vsn: string): Promise<WebSocket> {
    const ws = new WebSocket(`ws://${baseUrl}/realtime/v1/websocket?apikey=${stack.anonKey}&vsn=${vsn}`);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  }

  it('survives random frames and requests, answering every HTTP request below 500', async () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const random = createRandom(seed);
    const pieces = [
      '[',
      ']',
      '{',
      '}',
      '"',
      ',',
      'null',
      '1',
      '"realtime:x"',
      '"phx_join"',
      '"broadcast"',
      'é',
      '\u0000',
    ];
    for (let round = 0; round < 20; round += 1) {
      const ws = await connect(random() < 0.5 ? '1.0.0' : '2.0.0');
      ws.on('error', () => undefined);
      for (let i = 0; i < 20 && ws.readyState === ws.OPEN; i += 1) {
        const choice = random();
        if (choice < 0.3) {
          ws.send(
            Array.from(
              { length: 1 + Math.floor(random() * 12) },
              () => pieces[Math.floor(random() * pieces.length)],
            ).join(''),
          );
        } else if (choice < 0.5) {
          ws.send(Buffer.from(Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256))), {
            binary: true,
          });
        } else if (choice < 0.7) {
          ws.send(
            encodeUserBroadcastPush({
              joinRef: '1',
              ref: String(i),
              topic: 'realtime:x',
              event: 'e',
              encoding: 'json',
              body: Buffer.from('{}'),
            }),
          );
        } else {
          ws.send(
            JSON.stringify([
              String(i),
              String(i),
              `realtime:${createUniqueName('f')}`,
              'phx_join',
              { config: { private: random() < 0.5 }, access_token: random() < 0.5 ? 'x' : null },
            ]),
          );
        }
      }
      ws.terminate();
    }
    const bodies = [
      '{',
      '[]',
      '{"messages":[{"topic":{"a":1}}]}',
      `{"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      '\u0000',
    ];
    for (let i = 0; i < 50; i += 1) {
      const path =
        random() < 0.5
          ? '/realtime/v1/api/broadcast'
          : `/realtime/v1/api/broadcast/${encodeURIComponent('é%')}/events/x`;
      const response = await fetch(`http://${baseUrl}${path}`, {
        method: 'POST',
        headers: { apikey: stack.anonKey, 'content-type': random() < 0.8 ? 'application/json' : 'application/xml' },
        body: bodies[Math.floor(random() * bodies.length)] ?? '',
      });
      expect(response.status, `seed ${seed}`).toBeLessThan(500);
      await response.text();
    }
    // Still serving: a fresh socket gets its heartbeat answered.
    const ws = await connect('2.0.0');
    const reply = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    ws.send(JSON.stringify([null, 'hb', 'phoenix', 'heartbeat', {}]));
    expect(await reply).toEqual([null, 'hb', 'phoenix', 'phx_reply', { status: 'ok', response: {} }]);
    ws.close();
  });

  it('closes sockets with 1001 and stops delivering on close()', async () => {
    const ws = await connect('2.0.0');
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    expect(service.close).toBeDefined();
    await service.close?.();
    expect(await closed).toBe(1001);
    const refused = new WebSocket(`ws://${baseUrl}/realtime/v1/websocket?apikey=${stack.anonKey}&vsn=2.0.0`);
    const status = await new Promise<number>((resolve) => {
      refused.on('error', () => undefined);
      refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(status).toBe(503);
    // The shared LISTEN connection keeps running for others; this service must no longer read rows.
    let queries = 0;
    const query = pool.query.bind(pool);
    pool.query = ((...args: Parameters<typeof query>) => {
      queries += 1;
      return query(...args);
    }) as typeof pool.query;
    let markSeen: (payload: string) => void = () => undefined;
    const seen = new Promise<string>((resolve) => (markSeen = resolve));
    // Registered after the service's handler, so it runs after it for the same notification.
    const stop = await notifications.listen('realtime_messages', (payload) => markSeen(payload));
    await runInDatabase((db) =>
      db.query(`select realtime.send('{}'::jsonb, 'after-close', $1, false)`, [createUniqueName('closed')]),
    );
    expect(await seen).toMatch(/^[0-9a-f-]{36}$/);
    stop();
    expect(queries).toBe(0);
  });
});
