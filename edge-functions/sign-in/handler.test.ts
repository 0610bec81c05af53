import assert from 'node:assert/strict';
import { parseIpAddress, readClientIp } from '../_shared/client-ip.ts';
import type {
  AttemptContext,
  AttemptStart,
  AttemptTicket,
  PasswordGrantReply,
  PasswordGrantRequest,
  SignInDeps,
} from './handler.ts';
import { createHandler, readGoTrueErrorCode, readPasswordHookSetting } from './handler.ts';

type Begun = AttemptContext & { enforceAccountLimit: boolean };
type Finished = AttemptContext & { ticket: AttemptTicket; outcome: string };

const TICKET: AttemptTicket = { ipAttemptId: '42', accountAttemptId: null };

type Fake = {
  deps: SignInDeps;
  begun: Begun[];
  finished: Finished[];
  grants: PasswordGrantRequest[];
  logs: string[];
};

const SESSION = {
  access_token: 'header.payload.signature',
  token_type: 'bearer',
  expires_in: 3600,
  expires_at: 1_900_000_000,
  refresh_token: 'refresh-1',
  user: { id: 'u-1', email: 'marc@example.test' },
};

function createFake(
  options: {
    start?: AttemptStart | Error;
    reply?: PasswordGrantReply | Error;
    finishError?: Error;
    isPasswordHookEnabled?: boolean;
  } = {},
): Fake {
  const fake: Fake = { begun: [], finished: [], grants: [], logs: [], deps: undefined as never };
  fake.deps = {
    beginAttempt(context) {
      fake.begun.push(context);
      const start = options.start ?? { kind: 'admitted', ticket: TICKET };
      return start instanceof Error ? Promise.reject(start) : Promise.resolve(start);
    },
    finishAttempt(context) {
      fake.finished.push(context);
      return options.finishError ? Promise.reject(options.finishError) : Promise.resolve();
    },
    requestPasswordGrant(request) {
      fake.grants.push(request);
      const reply = options.reply ?? { status: 200, body: SESSION, errorCodeHeader: null };
      return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
    },
    isPasswordHookEnabled: options.isPasswordHookEnabled ?? true,
    log: (line) => fake.logs.push(line),
  };
  return fake;
}

function post(body: string, headers: Record<string, string> = {}): Request {
  return new Request('http://x/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.7', ...headers },
    body,
  });
}

const CREDENTIALS = JSON.stringify({ email: 'marc@example.test', password: 'Comptoir-demo-2026' });

Deno.test('answers 400 INVALID_INPUT to a body that is not JSON, without calling anything', async () => {
  const fake = createFake();
  const res = await createHandler(fake.deps)(post('{not json'));
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    code: 'INVALID_INPUT',
    userMessage: 'errors.invalidInput',
    details: { reason: 'invalid_json' },
  });
  assert.equal(fake.begun.length, 0);
  assert.equal(fake.grants.length, 0);
});

Deno.test('answers 400 naming missing or mistyped fields', async () => {
  const fake = createFake();
  const handle = createHandler(fake.deps);
  const missing = await handle(post(JSON.stringify({ email: 'marc@example.test' })));
  assert.equal(missing.status, 400);
  assert.deepEqual((await missing.json()).details, { fields: ['password'] });
  const mistyped = await handle(post(JSON.stringify({ email: 42, password: ['x'] })));
  assert.equal(mistyped.status, 400);
  assert.deepEqual((await mistyped.json()).details, { fields: ['email', 'password'] });
  const array = await handle(post('[]'));
  assert.equal(array.status, 400);
  assert.deepEqual((await array.json()).details, { reason: 'invalid_json' });
  const huge = await handle(post(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(10_000) })));
  assert.equal(huge.status, 400);
  assert.equal(fake.grants.length, 0);
});

Deno.test('refuses an IP over the limit with 429, the wait in seconds and Retry-After', async () => {
  const fake = createFake({ start: { kind: 'refused', scope: 'ip', retryAfterSeconds: 840 } });
  const res = await createHandler(fake.deps)(post(CREDENTIALS, { 'cf-connecting-ip': '198.51.100.9' }));
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '840');
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.deepEqual(await res.json(), {
    code: 'RATE_LIMITED',
    userMessage: 'auth.errors.too_many_attempts',
    details: { retry_after_seconds: 840 },
  });
  assert.deepEqual(fake.begun, [
    { ip: '198.51.100.9', email: 'marc@example.test', userAgent: null, enforceAccountLimit: false },
  ]);
  assert.equal(fake.grants.length, 0, 'GoTrue is not asked once the IP is refused');
  assert.equal(fake.finished.length, 0);
});

