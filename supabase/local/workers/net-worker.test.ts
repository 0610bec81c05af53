/**
 * pg_net conformance (subset spec §6.5, §6.6 case 8): net.http_* queue a request that the worker
 * performs only after commit, exactly once, and whose outcome lands in net._http_response with
 * pg_net's columns. Calls are observed through the `record` fixture function.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStack } from '../test/stack-info.ts';

const stack = getStack();
const recordUrl = `${stack.apiUrl}/functions/v1/record`;
const authHeaders = { 'Content-Type': 'application/json', Authorization: `Bearer ${stack.serviceRoleKey}` };

type ResponseRow = {
  status_code: number | null;
  content_type: string | null;
  headers: Record<string, string> | null;
  content: string | null;
  timed_out: boolean | null;
  error_msg: string | null;
};

let db: pg.Client;

beforeAll(async () => {
  // The `postgres` role, as migrations and the SQL editor use it.
  db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
});

afterAll(async () => {
  await db.end();
});

function uniqueTag(label: string): string {
  return `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

async function postToRecord(client: pg.Client, tag: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `select net.http_post(url := $1, body := jsonb_build_object('tag', $2::text), headers := $3::jsonb)::text as id`,
    [recordUrl, tag, JSON.stringify(authHeaders)],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('net.http_post returned no id');
  return id;
}

async function waitForResponse(id: string, timeoutMs = 15_000): Promise<ResponseRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<ResponseRow>(
      `select status_code, content_type, headers, content, timed_out, error_msg from net._http_response where id = $1`,
      [id],
    );
    if (rows[0]) return rows[0];
    if (Date.now() > deadline) throw new Error(`no net._http_response row for request ${id}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A loopback port nothing listens on (it was free a moment ago). */
function findClosedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function countCalls(tag: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from public.t_function_calls where tag = $1',
    [tag],
  );
  return rows[0]?.n ?? 0;
}

describe('net.http_post', () => {
  it('calls once after commit and never for a rolled-back transaction', async () => {
    const rolledBack = uniqueTag('rolled-back');
    const committed = uniqueTag('committed');
    const marker = uniqueTag('marker');

    await db.query('begin');
    const rolledBackId = await postToRecord(db, rolledBack);
    await db.query('rollback');

    const committedId = await postToRecord(db, committed);
    // A later committed request: once its response exists, the worker has long seen the others.
    const markerId = await postToRecord(db, marker);
    await waitForResponse(committedId);
    await waitForResponse(markerId);

    expect(await countCalls(committed)).toBe(1);
    expect(await countCalls(marker)).toBe(1);
    expect(await countCalls(rolledBack)).toBe(0);
    const leftovers = await db.query('select 1 from net._http_response where id = $1', [rolledBackId]);
    expect(leftovers.rowCount).toBe(0);
  });

  it('does not run a request while its transaction is still open', async () => {
    const pending = uniqueTag('pending');
    const other = new pg.Client({ connectionString: stack.dbUrl });
    await other.connect();
    try {
      await other.query('begin');
      const pendingId = await postToRecord(other, pending);
      const markerId = await postToRecord(db, uniqueTag('marker'));
      await waitForResponse(markerId);
      expect(await countCalls(pending)).toBe(0);
      await other.query('commit');
      await waitForResponse(pendingId);
      expect(await countCalls(pending)).toBe(1);
    } finally {
      await other.end();
    }
  });

  it('records the status, content type, headers and body of the response', async () => {
    const tag = uniqueTag('response');
    const id = await postToRecord(db, tag);
    const response = await waitForResponse(id);
    expect(response.status_code).toBe(200);
    expect(response.content_type).toMatch(/^application\/json/);
    expect(JSON.parse(response.content ?? '{}')).toEqual({ recorded: tag });
    expect(response.headers?.['content-type']).toMatch(/^application\/json/);
    expect(response.timed_out).toBe(false);
    expect(response.error_msg).toBeNull();
    // The function saw the service_role JWT the request carried.
    const { rows } = await db.query<{ caller_role: string; method: string }>(
      'select caller_role, method from public.t_function_calls where tag = $1',
      [tag],
    );
    expect(rows).toEqual([{ caller_role: 'service_role', method: 'POST' }]);
  });

  it('records non-2xx statuses as successful responses', async () => {
    const { rows } = await db.query<{ id: string }>(
      `select net.http_post(url := $1, body := '{}'::jsonb)::text as id`,
      [`${stack.apiUrl}/functions/v1/echo`],
    );
    const response = await waitForResponse(rows[0]?.id ?? '');
    expect(response.status_code).toBe(401);
    expect(JSON.parse(response.content ?? '{}')).toEqual({ msg: 'Error: Missing authorization header' });
    expect(response.error_msg).toBeNull();
  });

  it('refuses a Content-Type other than application/json, as pg_net does', async () => {
    await expect(
      db.query(`select net.http_post(url := $1, headers := '{"Content-Type": "text/plain"}'::jsonb)`, [recordUrl]),
    ).rejects.toThrow('Content-Type header must be "application/json"');
  });

  it('reports a timeout in error_msg with pg_net wording', async () => {
    const { rows } = await db.query<{ id: string }>(
      `select net.http_post(url := $1, body := '{}'::jsonb, headers := $2::jsonb, timeout_milliseconds := 300)::text as id`,
      [`${stack.apiUrl}/functions/v1/echo`, JSON.stringify({ ...authHeaders, 'x-echo-delay-ms': '3000' })],
    );
    const response = await waitForResponse(rows[0]?.id ?? '');
    expect(response.status_code).toBeNull();
    expect(response.timed_out).toBeNull();
    expect(response.error_msg).toMatch(/^Timeout of 300 ms reached\. Total time: /);
  });
});

