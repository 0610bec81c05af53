/**
 * The pg_net background worker, in Node. `net.http_get/post/delete` (bootstrap/04) only queue a
 * row in net.http_request_queue and NOTIFY `net_request`; since NOTIFY is delivered at commit,
 * a request made in a transaction that rolls back is never seen, exactly like pg_net, whose
 * worker only reads committed queue rows.
 *
 * Like pg_net's worker (supabase/pg_net src/core.c): rows are taken and deleted in one statement,
 * the calls run concurrently, and each outcome becomes one net._http_response row — on success
 * (id, status_code, content, headers, content_type, timed_out = false), on failure (id,
 * error_msg) only, with curl's wording for the common failures. Delivery is at most once: a
 * request taken just before a shutdown is lost, as with pg_net. Responses are kept 6 hours
 * (pg_net.ttl default). Redirects are not followed (curl's default).
 */
import pg from 'pg';
import type { GatewayContext } from '../gateway/context.ts';

/** pg_net.batch_size default: requests taken per queue read, and our cap on calls in flight. */
const BATCH_SIZE = 200;
const RESPONSE_TTL = '6 hours';
const TTL_SWEEP_MS = 10 * 60_000;
/** Responses larger than this are cut; the table is for status checks, not file transfer. */
const MAX_CONTENT_BYTES = 10 * 1024 * 1024;
const RETRY_MS = 1_000;
/** The worker's own connections (queue reads, response writes), apart from request handling. */
const POOL_SIZE = 3;

type QueuedRequest = {
  id: string;
  method: string;
  url: string;
  headers: unknown;
  body: Buffer | null;
  timeout_milliseconds: number;
};

export type NetOutcome =
  | {
      ok: true;
      statusCode: number;
      contentType: string | null;
      headers: Record<string, string>;
      content: string | null;
    }
  | { ok: false; errorMessage: string };

function readHeaders(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [name, headerValue] of Object.entries(value)) {
    if (headerValue === null || headerValue === undefined) continue;
    out[name] = typeof headerValue === 'string' ? headerValue : JSON.stringify(headerValue);
  }
  return out;
}

async function readCapped(response: Response): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_CONTENT_BYTES) {
      await reader.cancel();
      break;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks).subarray(0, MAX_CONTENT_BYTES);
}

/** curl_easy_strerror wording for what fetch reports, so error_msg reads as on Supabase. */
function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return "Couldn't connect to server";
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return "Couldn't resolve host name";
  if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return 'Server returned nothing (no headers, no data)';
  if (typeof cause?.message === 'string' && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Performs one queued request the way pg_net's curl handle would; never throws. */
export async function performNetRequest(request: QueuedRequest, shutdown: AbortSignal): Promise<NetOutcome> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, errorMessage: 'URL using bad/illegal format or missing URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, errorMessage: 'Unsupported protocol' };
  }
  const timeoutMs = Math.max(1, request.timeout_milliseconds);
  const startedAt = performance.now();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: readHeaders(request.headers),
      body: request.body && request.method !== 'GET' ? new Uint8Array(request.body) : null,
      redirect: 'manual',
      signal: AbortSignal.any([timeout.signal, shutdown]),
    });
    const body = await readCapped(response);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    // Postgres text cannot hold NUL; pg_net stores the body as a C string, which stops there too.
    const text = body.toString('utf8');
    const nul = text.indexOf('\u0000');
    const content = nul >= 0 ? text.slice(0, nul) : text;
    return {
      ok: true,
      statusCode: response.status,
      contentType: response.headers.get('content-type'),
      headers,
      content: content === '' ? null : content,
    };
  } catch (error) {
    if (timeout.signal.aborted) {
      const total = (performance.now() - startedAt).toFixed(6);
      return {
        ok: false,
        errorMessage: `Timeout of ${timeoutMs} ms reached. Total time: ${total} ms (DNS time: 0.000000 ms, TCP/SSL handshake time: 0.000000 ms, HTTP Request/Response time: ${total} ms)`,
      };
    }
    return { ok: false, errorMessage: describeFetchError(error) };
  } finally {
    clearTimeout(timer);
  }
}

