/**
 * The service's own lifecycle, on private instances wired to the test database: database
 * delivery is announced (`replication_ready`) only once it listens; shutdown closes client
 * sockets (1001, so realtime-js reconnects elsewhere later) and stops database delivery; the
 * service survives a burst of random frames and requests without answering 5xx.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { getStack } from '../../test/stack-info.ts';
import type { GatewayContext } from '../context.ts';
import { HttpReply, sendJson } from '../http.ts';
import { createNotifications, type Notifications } from '../notifications.ts';
import type { RealtimeService } from '../server.ts';
import { createRealtimeService } from './service.ts';
import {
  createUniqueName,
  encodeWithRealtimeJs,
  openRawSocket,
  runInDatabase,
  type RawFrame,
  type RawSocket,
} from './testing.ts';

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

type HostedService = {
  readonly service: RealtimeService;
  /** `http://host:port`, to pass to `openRawSocket` as `apiUrl`. */
  readonly apiUrl: string;
  stop(): Promise<void>;
};

function isSystemPush(frame: RawFrame): boolean {
  return frame.kind === 'text' && frame.event === 'system';
}

function isReplyTo(ref: string) {
  return (frame: RawFrame): boolean => frame.kind === 'text' && frame.event === 'phx_reply' && frame.ref === ref;
}

describe('realtime service lifecycle', () => {
  const logs: string[] = [];
  const pool = new pg.Pool({ connectionString: stack.superuserUrl, max: 4 });
  const notifications = createNotifications(stack.superuserUrl, (line) => logs.push(line));
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await notifications.close();
    await pool.end();
  });

  /** A private realtime service behind its own HTTP server, as the gateway mounts it. */
  async function hostService(listener: Notifications = notifications): Promise<HostedService> {
    const ctx = {
      jwtSecret: stack.jwtSecret,
      adminPool: pool,
      notifications: listener,
      log: (line: string) => logs.push(line),
    };
    const service = createRealtimeService(ctx as unknown as GatewayContext);
    const server = http.createServer((req, res) => {
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
    const hosted: HostedService = {
      service,
      apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      async stop() {
        await service.close?.();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    cleanups.push(() => hosted.stop());
    return hosted;
  }

  async function openSocket(hosted: HostedService, vsn: '1.0.0' | '2.0.0'): Promise<RawSocket> {
    const socket = await openRawSocket(vsn, { apiUrl: hosted.apiUrl });
    cleanups.push(() => socket.close());
    return socket;
  }

  /** Joins with `replication_ready` and waits for the service to say database delivery is on. */
  async function joinWhenReplicationReady(socket: RawSocket, topic: string): Promise<void> {
    const { reply } = await socket.join(topic, { config: { broadcast: { replication_ready: true } } });
    expect(reply).toMatchObject({ payload: { status: 'ok' } });
    await socket.next(isSystemPush, 'the replication_ready system push');
  }

  it('announces replication_ready only once database broadcasts are listened to', async () => {
    // LISTEN is held back until `release` is called, like a database that is slow to answer.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    cleanups.push(() => Promise.resolve(release()));
    const slowListener: Notifications = {
      async listen(channel, handler, onReconnect) {
        await gate;
        return notifications.listen(channel, handler, onReconnect);
      },
      close: () => Promise.resolve(),
    };
    const hosted = await hostService(slowListener);
    const socket = await openSocket(hosted, '2.0.0');
    const name = createUniqueName('ready');
    const topic = `realtime:${name}`;
    const { reply } = await socket.join(topic, { config: { broadcast: { replication_ready: true } } });
    expect(reply).toMatchObject({ payload: { status: 'ok' } });
    // Frames are ordered: a push sent at join would arrive before this heartbeat's reply.
    socket.send({ ref: 'hb', topic: 'phoenix', event: 'heartbeat', payload: {} });
    await socket.next(isReplyTo('hb'), 'heartbeat reply');
    expect(socket.frames.filter(isSystemPush)).toEqual([]);
    release();
    expect(await socket.next(isSystemPush, 'the replication_ready system push')).toMatchObject({
      topic,
      payload: { extension: 'system', status: 'ok', message: 'Replication connection established', channel: name },
    });
    // Announced means delivered: a row committed now reaches the channel.
    await runInDatabase((db) => db.query(`select realtime.send('{"n":1}'::jsonb, 'after-ready', $1, false)`, [name]));
    const broadcast = await socket.next((frame) => frame.kind === 'binary', 'the database broadcast');
    expect(broadcast).toMatchObject({ topic, event: 'after-ready', payload: { n: 1 } });
  });

  it('survives random frames and requests, answering every HTTP request below 500', async () => {
    const hosted = await hostService();
    const baseUrl = hosted.apiUrl.replace(/^http:\/\//, '');
    const connect = (vsn: string): Promise<WebSocket> => {
      const ws = new WebSocket(`ws://${baseUrl}/realtime/v1/websocket?apikey=${stack.anonKey}&vsn=${vsn}`);
      return new Promise((resolve, reject) => {
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    };
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
            encodeWithRealtimeJs({
              join_ref: '1',
              ref: String(i),
              topic: 'realtime:x',
              event: 'broadcast',
              payload: { type: 'broadcast', event: 'e', payload: random() < 0.5 ? {} : new ArrayBuffer(3) },
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
      const paths = [
        '/realtime/v1/api/broadcast',
        `/realtime/v1/api/broadcast/${encodeURIComponent('é%')}/events/x`,
        '/realtime/v1/api/broadcast/%E0%A4%A/events/%',
      ];
      const path = paths[Math.floor(random() * paths.length)] ?? '';
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

  it('close() closes every open socket with 1001, refuses new ones and stops database delivery', async () => {
    const hosted = await hostService();
    const name = createUniqueName('closing');
    const v2 = await openSocket(hosted, '2.0.0');
    const v1 = await openSocket(hosted, '1.0.0');
    await joinWhenReplicationReady(v2, `realtime:${name}`);
    await v1.join(`realtime:${name}`);
    // Before close: a committed row is read back and delivered.
    await runInDatabase((db) => db.query(`select realtime.send('{}'::jsonb, 'before-close', $1, false)`, [name]));
    await v2.next((frame) => frame.kind === 'binary' && frame.event === 'before-close', 'the delivery before close');

    await hosted.service.close?.();
    expect((await v2.closed).code).toBe(1001);
    expect((await v1.closed).code).toBe(1001);
    const refused = new WebSocket(
      `${hosted.apiUrl.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=${stack.anonKey}`,
    );
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
    cleanups.push(() => {
      pool.query = query;
      return Promise.resolve();
    });
    let markSeen: (payload: string) => void = () => undefined;
    const seen = new Promise<string>((resolve) => (markSeen = resolve));
    // Registered after the service's handler, so it runs after it for the same notification.
    const stop = await notifications.listen('realtime_messages', (payload) => markSeen(payload));
    await runInDatabase((db) => db.query(`select realtime.send('{}'::jsonb, 'after-close', $1, false)`, [name]));
    expect(await seen).toMatch(/^[0-9a-f-]{36}$/);
    stop();
    expect(queries).toBe(0);
  });
});
