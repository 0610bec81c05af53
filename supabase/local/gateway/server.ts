/**
 * The gateway: one HTTP port with Supabase's path layout, so `createClient(url, anonKey)` works
 * unchanged. Routing mirrors the CLI's Kong config (prefix stripped, one service per prefix).
 * Every failure is answered with JSON in the owning service's error shape; an unexpected
 * exception becomes a 500 that never carries internals, and the process keeps serving.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayContext } from './context.ts';
import { BodyTooLargeError, HttpReply, applyCors, applyEdgeForwarding, sendEmpty, sendJson } from './http.ts';
import { handleMailbox } from './mailbox.ts';
import { createRestService } from './rest.ts';
import { createAuthService } from './auth/service.ts';
import { createStorageService } from './storage/service.ts';
import { createFunctionsService } from './functions/service.ts';
import { createRealtimeService } from './realtime/service.ts';

export type Gateway = {
  readonly server: http.Server;
  close(): Promise<void>;
};

/** A prefix service: handles requests under its prefix, with the prefix stripped. */
export type PrefixService = {
  handle(req: IncomingMessage, res: ServerResponse, url: URL, subpath: string): Promise<void>;
  close?(): Promise<void>;
};

export type RealtimeService = PrefixService & {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void;
};

const KONG_NOT_FOUND = { message: 'no Route matched with those values' };

/**
 * The request target as a URL. An origin-form target is always a path — `//x` must not become
 * the host `x` — so it is appended to a fixed origin instead of being resolved against it.
 */
function parseUrl(req: IncomingMessage): URL | undefined {
  const target = req.url ?? '/';
  try {
    return target.startsWith('/') ? new URL(`http://gateway.local${target}`) : new URL(target);
  } catch {
    return undefined;
  }
}

export function createGateway(ctx: GatewayContext): Gateway {
  const rest = createRestService(ctx);
  const auth = createAuthService(ctx);
  const storage = createStorageService(ctx);
  const functions = createFunctionsService(ctx);
  const realtime = createRealtimeService(ctx);

  const prefixes: [string, PrefixService, boolean][] = [
    // [prefix, service, gateway answers CORS preflight]
    ['/auth/v1', auth, true],
    ['/rest/v1', rest, true],
    ['/storage/v1', storage, true],
    ['/functions/v1', functions, false],
    ['/realtime/v1', realtime, true],
  ];

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Like Cloudflare in front of hosted Supabase: cf-connecting-ip is the socket's address and
    // the socket is appended to x-forwarded-for, for every service (idempotent per request).
    applyEdgeForwarding(req);
    const url = parseUrl(req);
    if (!url) throw new HttpReply(400, { message: 'Malformed request URL' });
    const pathname = url.pathname;
    if (pathname === '/' || pathname === '/_dev' || pathname === '/_dev/health') {
      applyCors(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, { message: `Method ${req.method ?? ''} not allowed` }, { Allow: 'GET, HEAD' });
        return;
      }
      sendJson(res, 200, { name: 'comptoir-local-supabase', status: 'ok' });
      return;
    }
    if (await handleMailbox(req, res, url, ctx.mailbox, ctx.jwtSecret)) return;
    for (const [prefix, service, isPreflightHandled] of prefixes) {
      if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) continue;
      if (isPreflightHandled) {
        applyCors(req, res);
        if (req.method === 'OPTIONS') {
          sendEmpty(res, 200);
          return;
        }
      }
      await service.handle(req, res, url, pathname.slice(prefix.length) || '/');
      return;
    }
    applyCors(req, res);
    sendJson(res, 404, KONG_NOT_FOUND);
  }

  function replyToError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (error instanceof HttpReply) {
      if (error.body === undefined) sendEmpty(res, error.status, { ...error.headers });
      else sendJson(res, error.status, error.body, { ...error.headers });
      return;
    }
    if (error instanceof BodyTooLargeError) {
      sendJson(res, 413, { code: 'request_too_large', message: `Request body larger than ${error.limit} bytes` });
      return;
    }
    ctx.log(
      `gateway: unexpected error on ${req.method ?? '?'} ${req.url ?? '?'}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    sendJson(res, 500, { code: 'unexpected_failure', message: 'An unexpected error occurred' });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      try {
        replyToError(req, res, error);
      } catch (replyError) {
        // Even the error reply failed (e.g. a header Node refuses): never let it escape as an
        // unhandled rejection, which would stop the whole gateway.
        ctx.log(
          `gateway: could not send the error reply: ${replyError instanceof Error ? replyError.message : String(replyError)}`,
        );
        try {
          if (!res.headersSent)
            sendJson(res, 500, { code: 'unexpected_failure', message: 'An unexpected error occurred' });
          else res.destroy();
        } catch {
          res.destroy();
        }
      }
    });
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable)
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"message":"Bad Request"}',
      );
    else socket.destroy();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    applyEdgeForwarding(req);
    const url = parseUrl(req);
    if (url && (url.pathname === '/realtime/v1/websocket' || url.pathname === '/realtime/v1/websocket/')) {
      try {
        realtime.handleUpgrade(req, socket, head, url);
      } catch (error) {
        ctx.log(`gateway: realtime upgrade failed: ${error instanceof Error ? error.message : String(error)}`);
        socket.destroy();
      }
      return;
    }
    socket.end(
      'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"message":"no Route matched with those values"}',
    );
  });
  // Keep-alive sockets must not hold the process open at shutdown.
  server.keepAliveTimeout = 5_000;

  return {
    server,
    async close() {
      await Promise.allSettled(prefixes.map(([, service]) => service.close?.()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
