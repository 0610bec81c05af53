/**
 * /realtime/v1 — Supabase Realtime's Broadcast, Presence (in memory) and Broadcast from the
 * database for realtime-js 2.119.1, protocol 1.0.0 and 2.0.0:
 *
 *   service.ts            upgrade checks (apikey JWT, vsn), wiring, shutdown
 *   connection.ts         Phoenix socket layer (heartbeat, join/leave bookkeeping)
 *   channel.ts            one joined channel (tokens, RLS policies, broadcast, presence)
 *   serializer.ts         V1 JSON / V2 array + binary frames
 *   authorization.ts      RLS probes on realtime.messages
 *   broker.ts, presence.ts  in-process pub/sub and presence state
 *   database-broadcast.ts committed realtime.messages rows → subscribers (LISTEN/NOTIFY)
 *   http-api.ts           POST /api/broadcast and /api/broadcast/<topic>/events/<event>
 *
 * postgres_changes is not implemented (the app broadcasts from the database instead); a join
 * asking for it is accepted and told so with a `system` error push.
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { GatewayContext } from '../context.ts';
import { resolveKeyToken } from '../jwt.ts';
import type { RealtimeService } from '../server.ts';
import { createBroker } from './broker.ts';
import type { RealtimeRuntime } from './channel.ts';
import { attachConnection, type Connection } from './connection.ts';
import { startDatabaseBroadcast } from './database-broadcast.ts';
import { createBroadcastApi } from './http-api.ts';
import { createPresenceTracker } from './presence.ts';
import { parseVsn } from './serializer.ts';
import { checkRealtimeToken, describeConnectFailure } from './token.ts';

/** Realtime's endpoint accepts frames up to this size (`max_frame_size`). */
const MAX_FRAME_BYTES = 5_000_000;
/** Close code telling clients the server is going away (they reconnect later). */
const CLOSE_GOING_AWAY = 1001;

function rejectUpgrade(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      'Connection: close\r\n\r\n' +
      text,
  );
}

function readFirstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Realtime keeps the x-* headers of the upgrade for RLS (`request.headers`). */
function collectXHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('x-') || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export function createRealtimeService(ctx: GatewayContext): RealtimeService {
  let lastId = 0;
  const broker = createBroker(ctx.log);
  const databaseBroadcast = startDatabaseBroadcast({
    notifications: ctx.notifications,
    pool: ctx.adminPool,
    broker,
    log: ctx.log,
  });
  const runtime: RealtimeRuntime = {
    jwtSecret: ctx.jwtSecret,
    pool: ctx.adminPool,
    broker,
    databaseReady: databaseBroadcast.ready,
    presence: createPresenceTracker(),
    log: ctx.log,
    nextId: () => (lastId += 1),
  };
  const api = createBroadcastApi(runtime);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const connections = new Set<Connection>();
  let isClosed = false;

  return {
    handle(req, res, url, subpath) {
      return api.handle(req, res, url, subpath);
    },

    handleUpgrade(req, socket, head, url) {
      if (isClosed) {
        rejectUpgrade(socket, 503, { error: 'Realtime is restarting, please standby' });
        return;
      }
      const vsn = parseVsn(url.searchParams.get('vsn'));
      if (vsn === undefined) {
        rejectUpgrade(socket, 403, { error: `Unsupported protocol version "${url.searchParams.get('vsn') ?? ''}"` });
        return;
      }
      // Token: x-api-key header, else the apikey query (sb_ keys mapped like the CLI's Kong).
      const rawToken = readFirstHeader(req, 'x-api-key') ?? url.searchParams.get('apikey') ?? undefined;
      const token = resolveKeyToken(rawToken);
      const check = checkRealtimeToken(token, ctx.jwtSecret);
      if (!check.ok || token === undefined) {
        const failure = describeConnectFailure(check.ok ? { kind: 'missing' } : check.failure);
        rejectUpgrade(socket, failure.status, { error: failure.message });
        return;
      }
      const headers = collectXHeaders(req);
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (isClosed) {
          ws.terminate();
          return;
        }
        const connection = attachConnection(runtime, ws, {
          vsn,
          socketToken: token,
          headers,
          onClosed: () => connections.delete(connection),
        });
        connections.add(connection);
      });
    },

    async close() {
      if (isClosed) return;
      isClosed = true;
      databaseBroadcast.close();
      for (const connection of [...connections]) connection.close(CLOSE_GOING_AWAY, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
