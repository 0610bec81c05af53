/**
 * Supabase Auth Hooks (pg-functions) as GoTrue runs them: input shapes, honoured outputs,
 * refusals and failures. Each test runs a private auth service whose settings point at the hook
 * functions of test/fixtures/20-auth.sql, against the test stack's database.
 */
import { createClient } from '@supabase/supabase-js';
import { Secret, TOTP } from 'otpauth';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJwtUnsafe } from '../jwt.ts';
import { getStack } from '../../test/stack-info.ts';
import type { AuthHooks } from './settings.ts';
import { createRandomEmail, startAuthTestServer, type AuthTestServer } from './testing.ts';

const stack = getStack();
const PASSWORD = 'Comptoir-hooks-2026';
const db = new pg.Pool({ connectionString: stack.superuserUrl, max: 2 });

afterAll(async () => {
  await db.end();
});

function hookUri(fn: string): string {
  return `pg-functions://postgres/public/${fn}`;
}

function createTestClient(url: string) {
  return createClient(url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  });
}

async function runWithHooks(hooks: AuthHooks, run: (server: AuthTestServer) => Promise<void>): Promise<void> {
  const server = await startAuthTestServer(stack, { hooks });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

/** A confirmed user created through the main stack's admin API. */
async function createConfirmedUser(label: string): Promise<{ email: string; id: string }> {
  const email = createRandomEmail(label);
  const response = await fetch(`${stack.apiUrl}/auth/v1/admin/users`, {
    method: 'POST',
    headers: { apikey: stack.serviceRoleKey, Authorization: `Bearer ${stack.serviceRoleKey}` },
    body: JSON.stringify({ email, password: PASSWORD, email_confirm: true }),
  });
  const user = (await response.json()) as { id: string };
  return { email, id: user.id };
}

async function listHookEvents(hook: string, userId: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<{ event: Record<string, unknown> }>(
    `select event from public.t_auth_hook_calls
      where hook = $1 and (event ->> 'user_id' = $2 or event -> 'user' ->> 'email' = $2) order by called_at`,
    [hook, userId],
  );
  return rows.map((r) => r.event);
}

describe('custom_access_token hook', () => {
  it('receives GoTrue’s input and its added claims are signed into the access token', async () => {
    await runWithHooks({ customAccessToken: hookUri('t_auth_custom_claims_hook') }, async (server) => {
      const { email, id } = await createConfirmedUser('claims');
      const client = createTestClient(server.url);
      const { data, error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
      expect(error).toBeNull();
      const claims = decodeJwtUnsafe(data.session?.access_token ?? '') ?? {};
      expect(claims['tenant_id']).toBe(`tenant-${id.slice(0, 8)}`);
      expect(claims['app_metadata']).toMatchObject({ provider: 'email', tenant_role: 'owner' });
      expect(claims).toMatchObject({ sub: id, aud: 'authenticated', role: 'authenticated', aal: 'aal1', email });

      const [event] = await listHookEvents('custom_access_token', id);
      expect(event).toMatchObject({
        user_id: id,
        authentication_method: 'password',
        metadata: { name: 'customize-access-token', uuid: expect.any(String), time: expect.any(String) },
        claims: {
          iss: `${server.url}/auth/v1`,
          sub: id,
          aud: 'authenticated',
          exp: expect.any(Number),
          iat: expect.any(Number),
          email,
          phone: '',
          app_metadata: { provider: 'email', providers: ['email'] },
          user_metadata: { email_verified: true },
          role: 'authenticated',
          aal: 'aal1',
          amr: [{ method: 'password', timestamp: expect.any(Number) }],
          session_id: claims['session_id'],
          is_anonymous: false,
        },
      });
      expect((event?.['metadata'] as Record<string, unknown>)['ip_address']).toEqual(expect.any(String));

      // The hook runs again on refresh, told why.
      const refreshed = await client.auth.refreshSession();
      expect(decodeJwtUnsafe(refreshed.data.session?.access_token ?? '')?.['tenant_id']).toBe(
        `tenant-${id.slice(0, 8)}`,
      );
      const events = await listHookEvents('custom_access_token', id);
      expect(events.map((e) => e['authentication_method'])).toEqual(['password', 'token_refresh']);
    });
  });

  it('answers 500 when the hook drops a required claim', async () => {
    await runWithHooks({ customAccessToken: hookUri('t_auth_broken_claims_hook') }, async (server) => {
      const { email } = await createConfirmedUser('broken');
      const response = await fetch(`${server.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { apikey: stack.anonKey, 'X-Supabase-Api-Version': '2024-01-01' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        code: 'unexpected_failure',
        message: 'output claims do not conform to the expected schema: \n- (root): aud is required\n',
      });
      // The failed sign-in left no session behind.
      const { rows } = await db.query(
        'select 1 from auth.sessions s join auth.users u on u.id = s.user_id where u.email = $1',
        [email],
      );
      expect(rows).toHaveLength(0);
    });
  });
});

describe('password_verification_attempt hook', () => {
  it('sees every attempt and its reject decision throttles sign-ins, even with the right password', async () => {
    await runWithHooks({ passwordVerificationAttempt: hookUri('t_auth_password_attempt_hook') }, async (server) => {
      const { email, id } = await createConfirmedUser('throttle');
      const client = createTestClient(server.url);
      const ok = await client.auth.signInWithPassword({ email, password: PASSWORD });
      expect(ok.error).toBeNull();

      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const wrong = await client.auth.signInWithPassword({ email, password: 'Wrong-password-1' });
        expect(wrong.error?.code).toBe('invalid_credentials');
        expect(wrong.error?.message).toBe('Invalid login credentials');
      }
      const third = await client.auth.signInWithPassword({ email, password: 'Wrong-password-1' });
      expect(third.error?.status).toBe(400);
      expect(third.error?.code).toBe('invalid_credentials');
      expect(third.error?.message).toBe('Trop de tentatives de connexion. Réessayez dans quelques minutes.');
      const blocked = await client.auth.signInWithPassword({ email, password: PASSWORD });
      expect(blocked.error?.message).toBe('Trop de tentatives de connexion. Réessayez dans quelques minutes.');

      const events = await listHookEvents('password_verification_attempt', id);
      expect(events.map((e) => e['valid'])).toEqual([true, false, false, false, true]);
      expect(events[0]).toMatchObject({
        user_id: id,
        valid: true,
        metadata: { name: 'password-verification', uuid: expect.any(String), time: expect.any(String) },
      });
    });
  });

  it('is not consulted for unknown addresses', async () => {
    await runWithHooks({ passwordVerificationAttempt: hookUri('t_auth_password_attempt_hook') }, async (server) => {
      // Only this file configures the hook, and its tests run one after the other.
      const countCallsSince = async (since: Date): Promise<number> => {
        const { rows } = await db.query<{ n: number }>(
          `select count(*)::int as n from public.t_auth_hook_calls
            where hook = 'password_verification_attempt' and called_at >= $1`,
          [since],
        );
        return rows[0]?.n ?? -1;
      };
      const client = createTestClient(server.url);
      const { rows } = await db.query<{ now: Date }>('select clock_timestamp() as now');
      const start = rows[0]?.now ?? new Date(0);
      const { error } = await client.auth.signInWithPassword({ email: createRandomEmail('ghost'), password: PASSWORD });
      expect(error?.code).toBe('invalid_credentials');
      expect(error?.message).toBe('Invalid login credentials');
      expect(await countCallsSince(start)).toBe(0);

      // The same count sees the call made for a known address.
      const { email } = await createConfirmedUser('known');
      const known = await client.auth.signInWithPassword({ email, password: 'Wrong-password-1' });
      expect(known.error?.code).toBe('invalid_credentials');
      expect(await countCallsSince(start)).toBe(1);
    });
  });

  it('runs as supabase_auth_admin: a function it may not execute fails the request', async () => {
    await runWithHooks({ passwordVerificationAttempt: hookUri('t_auth_ungranted_hook') }, async (server) => {
      const { email } = await createConfirmedUser('ungranted');
      const response = await fetch(`${server.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { apikey: stack.anonKey, 'X-Supabase-Api-Version': '2024-01-01' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        code: 'unexpected_failure',
        message: 'Error running hook URI: pg-functions://postgres/public/t_auth_ungranted_hook',
      });
    });
  });
});

type MfaAttempt = {
  readonly userId: string;
  readonly factorId: string;
  readonly challengeId: string;
  readonly accessToken: string;
  readonly totp: TOTP;
};

/** A signed-in user with an enrolled TOTP factor and an open challenge, on `server`. */
async function startMfaAttempt(server: AuthTestServer, label: string): Promise<MfaAttempt> {
  const { email, id } = await createConfirmedUser(label);
  const client = createTestClient(server.url);
  const signedIn = await client.auth.signInWithPassword({ email, password: PASSWORD });
  expect(signedIn.error).toBeNull();
  const enrolled = await client.auth.mfa.enroll({ factorType: 'totp' });
  if (!enrolled.data || enrolled.data.type !== 'totp') throw new Error('expected a totp factor');
  const challenge = await client.auth.mfa.challenge({ factorId: enrolled.data.id });
  expect(challenge.error).toBeNull();
  const totp = new TOTP({ secret: Secret.fromBase32(enrolled.data.totp.secret), digits: 6, period: 30 });
  return {
    userId: id,
    factorId: enrolled.data.id,
    challengeId: challenge.data?.id ?? '',
    accessToken: signedIn.data.session?.access_token ?? '',
    totp,
  };
}

async function verifyFactor(
  server: AuthTestServer,
  attempt: MfaAttempt,
  code: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/auth/v1/factors/${attempt.factorId}/verify`, {
    method: 'POST',
    headers: {
      apikey: stack.anonKey,
      Authorization: `Bearer ${attempt.accessToken}`,
      'X-Supabase-Api-Version': '2024-01-01',
    },
    body: JSON.stringify({ challenge_id: attempt.challengeId, code }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function getWrongCode(totp: TOTP): string {
  // Distinct from every code the ±1-step window accepts.
  const accepted = new Set([-1, 0, 1].map((step) => totp.generate({ timestamp: Date.now() + step * 30_000 })));
  return ['000000', '111111', '222222', '333333'].find((code) => !accepted.has(code)) ?? '444444';
}

async function countSessions(userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from auth.sessions where user_id = $1', [
    userId,
  ]);
  return rows[0]?.n ?? -1;
}

describe('mfa_verification_attempt hook', () => {
  it('receives GoTrue’s input and its continue decision lets a right code verify the factor', async () => {
    await runWithHooks({ mfaVerificationAttempt: hookUri('t_auth_mfa_attempt_hook') }, async (server) => {
      const attempt = await startMfaAttempt(server, 'mfacontinue');
      const { status, body } = await verifyFactor(server, attempt, attempt.totp.generate());
      expect(status).toBe(200);
      expect(decodeJwtUnsafe(String(body['access_token']))?.['aal']).toBe('aal2');
      const events = await listHookEvents('mfa_verification_attempt', attempt.userId);
      expect(events).toHaveLength(1);
      expect(events[0]).toEqual({
        metadata: {
          uuid: expect.any(String),
          time: expect.any(String),
          name: 'mfa-verification',
          ip_address: expect.any(String),
        },
        user_id: attempt.userId,
        factor_id: attempt.factorId,
        factor_type: 'totp',
        valid: true,
      });
    });
  });

  it('its reject decision is 403 mfa_verification_rejected with its message and signs the user out everywhere', async () => {
    await runWithHooks({ mfaVerificationAttempt: hookUri('t_auth_mfa_attempt_hook') }, async (server) => {
      const attempt = await startMfaAttempt(server, 'mfareject');
      const { email } = (
        await db.query<{ email: string }>('select email from auth.users where id = $1', [attempt.userId])
      ).rows[0] ?? { email: '' };
      await createTestClient(server.url).auth.signInWithPassword({ email, password: PASSWORD });
      expect(await countSessions(attempt.userId)).toBe(2);

      const { status, body } = await verifyFactor(server, attempt, getWrongCode(attempt.totp));
      expect(status).toBe(403);
      expect(body).toEqual({ code: 'mfa_verification_rejected', message: 'Trop de codes erronés, reconnectez-vous.' });
      expect((await listHookEvents('mfa_verification_attempt', attempt.userId)).map((e) => e['valid'])).toEqual([
        false,
      ]);
      expect(await countSessions(attempt.userId)).toBe(0);
      const user = await fetch(`${server.url}/auth/v1/user`, {
        headers: {
          apikey: stack.anonKey,
          Authorization: `Bearer ${attempt.accessToken}`,
          'X-Supabase-Api-Version': '2024-01-01',
        },
      });
      expect(user.status).toBe(403);
      expect(((await user.json()) as { code: string }).code).toBe('session_not_found');
    });
  });

  it('a reject without a message refuses even a right code with GoTrue’s default message', async () => {
    await runWithHooks({ mfaVerificationAttempt: hookUri('t_auth_mfa_reject_hook') }, async (server) => {
      const attempt = await startMfaAttempt(server, 'mfadefault');
      const { status, body } = await verifyFactor(server, attempt, attempt.totp.generate());
      expect(status).toBe(403);
      expect(body).toEqual({
        code: 'mfa_verification_rejected',
        message: 'Further MFA verification attempts will be rejected.',
      });
      expect(await countSessions(attempt.userId)).toBe(0);
      const { rows } = await db.query<{ status: string }>(
        'select status::text as status from auth.mfa_factors where id = $1',
        [attempt.factorId],
      );
      expect(rows[0]?.status).toBe('unverified');
    });
  });

  it('malformed hook output is a 500 that neither verifies the factor nor signs the user out', async () => {
    await runWithHooks({ mfaVerificationAttempt: hookUri('t_auth_mfa_malformed_hook') }, async (server) => {
      const attempt = await startMfaAttempt(server, 'mfamalformed');
      const { status, body } = await verifyFactor(server, attempt, attempt.totp.generate());
      expect(status).toBe(500);
      expect(body).toEqual({ code: 'unexpected_failure', message: 'Error unmarshaling JSON output.' });
      expect(await countSessions(attempt.userId)).toBe(1);
      const { rows } = await db.query<{ verified_at: Date | null }>(
        'select verified_at from auth.mfa_challenges where id = $1',
        [attempt.challengeId],
      );
      expect(rows).toEqual([{ verified_at: null }]);
    });
  });
});

describe('before_user_created hook', () => {
  it('refuses a sign-up with the hook’s status and message, and lets others through', async () => {
    await runWithHooks({ beforeUserCreated: hookUri('t_auth_before_user_created_hook') }, async (server) => {
      const client = createTestClient(server.url);
      const blockedEmail = `${createRandomEmail('blocked').split('@')[0] ?? 'x'}@blocked.test`;
      const refused = await client.auth.signUp({ email: blockedEmail, password: PASSWORD });
      expect(refused.error?.status).toBe(403);
      expect(refused.error?.code).toBe('unknown');
      expect(refused.error?.message).toBe("Cette adresse e-mail n'est pas autorisée.");
      const { rows } = await db.query('select 1 from auth.users where email = $1', [blockedEmail]);
      expect(rows).toHaveLength(0);

      const email = createRandomEmail('allowed');
      const accepted = await client.auth.signUp({ email, password: PASSWORD, options: { data: { plan: 'pro' } } });
      expect(accepted.error).toBeNull();
      const [event] = await listHookEvents('before_user_created', email);
      expect(event).toMatchObject({
        metadata: { name: 'before-user-created' },
        user: { email, aud: 'authenticated', user_metadata: { plan: 'pro' }, app_metadata: { provider: 'email' } },
      });
      expect(server.mailbox.list(email)).toHaveLength(1);
    });
  });

  it('a hook that raises fails the request with GoTrue’s 500', async () => {
    await runWithHooks({ beforeUserCreated: hookUri('t_auth_failing_hook') }, async (server) => {
      const response = await fetch(`${server.url}/auth/v1/signup`, {
        method: 'POST',
        headers: { apikey: stack.anonKey },
        body: JSON.stringify({ email: createRandomEmail('failing'), password: PASSWORD }),
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        code: 500,
        error_code: 'unexpected_failure',
        msg: 'Error running hook URI: pg-functions://postgres/public/t_auth_failing_hook',
      });
    });
  });
});
