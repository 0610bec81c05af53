/**
 * The auth conformance cases of supabase-subset.md §3.8, run with the official supabase-js
 * against the local stack, adapted to Comptoir's config.toml (email confirmations on,
 * max_frequency 1s, refresh_token_reuse_interval 10s, TOTP enabled).
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { TOTP, Secret } from 'otpauth';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJwtUnsafe } from '../jwt.ts';
import { getStack } from '../../test/stack-info.ts';
import { createRandomEmail, findVerifyLink, listMail, readRedirectParams, startAuthTestServer } from './testing.ts';

const stack = getStack();
const PASSWORD = 'Comptoir-test-2026';

function createTestClient(key = stack.anonKey, options: { flowType?: 'pkce' | 'implicit'; url?: string } = {}) {
  return createClient(options.url ?? stack.apiUrl, key, {
    auth: {
      persistSession: false,
      autoRefreshToken: false,
      detectSessionInUrl: false,
      flowType: options.flowType ?? 'implicit',
    },
    realtime: { transport: WebSocket as never },
  });
}

const admin = createTestClient(stack.serviceRoleKey);
const db = new pg.Pool({ connectionString: stack.superuserUrl, max: 2 });

afterAll(async () => {
  await db.end();
});

/** A confirmed user signed in on a fresh client. */
async function createSignedInUser(label: string): Promise<{ client: SupabaseClient; email: string; userId: string }> {
  const email = createRandomEmail(label);
  const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  expect(created.error).toBeNull();
  const client = createTestClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password: PASSWORD });
  expect(error).toBeNull();
  return { client, email, userId: data.user?.id ?? '' };
}

