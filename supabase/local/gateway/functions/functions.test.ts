/**
 * Edge Functions conformance (subset spec §6.6 and the functions cases of §7.4), through the
 * official supabase-js client and raw fetch, against real Deno workers. Fixture functions live in
 * test/fixtures/functions/ (see its README); `health` is the project's real function.
 */
import { FunctionsHttpError, createClient } from '@supabase/supabase-js';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../config.ts';
import { signJwt } from '../jwt.ts';
import { parseEnvFile } from '../../stack.ts';
import { getStack } from '../../test/stack-info.ts';

const stack = getStack();
const functionsUrl = `${stack.apiUrl}/functions/v1`;
const clientOptions = { realtime: { transport: WebSocket as never } };
const anon = createClient(stack.apiUrl, stack.anonKey, clientOptions);

type Echo = {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body_text: string | null;
  body_size: number;
  json: unknown;
  form: Record<string, unknown> | null;
};

const USER_ID = '4c8a2f8e-5d7b-4f0e-9a51-2f3c9d1e7b60';

function mintUserJwt(secret = stack.jwtSecret, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      sub: USER_ID,
      role: 'authenticated',
      aud: 'authenticated',
      iat: now,
      exp: now + 3600,
      aal: 'aal1',
      email: 'fn-user@example.test',
      ...claims,
    },
    secret,
  );
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('functions.invoke through supabase-js', () => {
  it('sends a JSON body as POST to /<name> and parses the JSON reply', async () => {
    const { data, error } = await anon.functions.invoke<Echo>('echo', { body: { a: 1 } });
    expect(error).toBeNull();
    expect(data?.method).toBe('POST');
    expect(data?.path).toBe('/echo');
    expect(data?.headers['content-type']).toBe('application/json');
    expect(data?.json).toEqual({ a: 1 });
  });

  it('sends a string as text/plain', async () => {
    const { data, error } = await anon.functions.invoke<Echo>('echo', { body: 'hello there' });
    expect(error).toBeNull();
    expect(data?.headers['content-type']).toBe('text/plain');
    expect(data?.body_text).toBe('hello there');
  });

  it('sends a Blob as application/octet-stream with its bytes intact', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 255]);
    const { data, error } = await anon.functions.invoke<Echo>('echo', { body: new Blob([bytes]) });
    expect(error).toBeNull();
    expect(data?.headers['content-type']).toBe('application/octet-stream');
    expect(data?.body_size).toBe(6);
  });

  it('sends FormData as multipart/form-data with its fields and files', async () => {
    const form = new FormData();
    form.append('label', 'carte grise');
    form.append('file', new Blob(['scan'], { type: 'image/png' }), 'scan.png');
    const { data, error } = await anon.functions.invoke<Echo>('echo', { body: form });
    expect(error).toBeNull();
    expect(data?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(data?.form).toEqual({ label: 'carte grise', file: { name: 'scan.png', type: 'image/png', text: 'scan' } });
  });

  it('honours the method and custom headers', async () => {
    const { data, error } = await anon.functions.invoke<Echo>('echo', {
      method: 'PUT',
      body: { b: 2 },
      headers: { 'x-custom': 'yes' },
    });
    expect(error).toBeNull();
    expect(data?.method).toBe('PUT');
    expect(data?.headers['x-custom']).toBe('yes');
  });

  it('turns a 400 from the function into FunctionsHttpError whose context is the response', async () => {
    const { data, error } = await anon.functions.invoke('echo', {
      body: { bad: true },
      headers: { 'x-echo-status': '400' },
    });
    expect(data).toBeNull();
    expect(error).toBeInstanceOf(FunctionsHttpError);
    const context = (error as FunctionsHttpError).context as Response;
    expect(context.status).toBe(400);
    const body = (await context.json()) as { error: string; json: unknown };
    expect(body.error).toBe('status requested by x-echo-status');
    expect(body.json).toEqual({ bad: true });
  });

  it('hands back a text/event-stream response unread, and it streams every event', async () => {
    const { data, error } = await anon.functions.invoke('echo', { headers: { 'x-echo-stream': '3' } });
    expect(error).toBeNull();
    expect(data).toBeInstanceOf(Response);
    const text = await (data as Response).text();
    expect(text).toBe('data: event 1\n\ndata: event 2\n\ndata: event 3\n\n');
  });
});

