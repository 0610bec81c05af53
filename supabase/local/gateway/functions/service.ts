/**
 * /functions/v1 — Supabase Edge Functions on real Deno, one process per function
 * (worker-pool.ts). What happens to a request, in the order Supabase does it:
 *
 * 1. The gateway's key mapping (§7.2, resolveAuthorization in jwt.ts): an `sb_publishable_` /
 *    `sb_secret_` apikey without a usable Authorization becomes `Authorization: Bearer
 *    <anon|service_role JWT>`; the function sees the mapped header.
 * 2. The edge runtime's main service (CLI serve/templates/main.ts): the first path segment names
 *    the function (404 JSON, the hosted platform's body — see FUNCTION_NOT_FOUND), then verify_jwt for every method but OPTIONS
 *    — so CORS preflights always reach the function, which answers them itself.
 * 3. The request (method, `/<name>/rest` + query, headers, streamed body) is proxied to the
 *    function's worker and the response streamed back untouched.
 *
 * Runtime failures answer like the edge runtime: 503 BOOT_ERROR when the worker cannot start,
 * 500 WORKER_ERROR when it dies during the request (the next request boots a fresh one). Kong's
 * 150 s read timeout answers 504; a worker that stays silent that long (or until its caller gives
 * up) is retired, so the next request boots a fresh one, as the edge runtime's CPU and
 * wall-clock limits would have ended it. Replies made here carry `Access-Control-Allow-Origin:
 * *`, as the CLI's Kong cors plugin adds it, so browsers can read them; function responses are
 * left alone (CORS is the function's job). In dev mode (`npm run dev`) workers restart when files
 * under the functions directories or shared/ change.
 */
import { watch, existsSync, type FSWatcher } from 'node:fs';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { REPO_ROOT } from '../../config.ts';
import type { GatewayContext } from '../context.ts';
import { BodyTooLargeError, applyEdgeForwarding, header } from '../http.ts';
import { resolveAuthorization, verifyJwt } from '../jwt.ts';
import type { PrefixService } from '../server.ts';
import { findFunction } from './find-function.ts';
import { WorkerBootError, createWorkerPool, type WorkerLease } from './worker-pool.ts';

/** Largest request body forwarded to a function. */
export const FUNCTION_BODY_LIMIT = 20 * 1024 * 1024;
/** Kong's read_timeout for functions-v1 (idle time between two reads from the function). */
const READ_TIMEOUT_MS = 150_000;
/** How long a failed proxy waits to learn whether the worker died (WORKER_ERROR) or not. */
const EXIT_PROBE_MS = 500;
const RELOAD_DEBOUNCE_MS = 200;

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const BOOT_ERROR = { code: 'BOOT_ERROR', message: 'Worker failed to boot (please check logs)' };
const WORKER_ERROR = { code: 'WORKER_ERROR', message: 'Function exited due to an error (please check logs)' };

class ReadTimeoutError extends Error {}

/** A reply of the edge runtime's getResponse(): exact Content-Type, plus Kong's CORS origin. */
/**
 * Unknown function. The CLI's local runtime answers the text "Function not found"; the hosted
 * platform answers this JSON. We use the hosted body so every gateway error is JSON (fuzz
 * acceptance); supabase-js surfaces both as a FunctionsHttpError with status 404.
 */
export const FUNCTION_NOT_FOUND = { code: 'NOT_FOUND', message: 'Requested function was not found' } as const;

function sendRuntimeReply(res: ServerResponse, status: number, payload: string | object): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const isText = typeof payload === 'string';
  const body = isText ? payload : JSON.stringify(payload);
  res.writeHead(status, {
    'Content-Type': isText ? 'text/plain' : 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Access-Control-Allow-Origin': '*',
  });
  res.end(body);
}

/**
 * verify_jwt as the edge runtime does it (getAuthToken + verifyHybridJWT): the `{msg}` of the
 * 401, or undefined when the token verifies. Only signature and time claims are checked.
 */
export function checkFunctionJwt(authorization: string | undefined, jwtSecret: string): string | undefined {
  if (!authorization) return 'Error: Missing authorization header';
  const [scheme, token] = authorization.split(' ');
  if (scheme !== 'Bearer') return "Error: Auth header is not 'Bearer {token}'";
  if (!token || !verifyJwt(token, jwtSecret).ok) return 'Invalid JWT';
  return undefined;
}

function buildUpstreamHeaders(req: IncomingMessage, authorization: string | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    // `expect: 100-continue` was already answered by our server.
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'expect') continue;
    headers[name] = value;
  }
  if (authorization === undefined) delete headers['authorization'];
  else headers['authorization'] = authorization;
  // cf-connecting-ip and x-forwarded-for were set by applyEdgeForwarding, as on the platform.
  headers['x-forwarded-proto'] = 'http';
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  return headers;
}

