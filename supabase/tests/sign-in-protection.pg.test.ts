/**
 * Issue F2 sign-in protection, end to end on the test stack: the real auth server with the hooks
 * of supabase/config.toml (migrations 20261121222000_create_sign_in_protection.sql and
 * 20261121231000_harden_sign_in.sql) and the real `sign-in` edge function. Failed sign-ins are
 * limited to 5 per 15 minutes per account (on every path with the password hook; through the
 * function without it) and per IP (through the function). Each failure and each sign-in leaves
 * exactly one audit row; a lock leaves one row however many attempts it refuses. Waiting is never
 * done by sleeping: tests move recorded attempts back in time.
 *
 * Client addresses: the gateway overwrites `cf-connecting-ip` with the TCP peer, as Cloudflare
 * does, so tests act from different IPs by connecting from different loopback source addresses
 * (Linux routes all of 127.0.0.0/8). Each test uses its own accounts and addresses.
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createClient } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjectConfig, REPO_ROOT } from '../local/config.ts';
import { findCode, listMail, startAuthTestServer, type AuthTestServer } from '../local/gateway/auth/testing.ts';
import { createFunctionsService } from '../local/gateway/functions/service.ts';
import type { PrefixService } from '../local/gateway/server.ts';
import { connectAsSuperuser, queryAs } from '../local/test/pg-actor.ts';
import { getStack } from '../local/test/stack-info.ts';

const stack = getStack();
const PASSWORD = 'Comptoir-signin-2026';
const WRONG_PASSWORD = 'Wrong-password-2026';
const TOO_MANY = /^too_many_attempts retry_after=(\d+)$/;
/** First boot of a Deno worker compiles the function. */
const FUNCTION_TIMEOUT_MS = 90_000;
const db = new pg.Pool({ connectionString: stack.superuserUrl, max: 2 });

afterAll(async () => {
  await db.end();
});