describe('net.http_get and net.http_delete', () => {
  it('adds params to the query string and sends the headers', async () => {
    const { rows } = await db.query<{ id: string }>(
      `select net.http_get(url := $1, params := '{"page": "2", "q": "a b"}'::jsonb,
                           headers := '{"x-probe": "net"}'::jsonb)::text as id`,
      [`${stack.apiUrl}/functions/v1/public-echo/list?fixed=1`],
    );
    const response = await waitForResponse(rows[0]?.id ?? '');
    expect(response.status_code).toBe(200);
    const echo = JSON.parse(response.content ?? '{}') as {
      method: string;
      path: string;
      query: object;
      headers: object;
    };
    expect(echo.method).toBe('GET');
    expect(echo.path).toBe('/public-echo/list');
    expect(echo.query).toEqual({ fixed: '1', page: '2', q: 'a b' });
    expect(echo.headers).toMatchObject({ 'x-probe': 'net' });
  });

  it('percent-encodes param keys and values, before any #fragment, as pg_net does', async () => {
    const { rows } = await db.query<{ id: string }>(`select net.http_get(url := $1, params := $2::jsonb)::text as id`, [
      `${stack.apiUrl}/functions/v1/public-echo/list?fixed=1#top`,
      JSON.stringify({ q: '& #=é', 'k&y=': 'v/w?', empty: '', dropped: null }),
    ]);
    const response = await waitForResponse(rows[0]?.id ?? '');
    expect(response.status_code).toBe(200);
    const echo = JSON.parse(response.content ?? '{}') as { path: string; query: object };
    expect(echo.path).toBe('/public-echo/list');
    expect(echo.query).toEqual({ fixed: '1', q: '& #=é', 'k&y=': 'v/w?', empty: '' });
  });

  it('escapes exactly as curl_easy_escape does', async () => {
    const { rows } = await db.query<{ escaped: string; blank: string }>(
      `select net._urlencode_string($1) as escaped, net._urlencode_string('') as blank`,
      ['& #=é~-._Az09/+'],
    );
    expect(rows[0]).toEqual({ escaped: '%26%20%23%3D%C3%A9~-._Az09%2F%2B', blank: '' });
  });

  it('performs DELETE', async () => {
    const { rows } = await db.query<{ id: string }>(`select net.http_delete(url := $1)::text as id`, [
      `${stack.apiUrl}/functions/v1/public-echo`,
    ]);
    const response = await waitForResponse(rows[0]?.id ?? '');
    expect((JSON.parse(response.content ?? '{}') as { method: string }).method).toBe('DELETE');
  });
});

describe('request failures', () => {
  it('reports a refused connection with curl wording and no status', async () => {
    const port = await findClosedPort();
    const { rows } = await db.query<{ id: string }>(`select net.http_get($1)::text as id`, [
      `http://127.0.0.1:${port}/`,
    ]);
    const response = await waitForResponse(rows[0]?.id ?? '');
    expect(response.status_code).toBeNull();
    expect(response.error_msg).toBe("Couldn't connect to server");
  });

  it('never reads local files: only http and https are performed', async () => {
    const { rows } = await db.query<{ id: string }>(`select net.http_get('file:///etc/passwd')::text as id`);
    const response = await waitForResponse(rows[0]?.id ?? '');
    expect(response.content).toBeNull();
    expect(response.error_msg).toBe('Unsupported protocol');
  });

  it('reports a malformed URL', async () => {
    const { rows } = await db.query<{ id: string }>(`select net.http_get('not a url')::text as id`);
    const response = await waitForResponse(rows[0]?.id ?? '');
    expect(response.error_msg).toBe('URL using bad/illegal format or missing URL');
  });
});

describe('isolation from request handling', () => {
  it('keeps performing requests while request handling holds every admin connection', async () => {
    // An uncommitted auth.users row makes admin.createUser calls with the same id wait on its
    // key, each holding one connection of the gateway's admin pool (10) until we roll back.
    const admin = new pg.Client({ connectionString: stack.superuserUrl });
    await admin.connect();
    // Only a superuser sees other sessions' wait events; outside the transaction, whose
    // statistics snapshot would not move.
    const watcher = new pg.Client({ connectionString: stack.superuserUrl });
    await watcher.connect();
    const userId = randomUUID();
    const calls: Promise<unknown>[] = [];
    try {
      await admin.query('begin');
      await admin.query(`insert into auth.users (id, aud, role) values ($1, 'authenticated', 'authenticated')`, [
        userId,
      ]);
      for (let i = 0; i < 14; i += 1) {
        const call = fetch(`${stack.apiUrl}/auth/v1/admin/users`, {
          method: 'POST',
          headers: { ...authHeaders, apikey: stack.serviceRoleKey },
          body: JSON.stringify({ id: userId, email: `${uniqueTag('held')}-${i}@example.com` }),
        }).then((res) => res.arrayBuffer());
        calls.push(call.catch(() => undefined));
      }
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { rows } = await watcher.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
            where usename = 'supabase_admin' and wait_event_type = 'Lock' and query ilike 'insert into auth.users%'`,
        );
        if ((rows[0]?.n ?? 0) >= 10) break;
        if (Date.now() > deadline) throw new Error('the admin pool never filled up');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      const { rows } = await db.query<{ id: string }>(`select net.http_get($1)::text as id`, [
        `${stack.apiUrl}/functions/v1/public-echo`,
      ]);
      const response = await waitForResponse(rows[0]?.id ?? '', 10_000);
      expect(response.status_code).toBe(200);
    } finally {
      await admin.query('rollback');
      await Promise.all(calls);
      await admin.query('delete from auth.users where id = $1', [userId]);
      await admin.end();
      await watcher.end();
    }
  }, 60_000);
});
