/**
 * Issue F2 sign-in protection, end to end on the test stack: the real auth server with the hooks
 * of supabase/config.toml (migration 20261121222000_create_sign_in_protection.sql) and the real
 * `sign-in` edge function. Failed sign-ins are limited to 5 per 15 minutes per account (on every
 * path) and per IP (through the function); each failure and each sign-in leaves exactly one
 * audit row. Waiting is never done by sleeping: tests move recorded attempts back in time.
 * Each test uses its own accounts and its own `cf-connecting-ip`, so counters never collide.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { findCode, listMail } from '../local/gateway/auth/testing.ts';
import { connectAsSuperuser, queryAs } from '../local/test/pg-actor.ts';
import { getStack } from '../local/test/stack-info.ts';

const stack = getStack();
const PASSWORD = 'Comptoir-signin-2026';
const WRONG_PASSWORD = 'Wrong-password-2026';
const db = new pg.Pool({ connectionString: stack.superuserUrl, max: 2 });

afterAll(async () => {
  await db.end();
});

let ipCounter = 0;
/** A fresh client address (198.18.0.0/15, reserved for tests) per call. */
function createTestIp(): string {
  ipCounter += 1;
  return `198.18.${ipCounter >> 8}.${ipCounter & 255}`;
}

function createTestClient() {
  return createClient(stack.apiUrl, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
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

type FunctionReply = { status: number; body: Record<string, unknown>; headers: Headers };

/** POST /functions/v1/sign-in as the PWA does (functions.invoke with the anon key). */
async function signInThroughFunction(email: string, password: string, ip: string): Promise<FunctionReply> {
  const response = await fetch(`${stack.apiUrl}/functions/v1/sign-in`, {
    method: 'POST',
    headers: {
      apikey: stack.anonKey,
      Authorization: `Bearer ${stack.anonKey}`,
      'Content-Type': 'application/json',
      'cf-connecting-ip': ip,
    },
    body: JSON.stringify({ email, password }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

async function signInDirectly(email: string, password: string) {
  return createTestClient().auth.signInWithPassword({ email, password });
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

function readRetryAfter(message: string | undefined): number {
  const match = /^too_many_attempts retry_after=(\d+)$/.exec(message ?? '');
  expect(match, `message: ${message}`).not.toBeNull();
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
    expect(audit.map((r) => `${r.action}:${String(r.details['reason'] ?? r.details['method'])}`)).toEqual([
      ...Array<string>(5).fill('auth.sign_in_failed:invalid_password'),
      'auth.sign_in_failed:too_many_attempts',
      'auth.sign_in_failed:too_many_attempts',
      'auth.signed_in:password',
    ]);
    expect(audit[5]?.details).toMatchObject({ scope: 'account' });
    expect(audit.every((r) => r.tenant_id === null && r.subject_user_id === user.id)).toBe(true);
    expect(audit.filter((r) => r.action === 'auth.sign_in_failed').every((r) => r.actor_id === null)).toBe(true);
    expect(audit.at(-1)?.actor_id).toBe(user.id);
  });

  it('does not count refused attempts, so guessing on cannot extend the wait', async () => {
    const user = await createConfirmedUser('nocount');
    for (let i = 0; i < 5; i += 1) await signInDirectly(user.email, WRONG_PASSWORD);
    for (let i = 0; i < 3; i += 1) await signInDirectly(user.email, WRONG_PASSWORD);
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from private.account_sign_in_failures where user_id = $1',
      [user.id],
    );
    expect(rows[0]?.n).toBe(5);
    await ageAccountFailures(user.id, 15);
    expect((await signInDirectly(user.email, PASSWORD)).error).toBeNull();
  });

  it('a successful sign-in resets the account’s failure count', async () => {
    const user = await createConfirmedUser('reset');
    for (let i = 0; i < 4; i += 1) await signInDirectly(user.email, WRONG_PASSWORD);
    expect((await signInDirectly(user.email, PASSWORD)).error).toBeNull();
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from private.account_sign_in_failures where user_id = $1',
      [user.id],
    );
    expect(rows[0]?.n).toBe(0);
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
    expect(messages.filter((m) => m.startsWith('too_many_attempts retry_after='))).toHaveLength(5);
  });

  it('shares the account limit between the function and direct calls to the auth server', async () => {
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
    readRetryAfter(String(refused.body['message']));
  });
});

describe('per-IP limit (sign-in edge function)', () => {
  it('blocks an IP after 5 failures across 5 accounts, but not another IP', async () => {
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
    expect(refused.headers.get('retry-after')).toBe(String(wait));

    const otherIp = await signInThroughFunction(first.email, PASSWORD, createTestIp());
    expect(otherIp.status).toBe(200);
    expect(otherIp.body['access_token']).toEqual(expect.any(String));
    expect((otherIp.body['user'] as { id: string }).id).toBe(first.id);

    // The refusal was audited once, against the account it targeted, with the client's address.
    const refusals = (await listAuthAudit(first.id)).filter((r) => r.details['scope'] === 'ip');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({
      action: 'auth.sign_in_failed',
      ip: blockedIp,
      details: { reason: 'too_many_attempts', scope: 'ip', retry_after_seconds: wait },
    });

    await ageIpAttempts(blockedIp, 15);
    const freed = await signInThroughFunction(users[1]?.email ?? '', PASSWORD, blockedIp);
    expect(freed.status).toBe(200);
  });

  it('reserves attempts in flight: 10 parallel guesses from one IP let 5 reach the auth server', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, (_, i) => createConfirmedUser(`flight${i}`)));
    const ip = createTestIp();
    const replies = await Promise.all(users.map((u) => signInThroughFunction(u.email, WRONG_PASSWORD, ip)));
    expect(replies.filter((r) => r.status === 400)).toHaveLength(5);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(5);
  });

  it('does not let a successful sign-in reset the IP counter', async () => {
    const victim = await createConfirmedUser('victim');
    const attacker = await createConfirmedUser('attacker');
    const ip = createTestIp();
    for (let i = 0; i < 4; i += 1) await signInThroughFunction(victim.email, `${WRONG_PASSWORD}-${i}`, ip);
    expect((await signInThroughFunction(attacker.email, PASSWORD, ip)).status).toBe(200);
    expect((await signInThroughFunction(victim.email, WRONG_PASSWORD, ip)).status).toBe(400);
    expect((await signInThroughFunction(victim.email, PASSWORD, ip)).status).toBe(429);
  });

  it('counts IPv6 clients per /64, so rotating addresses inside one prefix does not help', async () => {
    const user = await createConfirmedUser('ipv6');
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:1`;
    for (let i = 1; i <= 5; i += 1) {
      expect((await signInThroughFunction(user.email, `${WRONG_PASSWORD}-${i}`, `${prefix}::${i}`)).status).toBe(400);
    }
    const rotated = await signInThroughFunction(user.email, WRONG_PASSWORD, `${prefix}:ffff:ffff:ffff:ffff`);
    expect(rotated.status).toBe(429);
    // The account has 5 failures too: another prefix gets past the IP limit, then meets the account's.
    const otherPrefix = await signInThroughFunction(user.email, PASSWORD, `${prefix.slice(0, -1)}2::1`);
    expect(otherPrefix.status).toBe(400);
    readRetryAfter(String(otherPrefix.body['message']));
  });

  it('answers 400 INVALID_INPUT to a request without a password', async () => {
    const response = await fetch(`${stack.apiUrl}/functions/v1/sign-in`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, 'Content-Type': 'application/json', 'cf-connecting-ip': createTestIp() },
      body: JSON.stringify({ email: 'someone@example.test' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'INVALID_INPUT',
      userMessage: 'errors.invalidInput',
      details: { fields: ['password'] },
    });
  });
});

describe('sign-in audit', () => {
  it('leaves exactly one row per failure and per sign-in, through the function and directly', async () => {
    const user = await createConfirmedUser('audit');
    const ip = createTestIp();
    expect((await signInThroughFunction(user.email, WRONG_PASSWORD, ip)).status).toBe(400);
    expect((await signInThroughFunction(user.email, PASSWORD, ip)).status).toBe(200);
    expect((await signInDirectly(user.email, WRONG_PASSWORD)).error?.code).toBe('invalid_credentials');
    expect((await signInDirectly(user.email, PASSWORD)).error).toBeNull();

    const audit = await listAuthAudit(user.id);
    expect(audit.map((r) => [r.action, r.details])).toEqual([
      ['auth.sign_in_failed', { reason: 'invalid_password' }],
      ['auth.signed_in', { method: 'password' }],
      ['auth.sign_in_failed', { reason: 'invalid_password' }],
      ['auth.signed_in', { method: 'password' }],
    ]);
    // Through the function, the hooks' rows carry the client's address, not the function's.
    expect(audit[0]?.ip).toBe(ip);
    expect(audit[1]?.ip).toBe(ip);
  });

  it('audits a failure for an unknown email once, with a hash of the address instead of the address', async () => {
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
  });

  it('audits a refusal no hook sees (unconfirmed email) once, without counting it against the IP', async () => {
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
    expect(audit.map((r) => [r.action, r.details])).toEqual([
      ['auth.sign_in_failed', { reason: 'email_not_confirmed' }],
    ]);
    const { rows } = await db.query('select 1 from private.ip_sign_in_attempts where ip = $1::inet', [ip]);
    expect(rows).toHaveLength(0);
  });

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
    expect(audit.map((r) => [r.action, r.details, r.actor_id])).toEqual([
      ['auth.signed_in', { method: 'otp' }, user.id],
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
        `select private.begin_sign_in_attempt('192.0.2.1', 'a@b.c', null)`,
        `select private.finish_sign_in_attempt(null, '192.0.2.1', 'a@b.c', null, 'succeeded')`,
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

  it('are executable by the auth server’s role', async () => {
    const { rows } = await db.query<{ fn: string; allowed: boolean }>(
      `select p as fn, has_function_privilege('supabase_auth_admin', p, 'execute') as allowed
         from unnest(array['public.hook_password_verification_attempt(jsonb)',
                           'public.hook_custom_access_token(jsonb)']) p`,
    );
    expect(rows.every((r) => r.allowed)).toBe(true);
  });
});