let ipCounter = 0;
/** A fresh loopback source address (127.20.0.0/14, never the usual 127.0.0.1) per call. */
function createTestIp(): string {
  ipCounter += 1;
  return `127.${20 + (ipCounter >> 16)}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

type HttpReply = { status: number; body: Record<string, unknown>; headers: http.IncomingHttpHeaders };

/** POST with JSON, over a connection from `localAddress` (the address the gateway sees). */
function postFrom(localAddress: string, url: string, body: unknown, headers: Record<string, string> = {}) {
  return new Promise<HttpReply>((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      url,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: JSON.parse(text) as Record<string, unknown>,
            });
          } catch (error) {
            reject(new Error(`not JSON (${response.statusCode}): ${text.slice(0, 200)}`, { cause: error }));
          }
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function createTestClient(url = stack.apiUrl, headers: Record<string, string> = {}) {
  return createClient(url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers },
    realtime: { transport: WebSocket as never },
  });
}

async function createConfirmedUser(label: string): Promise<{ email: string; id: string }> {
  const email = `${label}-${randomUUID().slice(0, 12)}@example.test`;
  const response = await fetch(`${stack.apiUrl}/auth/v1/admin/users`, {
    method: 'POST',
    headers: { apikey: stack.serviceRoleKey, Authorization: `Bearer ${stack.serviceRoleKey}` },
    body: JSON.stringify({ email, password: PASSWORD, email_confirm: true }),
  });
  expect(response.status).toBe(200);
  const user = (await response.json()) as { id: string };
  return { email, id: user.id };
}

/** POST /functions/v1/sign-in as the PWA does (functions.invoke with the anon key), from `ip`. */
function signInThroughFunction(
  email: string,
  password: string,
  ip: string,
  options: { headers?: Record<string, string>; baseUrl?: string } = {},
): Promise<HttpReply> {
  return postFrom(
    ip,
    `${options.baseUrl ?? stack.apiUrl}/functions/v1/sign-in`,
    { email, password },
    { apikey: stack.anonKey, Authorization: `Bearer ${stack.anonKey}`, ...options.headers },
  );
}

async function signInDirectly(
  email: string,
  password: string,
  options: { url?: string; headers?: Record<string, string> } = {},
) {
  return createTestClient(options.url, options.headers).auth.signInWithPassword({ email, password });
}

type AuditRow = {
  action: string;
  tenant_id: string | null;
  actor_id: string | null;
  subject_user_id: string | null;
  details: Record<string, unknown>;
  ip: string | null;
};

async function listAuthAudit(userId: string): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `select action, tenant_id, actor_id, subject_user_id, details, host(ip) as ip
       from public.audit_log where subject_user_id = $1 and action like 'auth.%' order by id`,
    [userId],
  );
  return rows;
}

/** Audit rows as `action:reason-or-method`, the shape most assertions compare. */
function summarise(rows: readonly AuditRow[]): string[] {
  return rows.map((r) => `${r.action}:${String(r.details['reason'] ?? r.details['method'])}`);
}

/** Moves an account's recorded failures `minutes` into the past. */
async function ageAccountFailures(userId: string, minutes: number): Promise<void> {
  await db.query(
    `update private.account_sign_in_failures set failed_at = failed_at - make_interval(mins => $2) where user_id = $1`,
    [userId, minutes],
  );
}

async function ageIpAttempts(ip: string, minutes: number): Promise<void> {
  await db.query(
    `update private.ip_sign_in_attempts set created_at = created_at - make_interval(mins => $2) where ip = $1::inet`,
    [ip, minutes],
  );
}

async function readLockNotice(scope: 'account' | 'ip', subject: string) {
  const { rows } = await db.query<{ suppressed_refusals: number }>(
    'select suppressed_refusals from private.sign_in_lock_notices where scope = $1 and subject = $2',
    [scope, subject],
  );
  return rows[0];
}

async function countAccountFailures(userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from private.account_sign_in_failures where user_id = $1',
    [userId],
  );
  return rows[0]?.n ?? -1;
}

function readRetryAfter(message: unknown): number {
  const match = TOO_MANY.exec(typeof message === 'string' ? message : '');
  expect(match, `message: ${String(message)}`).not.toBeNull();
  return Number(match?.[1]);
}

describe('per-account limit (password_verification_attempt hook)', () => {
  it('refuses the 6th sign-in after 5 wrong passwords, even a correct one, with the wait in the message', async () => {
    const user = await createConfirmedUser('lock');
    for (let i = 0; i < 5; i += 1) {
      const { error } = await signInDirectly(user.email, WRONG_PASSWORD);
      expect(error?.status).toBe(400);
      expect(error?.code).toBe('invalid_credentials');
      expect(error?.message).toBe('Invalid login credentials');
    }
    const refused = await signInDirectly(user.email, PASSWORD);
    expect(refused.data.session).toBeNull();
    expect(refused.error?.status).toBe(400);
    expect(refused.error?.code).toBe('invalid_credentials');
    const wait = readRetryAfter(refused.error?.message);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);

    // Ten minutes later, the announced wait has shrunk accordingly and the account is still closed.
    await ageAccountFailures(user.id, 10);
    const stillRefused = await signInDirectly(user.email, PASSWORD);
    expect(readRetryAfter(stillRefused.error?.message)).toBeLessThanOrEqual(5 * 60);

    // Once the oldest failures leave the 15-minute window, the correct password works again.
    await ageAccountFailures(user.id, 5);
    const signedIn = await signInDirectly(user.email, PASSWORD);
    expect(signedIn.error).toBeNull();
    expect(signedIn.data.session?.user.id).toBe(user.id);

    const audit = await listAuthAudit(user.id);
    // One row for the lock, not one per refusal.
    expect(summarise(audit)).toEqual([
      ...Array<string>(5).fill('auth.sign_in_failed:invalid_password'),
      'auth.sign_in_failed:too_many_attempts',
      'auth.signed_in:password',
    ]);
    expect(audit[5]?.details).toMatchObject({ scope: 'account', retry_after_seconds: wait });
    expect(audit.every((r) => r.tenant_id === null && r.subject_user_id === user.id)).toBe(true);
    expect(audit.filter((r) => r.action === 'auth.sign_in_failed').every((r) => r.actor_id === null)).toBe(true);
    expect(audit.at(-1)?.actor_id).toBe(user.id);
    expect(await readLockNotice('account', user.id)).toEqual({ suppressed_refusals: 1 });
  });

  it('audits one row per lock however many attempts it refuses, and reports them with the next lock', async () => {
    const user = await createConfirmedUser('flood');
    for (let i = 0; i < 5; i += 1) await signInDirectly(user.email, `${WRONG_PASSWORD}-${i}`);
    for (let i = 0; i < 20; i += 1) {
      readRetryAfter((await signInDirectly(user.email, WRONG_PASSWORD)).error?.message);
    }
    expect(summarise(await listAuthAudit(user.id))).toEqual([
      ...Array<string>(5).fill('auth.sign_in_failed:invalid_password'),
      'auth.sign_in_failed:too_many_attempts',
    ]);
    expect(await readLockNotice('account', user.id)).toEqual({ suppressed_refusals: 19 });

    // The window passes (the lock notice with it), and the account is locked again.
    await ageAccountFailures(user.id, 15);
    await db.query(
      `update private.sign_in_lock_notices set locked_until = locked_until - interval '15 minutes'
        where scope = 'account' and subject = $1`,
      [user.id],
    );
    for (let i = 0; i < 6; i += 1) await signInDirectly(user.email, `${WRONG_PASSWORD}-again-${i}`);
    const audit = await listAuthAudit(user.id);
    expect(summarise(audit)).toEqual([
      ...Array<string>(5).fill('auth.sign_in_failed:invalid_password'),
      'auth.sign_in_failed:too_many_attempts',
      ...Array<string>(5).fill('auth.sign_in_failed:invalid_password'),
      'auth.sign_in_failed:too_many_attempts',
    ]);
    expect(audit.at(-1)?.details).toMatchObject({ scope: 'account', refused_during_previous_lock: 19 });
    expect(audit[5]?.details).not.toHaveProperty('refused_during_previous_lock');
  });

  it('does not count refused attempts, so guessing on cannot extend the wait', async () => {
    const user = await createConfirmedUser('nocount');
    for (let i = 0; i < 5; i += 1) await signInDirectly(user.email, WRONG_PASSWORD);
    for (let i = 0; i < 3; i += 1) await signInDirectly(user.email, WRONG_PASSWORD);
    expect(await countAccountFailures(user.id)).toBe(5);
    await ageAccountFailures(user.id, 15);
    expect((await signInDirectly(user.email, PASSWORD)).error).toBeNull();
  });

  it('a successful sign-in resets the account’s failure count', async () => {
    const user = await createConfirmedUser('reset');
    for (let i = 0; i < 4; i += 1) await signInDirectly(user.email, WRONG_PASSWORD);
    expect((await signInDirectly(user.email, PASSWORD)).error).toBeNull();
    expect(await countAccountFailures(user.id)).toBe(0);
    // Four more failures stay under the limit: without the reset they would make eight.
    for (let i = 0; i < 4; i += 1) await signInDirectly(user.email, WRONG_PASSWORD);
    expect((await signInDirectly(user.email, PASSWORD)).error).toBeNull();
  });

  it('counts parallel guesses one by one: 10 at once give 5 failures and 5 refusals', async () => {
    const user = await createConfirmedUser('parallel');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signInDirectly(user.email, `${WRONG_PASSWORD}-${i}`)),
    );
    const messages = results.map((r) => r.error?.message ?? '');
    expect(messages.filter((m) => m === 'Invalid login credentials')).toHaveLength(5);
    expect(messages.filter((m) => TOO_MANY.test(m))).toHaveLength(5);
  });

  it(
    'shares the account limit between the function and direct calls to the auth server',
    async () => {
      const user = await createConfirmedUser('shared');
      const ip = createTestIp();
      for (let i = 0; i < 3; i += 1) {
        expect((await signInThroughFunction(user.email, WRONG_PASSWORD, ip)).status).toBe(400);
      }
      for (let i = 0; i < 2; i += 1) await signInDirectly(user.email, WRONG_PASSWORD);
      // A fresh IP, so only the account limit can refuse; the function passes the refusal through.
      const refused = await signInThroughFunction(user.email, PASSWORD, createTestIp());
      expect(refused.status).toBe(400);
      expect(refused.body['code']).toBe('invalid_credentials');
      readRetryAfter(refused.body['message']);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it('locks passwords only: a magic-link code still signs the owner of a locked account in', async () => {
    const user = await createConfirmedUser('victim-otp');
    for (let i = 0; i < 5; i += 1) await signInDirectly(user.email, `${WRONG_PASSWORD}-${i}`);
    readRetryAfter((await signInDirectly(user.email, PASSWORD)).error?.message);

    const client = createTestClient();
    expect(
      (await client.auth.signInWithOtp({ email: user.email, options: { shouldCreateUser: false } })).error,
    ).toBeNull();
    const [mail] = await listMail(stack.apiUrl, user.email);
    const verified = await client.auth.verifyOtp({
      email: user.email,
      token: findCode(mail?.html ?? ''),
      type: 'email',
    });
    expect(verified.error).toBeNull();
    expect(verified.data.session?.user.id).toBe(user.id);
    // The password lock itself is untouched: it ends when its window does.
    readRetryAfter((await signInDirectly(user.email, PASSWORD)).error?.message);

    // Nor can the email path be used to flood that inbox: one email per kind per 60 s
    // (config.toml max_frequency, as hosted). Five seconds after the last one, a new one is refused.
    await db.query(`update auth.users set recovery_sent_at = now() - interval '5 seconds' where id = $1`, [user.id]);
    const again = await client.auth.signInWithOtp({ email: user.email, options: { shouldCreateUser: false } });
    expect(again.error?.status).toBe(429);
    expect(again.error?.code).toBe('over_email_send_rate_limit');
    expect(await listMail(stack.apiUrl, user.email)).toHaveLength(1);
  });

  it('keeps the client-written address GoTrue reports in details.reported_ip, never in the ip column', async () => {
    const user = await createConfirmedUser('reported');
    // GoTrue reads the left-most X-Forwarded-For entry, which the client writes itself.
    const spoofed = { 'X-Forwarded-For': '203.0.113.66' };
    expect((await signInDirectly(user.email, WRONG_PASSWORD, { headers: spoofed })).error?.code).toBe(
      'invalid_credentials',
    );
    expect((await signInDirectly(user.email, PASSWORD, { headers: spoofed })).error).toBeNull();
    for (let i = 0; i < 6; i += 1) await signInDirectly(user.email, WRONG_PASSWORD, { headers: spoofed });

    const audit = await listAuthAudit(user.id);
    expect(summarise(audit)).toEqual([
      'auth.sign_in_failed:invalid_password',
      'auth.signed_in:password',
      ...Array<string>(5).fill('auth.sign_in_failed:invalid_password'),
      'auth.sign_in_failed:too_many_attempts',
    ]);
    for (const row of audit) {
      expect(row.ip, JSON.stringify(row)).toBeNull();
      expect(row.details['reported_ip'], JSON.stringify(row)).toBe('203.0.113.66');
    }
  });
});

describe('per-account limit without the password hook (COMPTOIR_PASSWORD_HOOK=off)', () => {
  // Hosted plans below Team have no password hook: an auth server without it, and the real
  // sign-in function told so, serving /functions/v1 on a port of its own.
  let auth: AuthTestServer;
  let functions: PrefixService;
  let server: http.Server;
  let baseUrl = '';

  beforeAll(async () => {
    auth = await startAuthTestServer(stack, {
      hooks: { customAccessToken: 'pg-functions://postgres/public/hook_custom_access_token' },
    });
    functions = createFunctionsService({
      config: loadProjectConfig(),
      jwtSecret: stack.jwtSecret,
      apiUrl: auth.url,
      siteUrl: 'http://127.0.0.1:5173',
      dbUrl: stack.dbUrl,
      functionSecrets: { COMPTOIR_PASSWORD_HOOK: 'off' },
      functionsDirs: [path.join(REPO_ROOT, 'edge-functions')],
      isDev: false,
      log: () => {},
    });
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://local');
      functions.handle(req, res, url, url.pathname.slice('/functions/v1'.length)).catch(() => {
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await functions.close?.();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await auth.close();
  });

  const signIn = (email: string, password: string, ip: string) =>
    signInThroughFunction(email, password, ip, { baseUrl });

  it(
    'counts and audits wrong passwords itself, then refuses the account as GoTrue’s hook would',
    async () => {
      const user = await createConfirmedUser('nohook');
      const ips = Array.from({ length: 7 }, () => createTestIp());
      for (let i = 0; i < 5; i += 1) {
        const reply = await signIn(user.email, `${WRONG_PASSWORD}-${i}`, ips[i] ?? '');
        expect(reply.status).toBe(400);
        expect(reply.body).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
      }
      // A sixth address: only the account limit can refuse, and it does, correct password or not.
      const refused = await signIn(user.email, PASSWORD, ips[5] ?? '');
      expect(refused.status).toBe(400);
      expect(refused.headers['x-sb-error-code']).toBe('invalid_credentials');
      const wait = readRetryAfter(refused.body['message']);
      expect(refused.body).toEqual({ code: 'invalid_credentials', message: `too_many_attempts retry_after=${wait}` });
      expect((await signIn(user.email, PASSWORD, ips[6] ?? '')).status).toBe(400);

      const audit = await listAuthAudit(user.id);
      expect(summarise(audit)).toEqual([
        ...Array<string>(5).fill('auth.sign_in_failed:invalid_password'),
        'auth.sign_in_failed:too_many_attempts',
      ]);
      // Written by the function: the address the platform vouches for.
      expect(audit.map((r) => r.ip)).toEqual(ips.slice(0, 6));
      expect(audit[5]?.details).toMatchObject({ scope: 'account', retry_after_seconds: wait });

      // Once the window passes, the correct password signs in and clears the count.
      await ageAccountFailures(user.id, 15);
      const signedIn = await signIn(user.email, PASSWORD, createTestIp());
      expect(signedIn.status).toBe(200);
      expect((signedIn.body['user'] as { id: string }).id).toBe(user.id);
      expect(await countAccountFailures(user.id)).toBe(0);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it(
    'reserves attempts in flight: 10 parallel guesses from 10 addresses give 5 failures and 5 refusals',
    async () => {
      const user = await createConfirmedUser('nohook-parallel');
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) => signIn(user.email, `${WRONG_PASSWORD}-${i}`, createTestIp())),
      );
      const messages = replies.map((r) => String(r.body['message']));
      expect(messages.filter((m) => m === 'Invalid login credentials')).toHaveLength(5);
      expect(messages.filter((m) => TOO_MANY.test(m))).toHaveLength(5);
      expect(await countAccountFailures(user.id)).toBe(5);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it(
    'leaves direct calls to such an auth server unlimited per account (why the hook is preferred)',
    async () => {
      const user = await createConfirmedUser('nohook-direct');
      for (let i = 0; i < 5; i += 1) await signIn(user.email, `${WRONG_PASSWORD}-${i}`, createTestIp());
      readRetryAfter((await signIn(user.email, PASSWORD, createTestIp())).body['message']);
      const direct = await signInDirectly(user.email, PASSWORD, { url: auth.url });
      expect(direct.error).toBeNull();
    },
    FUNCTION_TIMEOUT_MS,
  );
});

describe('per-IP limit (sign-in edge function)', () => {
  it(
    'blocks an IP after 5 failures across 5 accounts, but not another IP',
    async () => {
      const users = await Promise.all([1, 2, 3, 4, 5].map((n) => createConfirmedUser(`ip${n}`)));
      const blockedIp = createTestIp();
      for (const user of users) {
        const reply = await signInThroughFunction(user.email, WRONG_PASSWORD, blockedIp);
        expect(reply.status).toBe(400);
        expect(reply.body).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
      }
      const first = users[0] ?? (await createConfirmedUser('never'));
      const refused = await signInThroughFunction(first.email, PASSWORD, blockedIp);
      expect(refused.status).toBe(429);
      expect(refused.body['code']).toBe('RATE_LIMITED');
      expect(refused.body['userMessage']).toBe('auth.errors.too_many_attempts');
      const wait = (refused.body['details'] as { retry_after_seconds: number }).retry_after_seconds;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(15 * 60);
      expect(refused.headers['retry-after']).toBe(String(wait));
      // Refused again, at another account: counted, not audited.
      expect((await signInThroughFunction(users[1]?.email ?? '', PASSWORD, blockedIp)).status).toBe(429);

      const otherIp = await signInThroughFunction(first.email, PASSWORD, createTestIp());
      expect(otherIp.status).toBe(200);
      expect(otherIp.body['access_token']).toEqual(expect.any(String));
      expect((otherIp.body['user'] as { id: string }).id).toBe(first.id);

      // The lock was audited once, against the account its first refusal targeted, with the
      // address the platform vouches for.
      const { rows: refusals } = await db.query<AuditRow>(
        `select action, tenant_id, actor_id, subject_user_id, details, host(ip) as ip from public.audit_log
          where details ->> 'scope' = 'ip' and ip = $1::inet`,
        [blockedIp],
      );
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toMatchObject({
        action: 'auth.sign_in_failed',
        subject_user_id: first.id,
        ip: blockedIp,
        details: { reason: 'too_many_attempts', scope: 'ip', retry_after_seconds: wait },
      });
      expect(await readLockNotice('ip', `${blockedIp}/32`)).toEqual({ suppressed_refusals: 1 });

      await ageIpAttempts(blockedIp, 15);
      const freed = await signInThroughFunction(users[1]?.email ?? '', PASSWORD, blockedIp);
      expect(freed.status).toBe(200);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it(
    'ignores the cf-connecting-ip and x-forwarded-for a client sends: rotating them does not help',
    async () => {
      const user = await createConfirmedUser('spoof');
      const ip = createTestIp();
      for (let i = 1; i <= 5; i += 1) {
        const reply = await signInThroughFunction(user.email, `${WRONG_PASSWORD}-${i}`, ip, {
          headers: { 'cf-connecting-ip': `198.51.100.${i}`, 'x-forwarded-for': `203.0.113.${i}` },
        });
        expect(reply.status).toBe(400);
      }
      const rotated = await signInThroughFunction(user.email, PASSWORD, ip, {
        headers: { 'cf-connecting-ip': '198.51.100.200', 'x-forwarded-for': '203.0.113.200, 192.0.2.1' },
      });
      expect(rotated.status).toBe(429);
      const { rows } = await db.query<{ ip: string }>(
        `select distinct host(a.ip) as ip from private.ip_sign_in_attempts a
          where a.ip <<= '198.51.100.0/24' or a.ip <<= '203.0.113.0/24' or a.ip = $1::inet`,
        [ip],
      );
      expect(rows).toEqual([{ ip }]);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it(
    'reserves attempts in flight: 10 parallel guesses from one IP let 5 reach the auth server',
    async () => {
      const users = await Promise.all(Array.from({ length: 10 }, (_, i) => createConfirmedUser(`flight${i}`)));
      const ip = createTestIp();
      const replies = await Promise.all(users.map((u) => signInThroughFunction(u.email, WRONG_PASSWORD, ip)));
      expect(replies.filter((r) => r.status === 400)).toHaveLength(5);
      expect(replies.filter((r) => r.status === 429)).toHaveLength(5);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it(
    'does not let a successful sign-in reset the IP counter',
    async () => {
      const victim = await createConfirmedUser('victim');
      const attacker = await createConfirmedUser('attacker');
      const ip = createTestIp();
      for (let i = 0; i < 4; i += 1) await signInThroughFunction(victim.email, `${WRONG_PASSWORD}-${i}`, ip);
      expect((await signInThroughFunction(attacker.email, PASSWORD, ip)).status).toBe(200);
      expect((await signInThroughFunction(victim.email, WRONG_PASSWORD, ip)).status).toBe(400);
      expect((await signInThroughFunction(victim.email, PASSWORD, ip)).status).toBe(429);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it('counts IPv6 clients per /64, so rotating addresses inside one prefix does not help', async () => {
    // No IPv6 source addresses to connect from here: the bookkeeping is called as the function does.
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:1`;
    const begin = async (ip: string) => {
      const { rows } = await db.query<{ result: { scope: string | null; ip_attempt_id: string | null } }>(
        `select private.begin_sign_in_attempt($1::inet, 'nobody@example.test', null, false) as result`,
        [ip],
      );
      return rows[0]?.result;
    };
    for (let i = 1; i <= 5; i += 1) {
      const started = await begin(`${prefix}::${i}`);
      expect(started?.scope).toBeNull();
      await db.query(
        `select private.finish_sign_in_attempt($1, null, $2::inet, 'nobody@example.test', null, 'invalid_credentials')`,
        [started?.ip_attempt_id, `${prefix}::${i}`],
      );
    }
    expect((await begin(`${prefix}:ffff:ffff:ffff:ffff`))?.scope).toBe('ip');
    expect((await begin(`${prefix.slice(0, -1)}2::1`))?.scope).toBeNull();
  });

  it('answers 400 INVALID_INPUT to a request without a password', async () => {
    const reply = await postFrom(
      createTestIp(),
      `${stack.apiUrl}/functions/v1/sign-in`,
      { email: 'someone@example.test' },
      { apikey: stack.anonKey },
    );
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      code: 'INVALID_INPUT',
      userMessage: 'errors.invalidInput',
      details: { fields: ['password'] },
    });
  });
});

