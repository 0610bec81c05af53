/**
 * Supabase Auth Hooks (pg-functions) as GoTrue runs them: input shapes, honoured outputs,
 * refusals and failures. Each test runs a private auth service whose settings point at the hook
 * functions of test/fixtures/20-auth.sql, against the test stack's database.
 */
import { createClient } from '@supabase/supabase-js';
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
      const { error } = await createTestClient(server.url).auth.signInWithPassword({
        email: createRandomEmail('ghost'),
        password: PASSWORD,
      });
      expect(error?.code).toBe('invalid_credentials');
      expect(error?.message).toBe('Invalid login credentials');
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