Deno.test('returns GoTrue’s session as is and settles the attempt as succeeded', async () => {
  const fake = createFake();
  const res = await createHandler(fake.deps)(post(CREDENTIALS, { 'user-agent': 'Comptoir-test/1' }));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), SESSION);
  assert.deepEqual(fake.grants, [
    {
      email: 'marc@example.test',
      password: 'Comptoir-demo-2026',
      clientIp: '203.0.113.7',
      userAgent: 'Comptoir-test/1',
    },
  ]);
  assert.deepEqual(fake.finished, [
    {
      ip: '203.0.113.7',
      email: 'marc@example.test',
      userAgent: 'Comptoir-test/1',
      ticket: TICKET,
      outcome: 'succeeded',
    },
  ]);
});

Deno.test('passes GoTrue’s error through with its status and records its code', async () => {
  const body = { code: 'invalid_credentials', message: 'too_many_attempts retry_after=600' };
  const fake = createFake({ reply: { status: 400, body, errorCodeHeader: 'invalid_credentials' } });
  const res = await createHandler(fake.deps)(post(CREDENTIALS));
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), body);
  assert.equal(fake.finished[0]?.outcome, 'invalid_credentials');

  const banned = createFake({
    reply: { status: 400, body: { code: 'user_banned', message: 'User is banned' }, errorCodeHeader: null },
  });
  const bannedRes = await createHandler(banned.deps)(post(CREDENTIALS));
  assert.equal(bannedRes.status, 400);
  assert.equal(banned.finished[0]?.outcome, 'user_banned');

  const throttled = createFake({ reply: { status: 429, body: { message: 'slow down' }, errorCodeHeader: null } });
  const throttledRes = await createHandler(throttled.deps)(post(CREDENTIALS));
  assert.equal(throttledRes.status, 429);
  assert.deepEqual(await throttledRes.json(), { message: 'slow down' });
  assert.equal(throttled.finished[0]?.outcome, 'http_429');
});

Deno.test('keeps GoTrue’s status when its body is not JSON', async () => {
  const fake = createFake({ reply: { status: 502, body: null, errorCodeHeader: null } });
  const res = await createHandler(fake.deps)(post(CREDENTIALS));
  assert.equal(res.status, 502);
  assert.equal((await res.json()).code, 'unexpected_failure');
});

Deno.test('still returns GoTrue’s answer when settling the attempt fails, and logs it', async () => {
  const fake = createFake({ finishError: new Error('connection reset') });
  const res = await createHandler(fake.deps)(post(CREDENTIALS));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), SESSION);
  assert.ok(fake.logs.some((line) => line.includes('connection reset')));
});

Deno.test('answers 503 without internals when the bookkeeping or GoTrue is unreachable', async () => {
  const down = createFake({ start: new Error('connect ECONNREFUSED password=secret') });
  const res = await createHandler(down.deps)(post(CREDENTIALS));
  assert.equal(res.status, 503);
  const text = await res.text();
  assert.ok(!text.includes('secret'));
  assert.equal(JSON.parse(text).code, 'UNAVAILABLE');
  assert.equal(down.grants.length, 0);

  const unreachable = createFake({ reply: new TypeError('fetch failed') });
  const res2 = await createHandler(unreachable.deps)(post(CREDENTIALS));
  assert.equal(res2.status, 503);
  assert.equal(unreachable.finished[0]?.outcome, 'abandoned', 'the reserved attempt is released');
});

Deno.test('answers 405 to other methods and 204 to a CORS preflight', async () => {
  const handle = createHandler(createFake().deps);
  const get = await handle(new Request('http://x/sign-in'));
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
  const preflight = await handle(new Request('http://x/sign-in', { method: 'OPTIONS' }));
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
});

Deno.test('reads GoTrue error codes from the header, the current body or the legacy body', () => {
  assert.equal(readGoTrueErrorCode({ status: 400, body: {}, errorCodeHeader: 'user_banned' }), 'user_banned');
  assert.equal(
    readGoTrueErrorCode({ status: 400, body: { code: 'email_not_confirmed' }, errorCodeHeader: null }),
    'email_not_confirmed',
  );
  assert.equal(
    readGoTrueErrorCode({ status: 400, body: { code: 400, error_code: 'invalid_credentials' }, errorCodeHeader: null }),
    'invalid_credentials',
  );
  assert.equal(readGoTrueErrorCode({ status: 500, body: null, errorCodeHeader: null }), null);
});

Deno.test('trusts cf-connecting-ip only, and the right-most x-forwarded-for entry only when it is absent', () => {
  const read = (headers: Record<string, string>) => readClientIp(new Headers(headers));
  assert.deepEqual(read({ 'cf-connecting-ip': '198.51.100.9', 'x-forwarded-for': '203.0.113.7' }), {
    address: '198.51.100.9',
    source: 'cf-connecting-ip',
  });
  assert.deepEqual(read({ 'x-forwarded-for': '10.0.0.1, 6.6.6.6, 203.0.113.7' }), {
    address: '203.0.113.7',
    source: 'x-forwarded-for',
  });
  assert.equal(read({ 'x-forwarded-for': '203.0.113.7' }).address, '203.0.113.7');
  // A spoofed left part cannot choose the address; a garbled right-most entry gives none.
  assert.equal(read({ 'x-forwarded-for': '1.2.3.4, not-an-ip' }).address, null);
  // A present but unreadable cf-connecting-ip is not an invitation to trust x-forwarded-for.
  assert.deepEqual(read({ 'cf-connecting-ip': 'garbage', 'x-forwarded-for': '203.0.113.7' }), {
    address: null,
    source: 'cf-connecting-ip',
  });
  assert.deepEqual(read({}), { address: null, source: null });
});