export async function startNetWorker(
  ctx: Pick<GatewayContext, 'adminUrl' | 'notifications' | 'log'>,
): Promise<{ close(): Promise<void> }> {
  // Our own small pool: a burst of responses must never starve request handling on adminPool.
  const pool = new pg.Pool({
    connectionString: ctx.adminUrl,
    max: POOL_SIZE,
    idleTimeoutMillis: 10_000,
    application_name: 'pg_net worker',
  });
  pool.on('error', (error) => ctx.log(`net: database connection: ${error.message}`));
  const shutdown = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let isPumping = false;
  let isPumpRequested = false;
  let retryTimer: NodeJS.Timeout | undefined;

  /** Takes up to `limit` committed requests off the queue (read + delete in one statement). */
  async function takeRequests(limit: number): Promise<QueuedRequest[]> {
    const { rows } = await pool.query<QueuedRequest>(
      `delete from net.http_request_queue q
        where q.id in (select id from net.http_request_queue order by id limit $1 for update skip locked)
        returning q.id::text as id, q.method, q.url, q.headers, q.body, q.timeout_milliseconds`,
      [limit],
    );
    return rows.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  }

  async function recordOutcome(id: string, outcome: NetOutcome): Promise<void> {
    if (outcome.ok) {
      await pool.query(
        `insert into net._http_response (id, status_code, content, headers, content_type, timed_out)
         values ($1, $2, $3, $4, $5, false)`,
        [id, outcome.statusCode, outcome.content, JSON.stringify(outcome.headers), outcome.contentType],
      );
    } else {
      await pool.query(`insert into net._http_response (id, error_msg) values ($1, $2)`, [id, outcome.errorMessage]);
    }
  }

  function start(request: QueuedRequest): void {
    const task = (async () => {
      const outcome = await performNetRequest(request, shutdown.signal);
      if (shutdown.signal.aborted) return;
      try {
        await recordOutcome(request.id, outcome);
      } catch (error) {
        ctx.log(
          `net: could not record response ${request.id}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    })();
    inFlight.add(task);
    void task.finally(() => {
      inFlight.delete(task);
      // A slot freed up: queued requests may be waiting for it.
      if (inFlight.size === BATCH_SIZE - 1) void pump();
    });
  }

  async function pump(): Promise<void> {
    if (isPumping) {
      isPumpRequested = true;
      return;
    }
    isPumping = true;
    try {
      do {
        isPumpRequested = false;
        while (!shutdown.signal.aborted && inFlight.size < BATCH_SIZE) {
          const requests = await takeRequests(BATCH_SIZE - inFlight.size);
          if (requests.length === 0) break;
          for (const request of requests) start(request);
        }
      } while (isPumpRequested && !shutdown.signal.aborted);
    } catch (error) {
      if (!shutdown.signal.aborted) {
        ctx.log(`net: reading the request queue failed: ${error instanceof Error ? error.message : String(error)}`);
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => void pump(), RETRY_MS);
        retryTimer.unref();
      }
    } finally {
      isPumping = false;
    }
  }

  async function deleteExpiredResponses(): Promise<void> {
    try {
      await pool.query(`delete from net._http_response where created < now() - $1::interval`, [RESPONSE_TTL]);
    } catch (error) {
      ctx.log(`net: ttl sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // Notifications sent while the LISTEN connection was down are lost: drain on reconnect too.
  let unlisten: () => void;
  try {
    unlisten = await ctx.notifications.listen(
      'net_request',
      () => void pump(),
      () => void pump(),
    );
  } catch (error) {
    await pool.end();
    throw error;
  }
  void pump();
  void deleteExpiredResponses();
  const ttlTimer = setInterval(() => void deleteExpiredResponses(), TTL_SWEEP_MS);
  ttlTimer.unref();

  return {
    async close() {
      shutdown.abort();
      unlisten();
      clearInterval(ttlTimer);
      clearTimeout(retryTimer);
      await Promise.allSettled([...inFlight]);
      // A queue read may still be under way; it settles before end() resolves.
      await pool.end();
    },
  };
}
