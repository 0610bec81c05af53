import assert from 'node:assert/strict';
import { createHandler } from './handler.ts';

function token(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature-checked-by-the-platform`;
}

const TIME = '2026-11-21T10:00:00.000000Z';
const ok = createHandler({ readDatabaseTime: () => Promise.resolve(TIME), log: () => {} });

Deno.test('answers the database time and the signed-in user id', async () => {
  const res = await ok(
    new Request('http://x/health', {
      headers: { Authorization: `Bearer ${token({ role: 'authenticated', sub: 'u-1', aal: 'aal1' })}` },
    }),
  );
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    status: 'ok',
    database_time: TIME,
    user_id: 'u-1',
    role: 'authenticated',
    aal: 'aal1',
  });
});

Deno.test('reports no user for the anon key', async () => {
  const res = await ok(
    new Request('http://x/health', { headers: { Authorization: `Bearer ${token({ role: 'anon' })}` } }),
  );
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.user_id, null);
  assert.equal(body.role, 'anon');
});

Deno.test('refuses a request without a bearer token with 401', async () => {
  const res = await ok(new Request('http://x/health'));
  assert.equal(res.status, 401);
  assert.equal((await res.json()).code, 'UNAUTHENTICATED');
});

Deno.test('answers 503 without internals when the database is down', async () => {
  const lines: string[] = [];
  const down = createHandler({
    readDatabaseTime: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432 password=secret')),
    log: (line) => lines.push(line),
  });
  const res = await down(
    new Request('http://x/health', { headers: { Authorization: `Bearer ${token({ role: 'anon' })}` } }),
  );
  assert.equal(res.status, 503);
  const text = await res.text();
  assert.ok(!text.includes('secret'));
  assert.equal(JSON.parse(text).code, 'UNAVAILABLE');
});

Deno.test('answers 405 to other methods and 204 to preflight', async () => {
  assert.equal((await ok(new Request('http://x/health', { method: 'DELETE' }))).status, 405);
  assert.equal((await ok(new Request('http://x/health', { method: 'OPTIONS' }))).status, 204);
});