describe('routing', () => {
  it('passes the sub-path and query string to the function', async () => {
    const res = await fetch(`${functionsUrl}/echo/invoices/42?draft=true&page=2`, {
      headers: { Authorization: `Bearer ${stack.anonKey}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Echo;
    expect(body.path).toBe('/echo/invoices/42');
    expect(body.query).toEqual({ draft: 'true', page: '2' });
    expect(body.method).toBe('GET');
  });

  it("answers 404 with the hosted platform's JSON for an unknown name", async () => {
    const res = await fetch(`${functionsUrl}/does-not-exist`, {
      headers: { Authorization: `Bearer ${stack.anonKey}` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ code: 'NOT_FOUND', message: 'Requested function was not found' });
    const { error } = await anon.functions.invoke('does-not-exist');
    expect(error).toBeInstanceOf(FunctionsHttpError);
    expect(((error as FunctionsHttpError).context as Response).status).toBe(404);
  });

  it('never serves _shared or an empty name as a function', async () => {
    for (const suffix of ['/_shared', '/_shared/describe-request.ts', '/', '/..%2Fecho', '/%00']) {
      const res = await fetch(`${functionsUrl}${suffix}`, { headers: { Authorization: `Bearer ${stack.anonKey}` } });
      expect(res.status, suffix).toBe(404);
      expect(await res.json(), suffix).toEqual({ code: 'NOT_FOUND', message: 'Requested function was not found' });
    }
  });

  it('serves a module written as `export default { fetch }`, booting once for concurrent first calls', async () => {
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${functionsUrl}/default-export/x`).then((res) => res.json())),
    );
    const pids = new Set(replies.map((reply) => (reply as { pid: number }).pid));
    expect(pids.size).toBe(1);
    expect(replies[0]).toMatchObject({ style: 'default-export', path: '/default-export/x' });
  });

  it('refuses a body larger than 20 MiB with 413', async () => {
    const res = await fetch(`${functionsUrl}/public-echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: new Uint8Array(20 * 1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('request_too_large');
  });
});

describe('verify_jwt', () => {
  it('refuses a request without Authorization with the runtime message', async () => {
    const res = await fetch(`${functionsUrl}/echo`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ msg: 'Error: Missing authorization header' });
  });

  it('refuses an Authorization header that is not a Bearer token', async () => {
    const res = await fetch(`${functionsUrl}/echo`, { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ msg: "Error: Auth header is not 'Bearer {token}'" });
  });

  it('refuses garbage, a foreign signature and an expired token with "Invalid JWT"', async () => {
    const expired = mintUserJwt(stack.jwtSecret, { iat: 1_600_000_000, exp: 1_600_003_600 });
    const foreign = mintUserJwt('another-secret-that-is-at-least-32-characters');
    for (const token of ['not-a-jwt', 'a.b.c', foreign, expired]) {
      const res = await fetch(`${functionsUrl}/echo`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status, token).toBe(401);
      expect(await res.json(), token).toEqual({ msg: 'Invalid JWT' });
    }
  });

  it('lets the anon key JWT through', async () => {
    const res = await fetch(`${functionsUrl}/echo`, { headers: { Authorization: `Bearer ${stack.anonKey}` } });
    expect(res.status).toBe(200);
  });

  it('forwards a user session token and the apikey to the function', async () => {
    const userJwt = mintUserJwt();
    const asUser = createClient(stack.apiUrl, stack.anonKey, { ...clientOptions, accessToken: async () => userJwt });
    const { data, error } = await asUser.functions.invoke<Echo>('echo', { body: {} });
    expect(error).toBeNull();
    expect(data?.headers['authorization']).toBe(`Bearer ${userJwt}`);
    expect(data?.headers['apikey']).toBe(stack.anonKey);
  });

  it('maps a publishable key sent without Authorization to the anon JWT (§7.4 case 4)', async () => {
    const publishable = createClient(stack.apiUrl, stack.publishableKey, clientOptions);
    const { data, error } = await publishable.functions.invoke<Echo>('echo', { body: {} });
    expect(error).toBeNull();
    expect(data?.headers['apikey']).toBe(stack.publishableKey);
    expect(data?.headers['authorization']).toBe(`Bearer ${stack.anonKey}`);
  });

  it('maps a secret key to the service_role JWT', async () => {
    const res = await fetch(`${functionsUrl}/echo`, { headers: { apikey: stack.secretKey } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Echo).headers['authorization']).toBe(`Bearer ${stack.serviceRoleKey}`);
  });

  it('treats an apikey sent alone as the bearer token: a legacy key passes, an unknown one does not', async () => {
    const legacy = await fetch(`${functionsUrl}/echo`, { headers: { apikey: stack.anonKey } });
    expect(legacy.status).toBe(200);
    expect(((await legacy.json()) as Echo).headers['authorization']).toBe(`Bearer ${stack.anonKey}`);
    const unknown = await fetch(`${functionsUrl}/echo`, { headers: { apikey: 'sb_publishable_not-the-right-one' } });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual({ msg: 'Invalid JWT' });
  });

  it('reaches a verify_jwt = false function with no headers at all', async () => {
    const res = await fetch(`${functionsUrl}/public-echo`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Echo;
    expect(body.method).toBe('POST');
    expect(body.headers['authorization']).toBeUndefined();
  });

  it('never checks the JWT of a preflight: OPTIONS reaches the function', async () => {
    const preflight = await fetch(`${functionsUrl}/public-echo`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:3000', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('x-preflight-answered-by')).toBe('public-echo');
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');

    const guarded = await fetch(`${functionsUrl}/echo`, { method: 'OPTIONS' });
    expect(guarded.status).toBe(200);
    expect(((await guarded.json()) as Echo).method).toBe('OPTIONS');
  });
});

describe('runtime failures', () => {
  it('answers 503 BOOT_ERROR when the module throws while loading', async () => {
    const res = await fetch(`${functionsUrl}/boom`, { headers: { Authorization: `Bearer ${stack.anonKey}` } });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ code: 'BOOT_ERROR', message: 'Worker failed to boot (please check logs)' });
  });

  it('answers 503 BOOT_ERROR when the module serves nothing', async () => {
    const res = await fetch(`${functionsUrl}/no-serve`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe('BOOT_ERROR');
  });

  it('answers 500 WORKER_ERROR when the worker dies mid-request, then boots a fresh one', async () => {
    const first = (await (await fetch(`${functionsUrl}/crash`)).json()) as { pid: number };
    const warm = (await (await fetch(`${functionsUrl}/crash`)).json()) as { pid: number };
    expect(warm.pid).toBe(first.pid);

    const crashed = await fetch(`${functionsUrl}/crash?exit`);
    expect(crashed.status).toBe(500);
    expect(await crashed.json()).toEqual({
      code: 'WORKER_ERROR',
      message: 'Function exited due to an error (please check logs)',
    });

    const next = await fetch(`${functionsUrl}/crash`);
    expect(next.status).toBe(200);
    expect(((await next.json()) as { pid: number }).pid).not.toBe(first.pid);
  });
});

describe('environment inside a function', () => {
  type EnvReport = {
    names: string[];
    values: Record<string, string | null>;
    rls: { service_role: number | null; anon: number | null; errors: unknown[] };
    edge_runtime: string;
  };
  let report: EnvReport;

  beforeAll(async () => {
    const { data, error } = await anon.functions.invoke<EnvReport>('env');
    expect(error).toBeNull();
    report = data as EnvReport;
  });

  it('points SUPABASE_URL at this gateway, which the function can reach', () => {
    expect(report.values['SUPABASE_URL']).toBe(stack.apiUrl);
    expect(report.rls.errors).toEqual([null, null]);
  });

  it('bypasses RLS with the service-role client and not with the anon one', () => {
    expect(report.rls.service_role).toBe(2);
    expect(report.rls.anon).toBe(0);
  });

  it('provides the keys and the database URL under their Supabase names', () => {
    expect(report.values['SUPABASE_ANON_KEY']).toBe(stack.anonKey);
    expect(report.values['SUPABASE_SERVICE_ROLE_KEY']).toBe(stack.serviceRoleKey);
    expect(report.values['SUPABASE_DB_URL']).toBe(stack.dbUrl);
    expect(JSON.parse(report.values['SUPABASE_SECRET_KEYS'] ?? '{}')).toEqual({ default: stack.secretKey });
    expect(JSON.parse(report.values['SUPABASE_SECRET_KEYS'] ?? '{}').default).toMatch(/^sb_secret_/);
    expect(JSON.parse(report.values['SUPABASE_PUBLISHABLE_KEYS'] ?? '{}')).toEqual({ default: stack.publishableKey });
    expect(JSON.parse(report.values['SUPABASE_JWKS'] ?? '{}')).toEqual({ keys: [] });
    expect(report.names).not.toContain('SUPABASE_PUBLISHABLE_KEY');
  });

  it('does not leak the gateway process environment', () => {
    const secrets = Object.keys(parseEnvFile(path.join(REPO_ROOT, 'edge-functions', '.env')));
    const leaked = report.names.filter(
      (name) =>
        !name.startsWith('SUPABASE_') &&
        !name.startsWith('DENO_') &&
        name !== 'PATH' &&
        name !== 'HOME' &&
        // The PWA's URL, for links in emails (set by the stack; a secret in production).
        name !== 'COMPTOIR_APP_URL' &&
        !secrets.includes(name),
    );
    expect(leaked).toEqual([]);
  });

  it('tells functions where the PWA is, for links in emails', () => {
    expect(report.names).toContain('COMPTOIR_APP_URL');
  });

  it('shims EdgeRuntime.waitUntil, and background work finishes after the reply', async () => {
    expect(report.edge_runtime).toBe('function');
    const tag = `background-${Date.now()}`;
    const res = await fetch(`${functionsUrl}/record`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.serviceRoleKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ tag, background: true }),
    });
    expect(res.status).toBe(202);
    const db = new pg.Client({ connectionString: stack.dbUrl });
    await db.connect();
    try {
      const role = await waitFor(async () => {
        const { rows } = await db.query<{ caller_role: string }>(
          'select caller_role from public.t_function_calls where tag = $1',
          [tag],
        );
        return rows[0]?.caller_role;
      }, 'the background insert');
      expect(role).toBe('service_role');
    } finally {
      await db.end();
    }
  });
});

describe('the health function (edge-functions/health)', () => {
  it('answers the database time and the user id for a signed-in user', async () => {
    const userJwt = mintUserJwt();
    const asUser = createClient(stack.apiUrl, stack.anonKey, { ...clientOptions, accessToken: async () => userJwt });
    const { data, error } = await asUser.functions.invoke<Record<string, unknown>>('health', { method: 'GET' });
    expect(error).toBeNull();
    expect(data).toMatchObject({ status: 'ok', user_id: USER_ID, role: 'authenticated', aal: 'aal1' });
    expect(data?.['database_time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  it('answers user_id null for the anon key', async () => {
    const { data, error } = await anon.functions.invoke<Record<string, unknown>>('health', { method: 'GET' });
    expect(error).toBeNull();
    expect(data).toMatchObject({ status: 'ok', user_id: null, role: 'anon' });
  });

  it('is refused by the gateway without Authorization', async () => {
    const res = await fetch(`${functionsUrl}/health`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ msg: 'Error: Missing authorization header' });
  });
});