describe('auth conformance (§3.8)', () => {
  it('1. signs up without a session, mails a confirmation link, and the link signs in with §3.4 claims', async () => {
    const email = createRandomEmail('signup');
    const client = createTestClient();
    const { data, error } = await client.auth.signUp({ email, password: PASSWORD, options: { data: { name: 'Ada' } } });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.email_confirmed_at).toBeUndefined();
    expect(data.user?.confirmation_sent_at).toEqual(expect.any(String));
    expect(data.user?.user_metadata).toEqual({ name: 'Ada' });
    expect(data.user?.identities?.[0]?.provider).toBe('email');

    const [mail] = await listMail(stack.apiUrl, email);
    expect(mail?.tags).toEqual({ kind: 'confirmation' });
    expect(mail?.subject).toBe('Confirmez votre adresse e-mail — Comptoir');
    const link = findVerifyLink(mail?.html ?? '');
    expect(link).toContain(`${stack.apiUrl}/auth/v1/verify?token=`);
    expect(link).toContain('type=signup');

    const response = await fetch(link, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const { fragment } = readRedirectParams(response.headers.get('location') ?? '');
    expect(fragment.get('type')).toBe('signup');
    expect(fragment.get('token_type')).toBe('bearer');
    expect(fragment.get('refresh_token')).toMatch(/^[a-z2-7]{12}$/);
    const claims = decodeJwtUnsafe(fragment.get('access_token') ?? '') ?? {};
    expect(claims).toMatchObject({
      aud: 'authenticated',
      role: 'authenticated',
      aal: 'aal1',
      email,
      phone: '',
      is_anonymous: false,
      iss: `${stack.apiUrl}/auth/v1`,
      sub: data.user?.id,
      user_metadata: { name: 'Ada', email_verified: true },
      app_metadata: { provider: 'email', providers: ['email'] },
    });
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(3600);
    expect(claims['amr']).toEqual([{ method: 'otp', timestamp: expect.any(Number) }]);
    expect(claims['session_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(fragment.get('expires_at')) - Date.now() / 1000).toBeGreaterThan(3590);

    const signIn = await client.auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toBeNull();
    const passwordClaims = decodeJwtUnsafe(signIn.data.session?.access_token ?? '') ?? {};
    expect((passwordClaims['amr'] as { method: string }[])[0]?.method).toBe('password');
    expect(signIn.data.user?.email_confirmed_at).toEqual(expect.any(String));
  });

  it('2. a repeated sign-up of a confirmed address answers an obfuscated user (confirmations on)', async () => {
    const { email, userId } = await createSignedInUser('dup');
    const { data, error } = await createTestClient().auth.signUp({ email, password: PASSWORD });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.id).not.toBe(userId);
    expect(data.user?.identities).toEqual([]);
  });

  it('2b. with autoconfirm, a repeated sign-up is 422 user_already_exists and sign-up returns a session', async () => {
    const server = await startAuthTestServer(stack, { mailerAutoconfirm: true });
    try {
      const client = createTestClient(stack.anonKey, { url: server.url });
      const email = createRandomEmail('autoconfirm');
      const first = await client.auth.signUp({ email, password: PASSWORD });
      expect(first.error).toBeNull();
      const claims = decodeJwtUnsafe(first.data.session?.access_token ?? '') ?? {};
      expect((claims['amr'] as { method: string }[])[0]?.method).toBe('password');
      expect((first.data.session?.expires_at ?? 0) - Date.now() / 1000).toBeGreaterThan(3590);
      const second = await client.auth.signUp({ email, password: PASSWORD });
      expect(second.error?.code).toBe('user_already_exists');
      expect(second.error?.status).toBe(422);
      expect(second.error?.message).toBe('User already registered');
    } finally {
      await server.close();
    }
  });

  it('3. a wrong password is 400 invalid_credentials', async () => {
    const { email } = await createSignedInUser('wrongpw');
    const { error } = await createTestClient().auth.signInWithPassword({ email, password: 'Wrong-password-1' });
    expect(error?.status).toBe(400);
    expect(error?.code).toBe('invalid_credentials');
    expect(error?.message).toBe('Invalid login credentials');
  });

  it('4. refresh rotates tokens; reuse after the interval and unknown tokens are refused', async () => {
    const { client } = await createSignedInUser('refresh');
    const first = (await client.auth.getSession()).data.session?.refresh_token ?? '';
    const second = await client.auth.refreshSession();
    expect(second.error).toBeNull();
    const secondToken = second.data.session?.refresh_token ?? '';
    expect(secondToken).not.toBe(first);
    const third = await client.auth.refreshSession();
    expect(third.error).toBeNull();
    const thirdToken = third.data.session?.refresh_token ?? '';

    const refresh = (token: string) =>
      fetch(`${stack.apiUrl}/auth/v1/token?grant_type=refresh_token`, {
        method: 'POST',
        headers: { apikey: stack.anonKey, 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
        body: JSON.stringify({ refresh_token: token }),
      });
    // The parent of the active token is handed the active token again (client lost the answer).
    const lost = await refresh(secondToken);
    expect(lost.status).toBe(200);
    expect(((await lost.json()) as { refresh_token: string }).refresh_token).toBe(thirdToken);

    // Past refresh_token_reuse_interval (10 s), reusing the first token revokes the family.
    await db.query(`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where token = $1`, [first]);
    const reused = await refresh(first);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({
      code: 'refresh_token_already_used',
      message: 'Invalid Refresh Token: Already Used',
    });
    const { rows } = await db.query<{ revoked: boolean }>('select revoked from auth.refresh_tokens where token = $1', [
      thirdToken,
    ]);
    expect(rows[0]?.revoked).toBe(true);

    const unknown = await refresh('abcdefghijkl');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      code: 'refresh_token_not_found',
      message: 'Invalid Refresh Token: Refresh Token Not Found',
    });
    const viaClient = await createTestClient().auth.refreshSession({ refresh_token: 'not-a-token' });
    expect(viaClient.error?.code).toBe('refresh_token_not_found');
  });

  it('5. after signOut the old access token is refused by /user but still works for RPC', async () => {
    const { client, userId } = await createSignedInUser('logout');
    const user = await client.auth.getUser();
    expect(user.data.user?.id).toBe(userId);
    const token = (await client.auth.getSession()).data.session?.access_token ?? '';
    const { error: signOutError } = await client.auth.signOut();
    expect(signOutError).toBeNull();

    const raw = await fetch(`${stack.apiUrl}/auth/v1/user`, {
      headers: { apikey: stack.anonKey, Authorization: `Bearer ${token}`, 'X-Supabase-Api-Version': '2024-01-01' },
    });
    expect(raw.status).toBe(403);
    expect(raw.headers.get('x-sb-error-code')).toBe('session_not_found');
    expect(((await raw.json()) as { code: string }).code).toBe('session_not_found');
    const viaClient = await createTestClient().auth.getUser(token);
    expect(viaClient.error?.name).toBe('AuthSessionMissingError');

    const rpcClient = createClient(stack.apiUrl, stack.anonKey, {
      global: { headers: { Authorization: `Bearer ${token}` } },
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    });
    const rpc = await rpcClient.rpc('t_add', { a: 1, b: 2 });
    expect(rpc.error).toBeNull();
    expect(rpc.data).toBe(3);
  });

  it('6. updateUser merges user_metadata and the refreshed token carries it', async () => {
    const { client } = await createSignedInUser('metadata');
    const { data, error } = await client.auth.updateUser({ data: { x: 1 } });
    expect(error).toBeNull();
    expect(data.user?.user_metadata['x']).toBe(1);
    const refreshed = await client.auth.refreshSession();
    const claims = decodeJwtUnsafe(refreshed.data.session?.access_token ?? '') ?? {};
    expect((claims['user_metadata'] as Record<string, unknown>)['x']).toBe(1);
    const removed = await client.auth.updateUser({ data: { x: null } });
    expect(removed.data.user?.user_metadata).not.toHaveProperty('x');
  });

  it('7. magic link: signInWithOtp sends mail, the code and the token hash each sign in once', async () => {
    const { email } = await createSignedInUser('magic');
    const client = createTestClient();
    const otp = await client.auth.signInWithOtp({ email });
    expect(otp.error).toBeNull();
    expect(otp.data).toEqual({ user: null, session: null });
    const [mail] = await listMail(stack.apiUrl, email);
    expect(mail?.tags).toEqual({ kind: 'magic_link' });
    expect(mail?.subject).toBe('Votre lien de connexion — Comptoir');

    const link = await admin.auth.admin.generateLink({ type: 'magiclink', email });
    expect(link.error).toBeNull();
    expect(link.data.properties?.email_otp).toMatch(/^\d{6}$/);
    expect(link.data.properties?.verification_type).toBe('magiclink');
    expect(link.data.user?.email).toBe(email);
    const verified = await client.auth.verifyOtp({
      email,
      token: link.data.properties?.email_otp ?? '',
      type: 'email',
    });
    expect(verified.error).toBeNull();
    const claims = decodeJwtUnsafe(verified.data.session?.access_token ?? '') ?? {};
    expect((claims['amr'] as { method: string }[]).map((a) => a.method)).toEqual(['otp']);

    const second = await admin.auth.admin.generateLink({ type: 'magiclink', email });
    const hashed = second.data.properties?.hashed_token ?? '';
    const byHash = await client.auth.verifyOtp({ token_hash: hashed, type: 'magiclink' });
    expect(byHash.error).toBeNull();
    expect(byHash.data.session?.access_token).toEqual(expect.any(String));
    const reused = await client.auth.verifyOtp({ token_hash: hashed, type: 'magiclink' });
    expect(reused.error?.status).toBe(403);
    expect(reused.error?.code).toBe('otp_expired');
    expect(reused.error?.message).toBe('Email link is invalid or has expired');
  });

  it('8. GET /verify redirects 303 with the session in the fragment', async () => {
    const { email } = await createSignedInUser('getverify');
    const link = await admin.auth.admin.generateLink({ type: 'magiclink', email });
    const hashed = link.data.properties?.hashed_token ?? '';
    const redirect = 'http://127.0.0.1:9999/cb';
    const response = await fetch(
      `${stack.apiUrl}/auth/v1/verify?token=${hashed}&type=magiclink&redirect_to=${encodeURIComponent(redirect)}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(location.startsWith(`${redirect}#`)).toBe(true);
    const { fragment } = readRedirectParams(location);
    expect(fragment.get('access_token')).toEqual(expect.any(String));
    expect(fragment.get('refresh_token')).toEqual(expect.any(String));
    expect(fragment.get('expires_in')).toMatch(/^\d+$/);
    expect(fragment.get('type')).toBe('magiclink');
    expect(fragment.has('sb')).toBe(true);

    // The same link again redirects with GoTrue's error fragment.
    const again = await fetch(
      `${stack.apiUrl}/auth/v1/verify?token=${hashed}&type=magiclink&redirect_to=${encodeURIComponent(redirect)}`,
      { redirect: 'manual' },
    );
    expect(again.status).toBe(303);
    const failure = readRedirectParams(again.headers.get('location') ?? '').fragment;
    expect(failure.get('error')).toBe('access_denied');
    expect(failure.get('error_code')).toBe('otp_expired');
    expect(failure.get('error_description')).toBe('Email link is invalid or has expired');
  });

  it('9. PKCE: the challenge is sent, the link redirects with ?code= and the code is exchanged', async () => {
    const { email } = await createSignedInUser('pkce');
    const bodies: string[] = [];
    const client = createClient(stack.apiUrl, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false, flowType: 'pkce' },
      realtime: { transport: WebSocket as never },
      global: {
        fetch: (input, init) => {
          if (typeof init?.body === 'string') bodies.push(init.body);
          return fetch(input, init);
        },
      },
    });
    const otp = await client.auth.signInWithOtp({
      email,
      options: { emailRedirectTo: 'http://127.0.0.1:5173/auth/callback' },
    });
    expect(otp.error).toBeNull();
    expect(JSON.parse(bodies[0] ?? '{}')).toMatchObject({
      code_challenge: expect.any(String),
      code_challenge_method: 's256',
    });
    const [mail] = await listMail(stack.apiUrl, email);
    const link = findVerifyLink(mail?.html ?? '');
    expect(link).toContain('token=pkce_');
    const response = await fetch(link, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(location.startsWith('http://127.0.0.1:5173/auth/callback?code=')).toBe(true);
    const code = readRedirectParams(location).query.get('code') ?? '';
    const exchanged = await client.auth.exchangeCodeForSession(code);
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.user?.email).toBe(email);
    const claims = decodeJwtUnsafe(exchanged.data.session?.access_token ?? '') ?? {};
    expect((claims['amr'] as { method: string }[])[0]?.method).toBe('magiclink');
    const replay = await client.auth.exchangeCodeForSession(code);
    expect(replay.error).not.toBeNull();
  });

  it('10. resetPasswordForEmail for an unknown address answers {} without error', async () => {
    const { data, error } = await createTestClient().auth.resetPasswordForEmail(createRandomEmail('nobody'));
    expect(error).toBeNull();
    expect(data).toEqual({});
  });

  it('11. MFA TOTP: enroll, challenge, verify to aal2; wrong codes and aal1 unenroll are refused', async () => {
    const { client, email } = await createSignedInUser('mfa');
    const enrolled = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Téléphone' });
    expect(enrolled.error).toBeNull();
    const factor = enrolled.data;
    if (!factor || factor.type !== 'totp') throw new Error('expected a totp factor');
    expect(factor.totp.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(factor.totp.qr_code.startsWith('data:image/svg+xml;utf-8,<svg')).toBe(true);
    expect(factor.totp.uri).toContain(`otpauth://totp/127.0.0.1:5173:${email}`);
    const totp = new TOTP({ secret: Secret.fromBase32(factor.totp.secret), digits: 6, period: 30, algorithm: 'SHA1' });

    const wrongChallenge = await client.auth.mfa.challenge({ factorId: factor.id });
    const wrong = await client.auth.mfa.verify({
      factorId: factor.id,
      challengeId: wrongChallenge.data?.id ?? '',
      code: totp.generate() === '000000' ? '111111' : '000000',
    });
    expect(wrong.error?.status).toBe(422);
    expect(wrong.error?.code).toBe('mfa_verification_failed');

    const challenge = await client.auth.mfa.challenge({ factorId: factor.id });
    expect(challenge.error).toBeNull();
    expect((challenge.data?.expires_at ?? 0) - Date.now() / 1000).toBeGreaterThan(290);
    expect((challenge.data?.expires_at ?? 0) - Date.now() / 1000).toBeLessThanOrEqual(300);
    const verified = await client.auth.mfa.verify({
      factorId: factor.id,
      challengeId: challenge.data?.id ?? '',
      code: totp.generate(),
    });
    expect(verified.error).toBeNull();
    const claims = decodeJwtUnsafe(verified.data?.access_token ?? '') ?? {};
    expect(claims['aal']).toBe('aal2');
    // Newest first; both may share a second, so compare as a set.
    expect((claims['amr'] as { method: string }[]).map((a) => a.method).sort()).toEqual(['password', 'totp']);
    const level = await client.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level.data).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' });
    const factors = await client.auth.mfa.listFactors();
    expect(factors.data?.totp.map((f) => f.id)).toEqual([factor.id]);

    // A new aal1 session cannot remove the verified factor.
    const other = createTestClient();
    await other.auth.signInWithPassword({ email, password: PASSWORD });
    const aal1 = await other.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(aal1.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal2' });
    const refused = await other.auth.mfa.unenroll({ factorId: factor.id });
    expect(refused.error?.code).toBe('insufficient_aal');
    expect(refused.error?.status).toBe(422);
    const removed = await client.auth.mfa.unenroll({ factorId: factor.id });
    expect(removed.error).toBeNull();
    expect(removed.data).toEqual({ id: factor.id });
  });

  it('12. admin endpoints work with the service key and answer 403 not_admin with the anon key', async () => {
    const email = createRandomEmail('admin');
    const created = await admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { a: 1 },
    });
    expect(created.error).toBeNull();
    expect(created.data.user?.email_confirmed_at).toEqual(expect.any(String));
    expect(created.data.user?.user_metadata).toMatchObject({ a: 1, email_verified: true });

    const invitedEmail = createRandomEmail('invited');
    const invited = await admin.auth.admin.inviteUserByEmail(invitedEmail, { data: { role: 'staff' } });
    expect(invited.error).toBeNull();
    expect(invited.data.user?.invited_at).toEqual(expect.any(String));
    const [invite] = await listMail(stack.apiUrl, invitedEmail);
    expect(invite?.tags).toEqual({ kind: 'invite' });

    const list = await admin.auth.admin.listUsers({ page: 1, perPage: 1 });
    expect(list.error).toBeNull();
    expect(list.data.users).toHaveLength(1);
    expect((list.data as { total: number }).total).toBeGreaterThanOrEqual(3);
    expect((list.data as { nextPage: number | null }).nextPage).toBe(2);

    const fetched = await admin.auth.admin.getUserById(created.data.user?.id ?? '');
    expect(fetched.data.user?.email).toBe(email);
    const deleted = await admin.auth.admin.deleteUser(created.data.user?.id ?? '');
    expect(deleted.error).toBeNull();
    const gone = await admin.auth.admin.getUserById(created.data.user?.id ?? '');
    expect(gone.error?.status).toBe(404);
    expect(gone.error?.code).toBe('user_not_found');

    const anon = createTestClient();
    const denied = await anon.auth.admin.createUser({ email: createRandomEmail('denied'), password: PASSWORD });
    expect(denied.error?.status).toBe(403);
    expect(denied.error?.code).toBe('not_admin');
    expect((await anon.auth.admin.listUsers()).error?.code).toBe('not_admin');
    expect((await anon.auth.admin.inviteUserByEmail(createRandomEmail('x'))).error?.code).toBe('not_admin');
    expect((await anon.auth.admin.deleteUser(invited.data.user?.id ?? '')).error?.code).toBe('not_admin');
  });

  it('13. both error envelopes, with x-sb-error-code', async () => {
    const url = `${stack.apiUrl}/auth/v1/token?grant_type=password`;
    const body = JSON.stringify({ email: createRandomEmail('nobody'), password: 'whatever-1' });
    const modern = await fetch(url, {
      method: 'POST',
      headers: { apikey: stack.anonKey, 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' },
      body,
    });
    expect(modern.status).toBe(400);
    expect(modern.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    expect(modern.headers.get('x-sb-error-code')).toBe('invalid_credentials');
    expect(await modern.json()).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });

    const legacy = await fetch(url, { method: 'POST', headers: { apikey: stack.anonKey }, body });
    expect(legacy.status).toBe(400);
    expect(legacy.headers.get('x-supabase-api-version')).toBeNull();
    expect(legacy.headers.get('x-sb-error-code')).toBe('invalid_credentials');
    expect(await legacy.json()).toEqual({
      code: 400,
      error_code: 'invalid_credentials',
      msg: 'Invalid login credentials',
    });
  });

  it('14. a second email within max_frequency is 429 over_email_send_rate_limit', async () => {
    // config.toml's 1 s window could elapse between two requests on a slow machine.
    const server = await startAuthTestServer(stack, { maxFrequencySeconds: 60 });
    try {
      const email = createRandomEmail('frequency');
      await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
      const client = createTestClient(stack.anonKey, { url: server.url });
      expect((await client.auth.signInWithOtp({ email })).error).toBeNull();
      const second = await client.auth.signInWithOtp({ email });
      expect(second.error?.status).toBe(429);
      expect(second.error?.code).toBe('over_email_send_rate_limit');
      expect(server.mailbox.list(email)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('14b. the rate-limit message counts the seconds left, as GoTrue words it', async () => {
    const server = await startAuthTestServer(stack, { maxFrequencySeconds: 60 });
    try {
      const email = createRandomEmail('frequency60');
      await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
      const client = createTestClient(stack.anonKey, { url: server.url });
      expect((await client.auth.resetPasswordForEmail(email)).error).toBeNull();
      const second = await client.auth.resetPasswordForEmail(email);
      expect(second.error?.code).toBe('over_email_send_rate_limit');
      expect(second.error?.message).toMatch(
        /^For security purposes, you can only request this after (59|60) seconds\.$/,
      );
      expect(server.mailbox.list(email)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