describe('client IP as the platform vouches for it (gateway)', () => {
  it(
    'overwrites cf-connecting-ip with the peer and appends the peer to x-forwarded-for, for functions',
    async () => {
      const ip = createTestIp();
      const reply = await postFrom(
        ip,
        `${stack.apiUrl}/functions/v1/public-echo`,
        {},
        { 'cf-connecting-ip': '198.51.100.7', 'x-forwarded-for': '203.0.113.9' },
      );
      expect(reply.status).toBe(200);
      const headers = reply.body['headers'] as Record<string, string>;
      expect(headers['cf-connecting-ip']).toBe(ip);
      expect(headers['x-forwarded-for']).toBe(`203.0.113.9, ${ip}`);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it('gives RPCs the peer address: an audit row names it whatever the client wrote', async () => {
    const user = await createConfirmedUser('rest-ip');
    const { data } = await signInDirectly(user.email, PASSWORD);
    const token = data.session?.access_token ?? '';
    const ip = createTestIp();
    const tenantId = randomUUID();
    const reply = await postFrom(
      ip,
      `${stack.apiUrl}/rest/v1/rpc/create_tenant`,
      { p_id: tenantId, p_name: 'Atelier IP', p_vertical: 'garage' },
      {
        apikey: stack.anonKey,
        Authorization: `Bearer ${token}`,
        'cf-connecting-ip': '198.51.100.8',
        'x-forwarded-for': '203.0.113.10',
      },
    );
    expect(reply.status).toBe(200);
    const { rows } = await db.query<{ ip: string | null }>(
      `select host(ip) as ip from public.audit_log where tenant_id = $1 and actor_id = $2`,
      [tenantId, user.id],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.ip)).toEqual(rows.map(() => ip));
  });
});

describe('sign-in audit', () => {
  it(
    'leaves exactly one row per failure and per sign-in, through the function and directly',
    async () => {
      const user = await createConfirmedUser('audit');
      const ip = createTestIp();
      expect((await signInThroughFunction(user.email, WRONG_PASSWORD, ip)).status).toBe(400);
      expect((await signInThroughFunction(user.email, PASSWORD, ip)).status).toBe(200);
      expect((await signInDirectly(user.email, WRONG_PASSWORD)).error?.code).toBe('invalid_credentials');
      expect((await signInDirectly(user.email, PASSWORD)).error).toBeNull();

      const audit = await listAuthAudit(user.id);
      // Through the function, GoTrue reports the address the function forwarded; directly, the
      // gateway's peer (this test runs on 127.0.0.1). Neither is trusted for the ip column.
      expect(audit.map((r) => [r.action, r.details, r.ip])).toEqual([
        ['auth.sign_in_failed', { reason: 'invalid_password', reported_ip: ip }, null],
        ['auth.signed_in', { method: 'password', reported_ip: ip }, null],
        ['auth.sign_in_failed', { reason: 'invalid_password', reported_ip: '127.0.0.1' }, null],
        ['auth.signed_in', { method: 'password', reported_ip: '127.0.0.1' }, null],
      ]);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it(
    'audits a failure for an unknown email once, with a hash of the address instead of the address',
    async () => {
      const email = `Nobody-${randomUUID().slice(0, 12)}@Example.test`;
      const ip = createTestIp();
      const reply = await signInThroughFunction(email, WRONG_PASSWORD, ip);
      expect(reply.status).toBe(400);
      expect(reply.body['code']).toBe('invalid_credentials');

      const hash = createHash('sha256').update(email.toLowerCase()).digest('hex');
      const { rows } = await db.query<AuditRow>(
        `select action, tenant_id, actor_id, subject_user_id, details, host(ip) as ip
           from public.audit_log where details ->> 'email_sha256' = $1`,
        [hash],
      );
      expect(rows).toEqual([
        {
          action: 'auth.sign_in_failed',
          tenant_id: null,
          actor_id: null,
          subject_user_id: null,
          details: { reason: 'unknown_account', email_sha256: hash, email_domain: 'example.test' },
          ip,
        },
      ]);
      expect(JSON.stringify(rows[0]?.details).toLowerCase()).not.toContain(email.toLowerCase().split('@')[0]);
      // It counts against the IP like any wrong credential.
      const { rows: attempts } = await db.query<{ status: string }>(
        'select status from private.ip_sign_in_attempts where ip = $1::inet',
        [ip],
      );
      expect(attempts).toEqual([{ status: 'failed' }]);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it(
    'audits a refusal no hook sees (unconfirmed email) once, without counting it against the IP',
    async () => {
      const email = `unconfirmed-${randomUUID().slice(0, 12)}@example.test`;
      const created = await fetch(`${stack.apiUrl}/auth/v1/admin/users`, {
        method: 'POST',
        headers: { apikey: stack.serviceRoleKey, Authorization: `Bearer ${stack.serviceRoleKey}` },
        body: JSON.stringify({ email, password: PASSWORD, email_confirm: false }),
      });
      const { id } = (await created.json()) as { id: string };
      const ip = createTestIp();
      const reply = await signInThroughFunction(email, PASSWORD, ip);
      expect(reply.status).toBe(400);
      expect(reply.body['code']).toBe('email_not_confirmed');
      const audit = await listAuthAudit(id);
      expect(audit.map((r) => [r.action, r.details, r.ip])).toEqual([
        ['auth.sign_in_failed', { reason: 'email_not_confirmed' }, ip],
      ]);
      const { rows } = await db.query('select 1 from private.ip_sign_in_attempts where ip = $1::inet', [ip]);
      expect(rows).toHaveLength(0);
    },
    FUNCTION_TIMEOUT_MS,
  );

  it('audits a one-time-code sign-in once, and a token refresh not at all', async () => {
    const user = await createConfirmedUser('otp');
    const client = createTestClient();
    const sent = await client.auth.signInWithOtp({ email: user.email, options: { shouldCreateUser: false } });
    expect(sent.error).toBeNull();
    const [mail] = await listMail(stack.apiUrl, user.email);
    const verified = await client.auth.verifyOtp({
      email: user.email,
      token: findCode(mail?.html ?? ''),
      type: 'email',
    });
    expect(verified.error).toBeNull();
    const refreshed = await client.auth.refreshSession();
    expect(refreshed.error).toBeNull();

    const audit = await listAuthAudit(user.id);
    expect(audit.map((r) => [r.action, r.details, r.actor_id, r.ip])).toEqual([
      ['auth.signed_in', { method: 'otp', reported_ip: '127.0.0.1' }, user.id, null],
    ]);
  });
});

describe('hook and bookkeeping functions', () => {
  it('cannot be executed by anon, authenticated or service_role', async () => {
    const client = await connectAsSuperuser(stack.superuserUrl);
    try {
      const actors = [{ kind: 'anon' }, { kind: 'user', id: randomUUID() }, { kind: 'service_role' }] as const;
      const statements = [
        `select public.hook_password_verification_attempt('{"user_id":"${randomUUID()}","valid":true}')`,
        `select public.hook_custom_access_token('{"claims":{}}')`,
        `select private.begin_sign_in_attempt('192.0.2.1', 'a@b.c', null, true)`,
        `select private.finish_sign_in_attempt(null, null, '192.0.2.1', 'a@b.c', null, 'succeeded')`,
        `select private.claim_sign_in_lock_notice('ip', '192.0.2.1/32', 60)`,
      ];
      for (const actor of actors) {
        for (const sql of statements) {
          const result = await queryAs(client, actor, sql);
          expect(result.ok, `${actor.kind}: ${sql}`).toBe(false);
          expect(result.ok ? '' : result.code, `${actor.kind}: ${sql}`).toBe('42501');
        }
      }
    } finally {
      await client.end();
    }
  });

  it('keep their tables out of reach of every API role', async () => {
    const { rows } = await db.query<{ grantee: string; tbl: string; privilege: string }>(
      `select r.rolname as grantee, t.tbl, p.privilege
         from unnest(array['private.sign_in_lock_notices', 'private.account_sign_in_failures',
                           'private.ip_sign_in_attempts']) t(tbl)
        cross join unnest(array['anon', 'authenticated', 'service_role']) r(rolname)
        cross join unnest(array['select', 'insert', 'update', 'delete']) p(privilege)
        where has_table_privilege(r.rolname, t.tbl, p.privilege)`,
    );
    expect(rows).toEqual([]);
  });

  it('are executable by the auth server’s role', async () => {
    const { rows } = await db.query<{ fn: string; allowed: boolean }>(
      `select p as fn, has_function_privilege('supabase_auth_admin', p, 'execute') as allowed
         from unnest(array['public.hook_password_verification_attempt(jsonb)',
                           'public.hook_custom_access_token(jsonb)']) p`,
    );
    expect(rows.every((r) => r.allowed)).toBe(true);
  });
});