function filterResponseHeaders(rawHeaders: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (HOP_BY_HOP.has(name.toLowerCase())) continue;
    out.push(name, rawHeaders[i + 1] ?? '');
  }
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Streams one request to a worker and its response back; settles when the exchange is over. */
function proxyToWorker(
  req: IncomingMessage,
  res: ServerResponse,
  lease: WorkerLease,
  requestPath: string,
  headers: OutgoingHttpHeaders,
  readTimeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolve) => {
    let isSettled = false;
    const settle = (): void => {
      if (isSettled) return;
      isSettled = true;
      resolve();
    };
    const upstream = http.request({
      host: '127.0.0.1',
      port: lease.port,
      method: req.method ?? 'GET',
      path: requestPath,
      headers,
      // A fresh connection per request: a reused socket to a worker that just died would turn
      // into a spurious WORKER_ERROR for the next caller.
      agent: false,
    });
    let hasResponse = false;
    upstream.setTimeout(readTimeoutMs, () => {
      // Silent this long: whatever holds the worker (a runaway loop blocks every request on it)
      // must not catch the next calls; the edge runtime's CPU and wall-clock limits would have
      // ended it by now.
      lease.retire();
      upstream.destroy(new ReadTimeoutError('read timeout'));
    });

    upstream.on('response', (response) => {
      hasResponse = true;
      res.writeHead(response.statusCode ?? 502, response.statusMessage, filterResponseHeaders(response.rawHeaders));
      res.flushHeaders();
      response.pipe(res);
      response.on('error', () => res.destroy());
      response.on('aborted', () => res.destroy());
      res.on('finish', settle);
      res.on('close', settle);
    });

    upstream.on('error', (error) => {
      void (async () => {
        if (res.headersSent || res.destroyed) {
          res.destroy();
        } else if (error instanceof BodyTooLargeError) {
          sendRuntimeReply(res, 413, {
            code: 'request_too_large',
            message: `Request body larger than ${error.limit} bytes`,
          });
        } else if (error instanceof ReadTimeoutError) {
          sendRuntimeReply(res, 504, { message: 'The upstream server is timing out' });
        } else {
          // Give the exit event a moment, so the next request already boots a fresh worker.
          await Promise.race([lease.exited, delay(EXIT_PROBE_MS)]);
          sendRuntimeReply(res, 500, WORKER_ERROR);
        }
        settle();
      })();
    });

    // The client went away: stop the function's work on its behalf. A worker that had not even
    // begun to answer may be stuck the same way (clients often give up before the read timeout).
    res.on('close', () => {
      if (!res.writableFinished) {
        if (!hasResponse) lease.retire();
        upstream.destroy();
      }
      settle();
    });

    let size = 0;
    const limiter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > FUNCTION_BODY_LIMIT) callback(new BodyTooLargeError(FUNCTION_BODY_LIMIT));
        else callback(null, chunk);
      },
    });
    limiter.on('error', (error) => upstream.destroy(error));
    req.on('error', () => upstream.destroy());
    req.pipe(limiter).pipe(upstream);
  });
}

/** What the functions service reads from the gateway context (tests build just this). */
export type FunctionsContext = Pick<
  GatewayContext,
  'config' | 'jwtSecret' | 'apiUrl' | 'siteUrl' | 'dbUrl' | 'functionSecrets' | 'functionsDirs' | 'isDev' | 'log'
>;

export type FunctionsServiceOptions = {
  /** Kong's read timeout; tests shorten it. */
  readonly readTimeoutMs?: number;
};

export function createFunctionsService(ctx: FunctionsContext, options: FunctionsServiceOptions = {}): PrefixService {
  const readTimeoutMs = options.readTimeoutMs ?? READ_TIMEOUT_MS;
  const pool = createWorkerPool(ctx);
  const watchers: FSWatcher[] = [];

  if (ctx.isDev) {
    let timer: NodeJS.Timeout | undefined;
    const onChange = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        ctx.log('functions: source changed, restarting workers');
        pool.retireAll();
      }, RELOAD_DEBOUNCE_MS);
      timer.unref();
    };
    for (const dir of new Set([...ctx.functionsDirs, path.join(REPO_ROOT, 'shared')])) {
      if (!existsSync(dir)) continue;
      try {
        const watcher = watch(dir, { recursive: true }, onChange);
        watcher.on('error', (error) => ctx.log(`functions: watching ${dir} failed: ${error.message}`));
        watchers.push(watcher);
      } catch (error) {
        ctx.log(`functions: cannot watch ${dir}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  return {
    async handle(req, res, url, subpath) {
      applyEdgeForwarding(req);
      const name = subpath.split('/')[1] ?? '';
      const fn = findFunction(ctx, name);
      if (!fn) {
        sendRuntimeReply(res, 404, FUNCTION_NOT_FOUND);
        return;
      }

      const authorization = resolveAuthorization(header(req, 'authorization'), header(req, 'apikey'));
      if (req.method !== 'OPTIONS' && fn.verifyJwt) {
        const failure = checkFunctionJwt(authorization, ctx.jwtSecret);
        if (failure !== undefined) {
          sendRuntimeReply(res, 401, { msg: failure });
          return;
        }
      }

      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > FUNCTION_BODY_LIMIT) {
        throw new BodyTooLargeError(FUNCTION_BODY_LIMIT);
      }

      let lease: WorkerLease;
      try {
        lease = await pool.acquire(fn);
      } catch (error) {
        if (!(error instanceof WorkerBootError)) throw error;
        ctx.log(`functions/${fn.name}: boot failed: ${error.message}`);
        sendRuntimeReply(res, 503, BOOT_ERROR);
        return;
      }
      try {
        await proxyToWorker(
          req,
          res,
          lease,
          `${subpath}${url.search}`,
          buildUpstreamHeaders(req, authorization),
          readTimeoutMs,
        );
      } finally {
        lease.release();
      }
    },
    async close() {
      for (const watcher of watchers) watcher.close();
      await pool.close();
    },
  };
}