Deno.test('logs when the IP comes from x-forwarded-for instead of cf-connecting-ip', async () => {
  const fake = createFake();
  const res = await createHandler(fake.deps)(
    new Request('http://x/sign-in', {
      method: 'POST',
      headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' },
      body: CREDENTIALS,
    }),
  );
  assert.equal(res.status, 200);
  assert.equal(fake.begun[0]?.ip, '203.0.113.7');
  assert.ok(fake.logs.some((line) => line.includes('no cf-connecting-ip')));

  const trusted = createFake();
  await createHandler(trusted.deps)(post(CREDENTIALS, { 'x-forwarded-for': '6.6.6.6' }));
  assert.equal(trusted.begun[0]?.ip, '203.0.113.7');
  assert.deepEqual(trusted.logs, []);
});

Deno.test('with the password hook (default), leaves the account limit to it', async () => {
  assert.equal(readPasswordHookSetting(undefined), true);
  assert.equal(readPasswordHookSetting('on'), true);
  assert.equal(readPasswordHookSetting(' OFF '), false);
  const fake = createFake();
  await createHandler(fake.deps)(post(CREDENTIALS));
  assert.equal(fake.begun[0]?.enforceAccountLimit, false);
});

Deno.test('without the password hook, enforces the account limit and refuses as GoTrue would', async () => {
  const fake = createFake({
    isPasswordHookEnabled: false,
    start: { kind: 'refused', scope: 'account', retryAfterSeconds: 600 },
  });
  const res = await createHandler(fake.deps)(post(CREDENTIALS));
  assert.equal(fake.begun[0]?.enforceAccountLimit, true);
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('x-sb-error-code'), 'invalid_credentials');
  assert.deepEqual(await res.json(), { code: 'invalid_credentials', message: 'too_many_attempts retry_after=600' });
  assert.equal(fake.grants.length, 0, 'a locked account never reaches GoTrue');
  assert.equal(fake.finished.length, 0);

  const admitted = createFake({
    isPasswordHookEnabled: false,
    start: { kind: 'admitted', ticket: { ipAttemptId: '7', accountAttemptId: '8' } },
    reply: {
      status: 400,
      body: { code: 'invalid_credentials', message: 'Invalid login credentials' },
      errorCodeHeader: null,
    },
  });
  const failed = await createHandler(admitted.deps)(post(CREDENTIALS));
  assert.equal(failed.status, 400);
  assert.deepEqual(admitted.finished[0]?.ticket, { ipAttemptId: '7', accountAttemptId: '8' });
  assert.equal(admitted.finished[0]?.outcome, 'invalid_credentials');
});

Deno.test('normalises addresses and rejects what is not one', () => {
  assert.equal(parseIpAddress(' 203.0.113.7 '), '203.0.113.7');
  assert.equal(parseIpAddress('203.0.113.7:51234'), '203.0.113.7');
  assert.equal(parseIpAddress('2001:DB8:0:0::1'), '2001:db8::1');
  assert.equal(parseIpAddress('[2001:db8::1]:443'), '2001:db8::1');
  assert.equal(parseIpAddress('::ffff:192.0.2.1'), '192.0.2.1');
  assert.equal(parseIpAddress('::1'), '::1');
  assert.equal(parseIpAddress('256.1.1.1'), null);
  assert.equal(parseIpAddress('1.2.3'), null);
  assert.equal(parseIpAddress('example.com'), null);
  assert.equal(parseIpAddress('2001:db8::1::2'), null);
  assert.equal(parseIpAddress('fe80::1%eth0'), null);
  assert.equal(parseIpAddress(''), null);
  assert.equal(parseIpAddress(null), null);
  assert.equal(parseIpAddress('1'.repeat(100)), null);
});

Deno.test('still signs in without a readable client IP, logging that the IP limit was skipped', async () => {
  const fake = createFake();
  const res = await createHandler(fake.deps)(
    new Request('http://x/sign-in', { method: 'POST', body: CREDENTIALS }),
  );
  assert.equal(res.status, 200);
  assert.equal(fake.begun[0]?.ip, null);
  assert.ok(fake.logs.some((line) => line.includes('per-IP limit skipped')));

  const garbled = createFake();
  await createHandler(garbled.deps)(post(CREDENTIALS, { 'cf-connecting-ip': 'not-an-ip' }));
  assert.equal(garbled.begun[0]?.ip, null);
  assert.ok(garbled.logs.some((line) => line.includes('per-IP limit skipped')));
});
