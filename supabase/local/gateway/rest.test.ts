/**
 * Conformance of /rest/v1/rpc with PostgREST v14 as seen through the official supabase-js
 * (shared/reference/supabase-subset.md §2.6 and the RPC half of §7.4).
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { getStack } from '../test/stack-info.ts';
import { signJwt } from './jwt.ts';

const stack = getStack();
const USER_A = '00000000-0000-4000-8000-00000000000a';

function client(key: string, accessToken?: string): SupabaseClient {
  return createClient(stack.apiUrl, key, {
    realtime: { transport: WebSocket as never },
    auth: { persistSession: false, autoRefreshToken: false },
    ...(accessToken ? { global: { headers: { Authorization: `Bearer ${accessToken}` } } } : {}),
  });
}

function userToken(sub: string, overrides: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      sub,
      role: 'authenticated',
      aud: 'authenticated',
      iat: now,
      exp: now + 3600,
      email: 'a@example.test',
      ...overrides,
    },
    stack.jwtSecret,
  );
}

const anon = client(stack.anonKey);
const userA = client(stack.anonKey, userToken(USER_A));
const service = client(stack.serviceRoleKey);
const db = new pg.Client({ connectionString: stack.superuserUrl });
await db.connect();
afterAll(async () => {
  await db.end();
});

describe('rpc results', () => {
  it('returns a scalar as a bare JSON value', async () => {
    const res = await anon.rpc('t_add', { a: 1, b: 2 });
    expect(res.error).toBeNull();
    expect(res.status).toBe(200);
    expect(res.data).toBe(3);
  });

  it('returns a set of rows as an array of objects, and [] for an empty set', async () => {
    const rows = await anon.rpc('t_rows', { n: 2 });
    expect(rows.data).toEqual([
      { i: 1, square: 1 },
      { i: 2, square: 4 },
    ]);
    const empty = await anon.rpc('t_rows', { n: 0 });
    expect(empty.status).toBe(200);
    expect(empty.data).toEqual([]);
  });

  it('returns a set of scalars as an array of values', async () => {
    expect((await anon.rpc('t_ints', { n: 3 })).data).toEqual([1, 2, 3]);
  });

  it('returns a single composite as an object', async () => {
    expect((await anon.rpc('t_pair', { l: 7, r: 'seven' })).data).toEqual({ left_value: 7, right_value: 'seven' });
  });

  it('returns null for a NULL scalar', async () => {
    const res = await anon.rpc('t_null');
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(res.error).toBeNull();
  });

  it('answers 204 with no data for a void function', async () => {
    const res = await anon.rpc('t_void');
    expect(res.status).toBe(204);
    expect(res.data).toBeNull();
    expect(res.error).toBeNull();
  });

  it('applies parameter defaults when arguments are omitted', async () => {
    expect((await anon.rpc('t_echo_text', { msg: 'salut' })).data).toBe('salut!');
    expect((await anon.rpc('t_echo_text', { msg: 'salut', suffix: '?' })).data).toBe('salut?');
    expect((await anon.rpc('t_rows')).data).toHaveLength(3);
  });

  it('passes JSON objects, arrays and the whole body to json/array/unnamed parameters', async () => {
    expect((await anon.rpc('t_json', { payload: { a: [1, 'é'] } })).data).toEqual({ got: { a: [1, 'é'] } });
    expect((await anon.rpc('t_array', { ids: [4, 5, 6] })).data).toBe(3);
    expect((await anon.rpc('t_whole_body', { anything: 1, goes: 'here' })).data).toEqual({ anything: 1, goes: 'here' });
  });

  it('reports the exact count with Content-Range when asked', async () => {
    const res = await anon.rpc('t_rows', { n: 4 }, { count: 'exact' });
    expect(res.count).toBe(4);
    expect(res.data).toHaveLength(4);
  });

  it('calls with GET query parameters', async () => {
    const res = await anon.rpc('t_add', { a: 2, b: 40 }, { get: true });
    expect(res.data).toBe(42);
  });

  it('lets a function set the response status and headers', async () => {
    const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/t_custom_status`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-comptoir')).toBe('yes');
    expect(await res.json()).toBe('created');
  });

  it('answers 406 PGRST116 when a single object is requested from several rows', async () => {
    const res = await anon.rpc('t_rows', { n: 2 }).single();
    expect(res.status).toBe(406);
    expect(res.error?.code).toBe('PGRST116');
    expect(res.error?.details).toBe('The result contains 2 rows');
  });
});

describe('rpc errors', () => {
  it('answers 404 PGRST202 for an unknown argument or function', async () => {
    const wrongKey = await anon.rpc('t_add', { a: 1, c: 2 });
    expect(wrongKey.status).toBe(404);
    expect(wrongKey.error?.code).toBe('PGRST202');
    expect(wrongKey.error?.message).toBe('Could not find the function public.t_add(a, c) in the schema cache');
    const missing = await anon.rpc('t_does_not_exist');
    expect(missing.status).toBe(404);
    expect(missing.error?.code).toBe('PGRST202');
  });

  it('answers 300 PGRST203 when overloads are ambiguous', async () => {
    const res = await anon.rpc('t_overloaded', { a: 1 });
    expect(res.status).toBe(300);
    expect(res.error?.code).toBe('PGRST203');
  });

  it('passes RAISE EXCEPTION through as 400 P0001 with detail and hint', async () => {
    const res = await anon.rpc('t_raise');
    expect(res.status).toBe(400);
    expect(res.error).toEqual({ code: 'P0001', message: 'boom', details: 'the detail', hint: 'the hint' });
    const plain = await anon.rpc('t_raise_plain');
    expect(plain.error).toEqual({ code: 'P0001', message: 'boom', details: null, hint: null });
  });

  it('maps a PTxyz error code to HTTP xyz', async () => {
    const res = await anon.rpc('t_payment_required');
    expect(res.status).toBe(402);
    expect(res.error?.code).toBe('PT402');
  });

  it('maps unique and foreign-key violations to 409 and bad input syntax to 400', async () => {
    const id = 1000 + Math.floor(Math.random() * 1_000_000);
    expect((await anon.rpc('t_insert_item', { item_id: id })).status).toBe(204);
    const dup = await anon.rpc('t_insert_item', { item_id: id });
    expect(dup.status).toBe(409);
    expect(dup.error?.code).toBe('23505');
    const fk = await anon.rpc('t_insert_item', { item_id: id + 1, parent_id: -1 });
    expect(fk.status).toBe(409);
    expect(fk.error?.code).toBe('23503');
    const syntax = await anon.rpc('t_add', { a: 'x', b: 1 });
    expect(syntax.status).toBe(400);
    expect(syntax.error?.code).toBe('22P02');
  });

  it('rolls back every write of a failing call', async () => {
    const id = 2_000_000 + Math.floor(Math.random() * 1_000_000);
    const res = await anon.rpc('t_insert_then_fail', { item_id: id });
    expect(res.status).toBe(400);
    expect((await anon.rpc('t_count_items', { item_id: id })).data).toBe(0);
  });

  it('runs GET calls read-only: a write answers 405 25006', async () => {
    const res = await anon.rpc('t_write_anyway', { item_id: 3_000_001 }, { get: true });
    expect(res.status).toBe(405);
    expect(res.error?.code).toBe('25006');
  });

  it('answers 401 to anon and 403 to a user for a function they may not execute', async () => {
    const asAnon = await anon.rpc('t_members_only');
    expect(asAnon.status).toBe(401);
    expect(asAnon.error?.code).toBe('42501');
    expect((await userA.rpc('t_members_only')).data).toBe('welcome');
    const forbidden = await userA.rpc('t_nobody');
    expect(forbidden.status).toBe(403);
    expect(forbidden.error?.code).toBe('42501');
  });

  it('answers 406 PGRST106 for a schema that is not exposed', async () => {
    const res = await anon.schema('t_hidden').rpc('t_secret');
    expect(res.status).toBe(406);
    expect(res.error?.code).toBe('PGRST106');
  });

  it('answers 400 PGRST102 to malformed JSON and 405 PGRST101 to other methods', async () => {
    const bad = await fetch(`${stack.apiUrl}/rest/v1/rpc/t_add`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
      body: '{"a": 1,',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('PGRST102');
    const patch = await fetch(`${stack.apiUrl}/rest/v1/rpc/t_add`, {
      method: 'PATCH',
      headers: { apikey: stack.anonKey },
    });
    expect(patch.status).toBe(405);
    expect(((await patch.json()) as { code: string }).code).toBe('PGRST101');
  });

  it('answers 501 to table endpoints, explaining the app reads through its replica', async () => {
    const res = await fetch(`${stack.apiUrl}/rest/v1/t_items?select=*`, { headers: { apikey: stack.anonKey } });
    expect(res.status).toBe(501);
    expect(((await res.json()) as { message: string }).message).toMatch(/local replica/);
  });
});

describe('rpc edge cases', () => {
  it('lets RAISE SQLSTATE PGRST choose the status and headers', async () => {
    const res = await anon.rpc('t_raise_pgrst', { detail: '{"status": 418, "headers": {"X-Teapot": "oui"}}' });
    expect(res.status).toBe(418);
    expect(res.error).toEqual({ code: 'T123', message: 'custom', details: null, hint: null });
  });

  it('answers 500 PGRST121 — and keeps serving — when PGRST asks for an impossible status or header', async () => {
    for (const detail of [
      '{"status": 1000}',
      '{"status": 200.5}',
      '{"headers": {"Bad Header": "x"}}',
      '{"headers": {"X-A": "a\\r\\nX-B: b"}}',
      'not json',
    ]) {
      const res = await anon.rpc('t_raise_pgrst', { detail });
      expect(res.status, detail).toBe(500);
      expect(res.error?.code, detail).toBe('PGRST121');
    }
    expect((await anon.rpc('t_add', { a: 1, b: 1 })).data).toBe(2);
  });

  it('caps a set at max_rows but reports the exact total in Content-Range', async () => {
    const res = await anon.rpc('t_many', { n: 1005 }, { count: 'exact' });
    expect(res.data).toHaveLength(1000);
    expect(res.count).toBe(1005);
  });

  it('parses json query parameters of GET calls as JSON documents', async () => {
    const res = await anon.rpc('t_json', { payload: JSON.stringify({ a: 1 }) }, { get: true });
    expect(res.data).toEqual({ got: { a: 1 } });
    const bad = await anon.rpc('t_json', { payload: '{nope' }, { get: true });
    expect(bad.status).toBe(400);
    expect(bad.error?.code).toBe('22P02');
  });
});

describe('rpc authentication', () => {
  it('runs as anon with claims and request GUCs like PostgREST', async () => {
    const res = await createClient(stack.apiUrl, stack.anonKey, {
      realtime: { transport: WebSocket as never },
      global: { headers: { 'x-comptoir-test': 'bonjour' } },
    }).rpc('t_request_context');
    expect(res.data).toMatchObject({
      uid: null,
      role: 'anon',
      current_user: 'anon',
      claims_role: 'anon',
      method: 'POST',
      path: '/rpc/t_request_context',
      apikey: stack.anonKey,
      custom_header: 'bonjour',
      statement_timeout: '3s',
    });
  });

  it('runs as the signed-in user, whose RLS policies apply', async () => {
    const ctx = await userA.rpc('t_request_context');
    expect(ctx.data).toMatchObject({
      uid: USER_A,
      role: 'authenticated',
      current_user: 'authenticated',
      statement_timeout: '8s',
    });
    const notes = await userA.rpc('t_visible_notes');
    expect((notes.data as { body: string }[]).map((n) => n.body)).toEqual(['note of A']);
  });

  it('bypasses RLS as service_role', async () => {
    const notes = await service.rpc('t_visible_notes');
    expect((notes.data as { body: string }[]).map((n) => n.body)).toEqual(['note of A', 'note of B']);
  });

  it('maps the publishable key to anon and the secret key to service_role', async () => {
    expect((await client(stack.publishableKey).rpc('t_request_context')).data).toMatchObject({ current_user: 'anon' });
    expect((await client(stack.secretKey).rpc('t_request_context')).data).toMatchObject({
      current_user: 'service_role',
    });
  });

  it('refuses an expired JWT with 401 PGRST303', async () => {
    const expired = userToken(USER_A, { exp: Math.floor(Date.now() / 1000) - 120 });
    const res = await client(stack.anonKey, expired).rpc('t_add', { a: 1, b: 1 });
    expect(res.status).toBe(401);
    expect(res.error?.code).toBe('PGRST303');
    expect(res.error?.message).toBe('JWT expired');
  });

  it('refuses a JWT signed with another secret with 401 PGRST301', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = signJwt(
      { sub: USER_A, role: 'service_role', exp: now + 60 },
      'another-secret-of-at-least-32-characters!!',
    );
    const res = await client(stack.anonKey, forged).rpc('t_visible_notes');
    expect(res.status).toBe(401);
    expect(res.error?.code).toBe('PGRST301');
  });

  it('refuses a token that is not a JWT with 401 PGRST301', async () => {
    const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/t_add`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, authorization: 'Bearer abc.def', 'content-type': 'application/json' },
      body: '{"a":1,"b":1}',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(await res.json()).toMatchObject({ code: 'PGRST301', message: 'Expected 3 parts in JWT; got 2' });
  });

  it('refuses a JWT whose role does not exist with 401', async () => {
    const res = await client(stack.anonKey, userToken(USER_A, { role: 'not_a_role' })).rpc('t_add', { a: 1, b: 1 });
    expect(res.status).toBe(401);
    expect(res.error?.code).toBe('22023');
  });

  it('answers the preflight with Supabase CORS headers', async () => {
    const res = await fetch(`${stack.apiUrl}/rest/v1/rpc/t_add`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-client-info');
  });
});

describe('gateway routing', () => {
  it('answers unknown routes with 404 JSON like Kong', async () => {
    const res = await fetch(`${stack.apiUrl}/definitely/not/here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'no Route matched with those values' });
  });

  it('keeps the transaction isolated from other callers (sanity check on pooled connections)', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => anon.rpc('t_add', { a: i, b: 1 })));
    expect(results.map((r) => r.data)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where usename = 'authenticator' and state = 'idle in transaction'",
    );
    expect(rows[0]?.n).toBe(0);
  });
});

describe('schema cache', () => {
  it('sees a function replaced with new parameters right after the DDL', async () => {
    const pgClient = new pg.Client({ connectionString: stack.dbUrl });
    await pgClient.connect();
    try {
      await pgClient.query(`create or replace function public.t_cached(x int) returns text language sql as $$ select 'v1' $$;
        grant execute on function public.t_cached(int) to anon;`);
      const first = await anon.rpc('t_cached', { x: 1 });
      expect(first.error).toBeNull();
      expect(first.data).toBe('v1');
      await pgClient.query(`drop function public.t_cached(int);
        create function public.t_cached(y int) returns text language sql as $$ select 'v2' $$;
        grant execute on function public.t_cached(int) to anon;`);
      // The DDL's NOTIFY reaches the gateway asynchronously; PostgREST has the same window.
      let data: unknown;
      for (let attempt = 0; attempt < 50 && data !== 'v2'; attempt += 1) {
        data = (await anon.rpc('t_cached', { y: 1 })).data;
        if (data !== 'v2') await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(data).toBe('v2');
      expect((await anon.rpc('t_cached', { x: 1 })).error?.code).toBe('PGRST202');
    } finally {
      await pgClient.query('drop function if exists public.t_cached(int)');
      await pgClient.end();
    }
  });
});

describe('schema cache under concurrent DDL', () => {
  it('keeps answering while the schema is reloaded again and again', async () => {
    const pgClient = new pg.Client({ connectionString: stack.dbUrl });
    await pgClient.connect();
    try {
      let isRunning = true;
      // Every DDL statement makes the database NOTIFY pgrst, which clears the gateway's caches.
      const churn = (async () => {
        while (isRunning) await pgClient.query('comment on function public.t_add(int, int) is null');
      })();
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => anon.rpc('t_add', { a: i, b: 1 })));
      isRunning = false;
      await churn;
      expect(results.filter((r) => r.error !== null).map((r) => r.error)).toEqual([]);
      expect(results.map((r) => r.data)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    } finally {
      await pgClient.end();
    }
  });
});
