/**
 * The email journeys of Comptoir's auth configuration (confirmations on, secure email change,
 * French templates), followed through the dev mailbox exactly as a person would: open the mail,
 * follow the link (303 with the session in the fragment) or type the 6-digit code.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { decodeJwtUnsafe } from '../jwt.ts';
import { getStack } from '../../test/stack-info.ts';
import {
  createRandomEmail,
  findCode,
  findVerifyLink,
  listMail,
  readRedirectParams,
  startAuthTestServer,
} from './testing.ts';

const stack = getStack();
const PASSWORD = 'Comptoir-mail-2026';
const SITE_URL = 'http://127.0.0.1:5173';

function createTestClient(key = stack.anonKey, url = stack.apiUrl): SupabaseClient {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  });
}

const admin = createTestClient(stack.serviceRoleKey);

async function followLink(link: string): Promise<{ status: number; location: string }> {
  const response = await fetch(link, { redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location') ?? '' };
}

describe('sign-up confirmation', () => {
  it('refuses to sign in before the email is confirmed, then the code from the mail confirms it', async () => {
    const email = createRandomEmail('unconfirmed');
    const client = createTestClient();
    expect((await client.auth.signUp({ email, password: PASSWORD })).error).toBeNull();
    const refused = await client.auth.signInWithPassword({ email, password: PASSWORD });
    expect(refused.error?.status).toBe(400);
    expect(refused.error?.code).toBe('email_not_confirmed');
    expect(refused.error?.message).toBe('Email not confirmed');

    const [mail] = await listMail(stack.apiUrl, email);
    const code = findCode(mail?.html ?? '');
    const wrong = await client.auth.verifyOtp({
      email,
      token: code === '000000' ? '111111' : '000000',
      type: 'signup',
    });
    expect(wrong.error?.status).toBe(403);
    expect(wrong.error?.code).toBe('otp_expired');
    expect(wrong.error?.message).toBe('Token has expired or is invalid');
    const verified = await client.auth.verifyOtp({ email, token: code, type: 'signup' });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email_confirmed_at).toEqual(expect.any(String));
    expect((await client.auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  });

  it('sends a French email with the link and the code, and the link lands on the requested page', async () => {
    const email = createRandomEmail('french');
    await createTestClient().auth.signUp({
      email,
      password: PASSWORD,
      options: { emailRedirectTo: `${SITE_URL}/bienvenue` },
    });
    const [mail] = await listMail(stack.apiUrl, email);
    expect(mail?.subject).toBe('Confirmez votre adresse e-mail — Comptoir');
    expect(mail?.html).toContain('<html lang="fr">');
    expect(mail?.html).toContain('Confirmer mon adresse');
    expect(mail?.html).toContain(email);
    expect(findCode(mail?.html ?? '')).toMatch(/^\d{6}$/);
    const link = findVerifyLink(mail?.html ?? '');
    expect(link).toContain(`redirect_to=${SITE_URL}/bienvenue`);
    const { status, location } = await followLink(link);
    expect(status).toBe(303);
    expect(location.startsWith(`${SITE_URL}/bienvenue#access_token=`)).toBe(true);
  });

  it('sends links to redirects outside the allow-list back to the site URL', async () => {
    const email = createRandomEmail('evil');
    await createTestClient().auth.signUp({
      email,
      password: PASSWORD,
      options: { emailRedirectTo: 'https://evil.example/steal' },
    });
    const [mail] = await listMail(stack.apiUrl, email);
    const link = findVerifyLink(mail?.html ?? '');
    expect(link).toContain(`redirect_to=${SITE_URL}`);
    expect(link).not.toContain('evil');
    const { location } = await followLink(link);
    expect(location.startsWith(`${SITE_URL}#access_token=`)).toBe(true);
  });

  it('a resent confirmation replaces the previous one', async () => {
    const server = await startAuthTestServer(stack, { maxFrequencySeconds: 0 });
    try {
      const email = createRandomEmail('resend');
      const client = createTestClient(stack.anonKey, server.url);
      expect((await client.auth.signUp({ email, password: PASSWORD })).error).toBeNull();
      expect((await client.auth.resend({ type: 'signup', email })).error).toBeNull();
      const [latest, first] = server.mailbox.list(email);
      const stale = await followLink(findVerifyLink(first?.html ?? ''));
      expect(readRedirectParams(stale.location).fragment.get('error_code')).toBe('otp_expired');
      const fresh = await followLink(findVerifyLink(latest?.html ?? ''));
      expect(readRedirectParams(fresh.location).fragment.get('access_token')).toEqual(expect.any(String));
    } finally {
      await server.close();
    }
  });

  it('with PKCE, the confirmation link redirects with ?code= and the code signs in once', async () => {
    const email = createRandomEmail('pkcesignup');
    const client = createClient(stack.apiUrl, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false, flowType: 'pkce' },
      realtime: { transport: WebSocket as never },
    });
    const signUp = await client.auth.signUp({
      email,
      password: PASSWORD,
      options: { emailRedirectTo: `${SITE_URL}/cb` },
    });
    expect(signUp.error).toBeNull();
    const [mail] = await listMail(stack.apiUrl, email);
    const link = findVerifyLink(mail?.html ?? '');
    expect(link).toContain('token=pkce_');
    const { status, location } = await followLink(link);
    expect(status).toBe(303);
    const { query, fragment } = readRedirectParams(location);
    expect(fragment.has('access_token')).toBe(false);
    const exchange = (verifier: string) =>
      fetch(`${stack.apiUrl}/auth/v1/token?grant_type=pkce`, {
        method: 'POST',
        headers: { apikey: stack.anonKey, 'X-Supabase-Api-Version': '2024-01-01' },
        body: JSON.stringify({ auth_code: query.get('code'), code_verifier: verifier }),
      });
    const wrongVerifier = await exchange('x'.repeat(43));
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toEqual({
      code: 'bad_code_verifier',
      message: 'code challenge does not match previously saved code verifier',
    });
    const exchanged = await client.auth.exchangeCodeForSession(query.get('code') ?? '');
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.user?.email_confirmed_at).toEqual(expect.any(String));
    const claims = decodeJwtUnsafe(exchanged.data.session?.access_token ?? '') ?? {};
    expect((claims['amr'] as { method: string }[])[0]?.method).toBe('email/signup');
    const replay = await exchange('x'.repeat(43));
    expect(replay.status).toBe(404);
    expect(((await replay.json()) as { code: string }).code).toBe('flow_state_not_found');
  });

  it('signInWithOtp for a new address sends the confirmation email, which signs in', async () => {
    const email = createRandomEmail('otpnew');
    const client = createTestClient();
    const { error } = await client.auth.signInWithOtp({ email, options: { data: { source: 'otp' } } });
    expect(error).toBeNull();
    const [mail] = await listMail(stack.apiUrl, email);
    expect(mail?.tags).toEqual({ kind: 'confirmation' });
    const verified = await client.auth.verifyOtp({ email, token: findCode(mail?.html ?? ''), type: 'email' });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.user_metadata).toMatchObject({ source: 'otp', email_verified: true });
    const refusedNew = await client.auth.signInWithOtp({
      email: createRandomEmail('nocreate'),
      options: { shouldCreateUser: false },
    });
    expect(refusedNew.error?.status).toBe(422);
    expect(refusedNew.error?.code).toBe('otp_disabled');
  });
});

describe('password recovery', () => {
  it('the recovery link signs in and the new password replaces the old one', async () => {
    const email = createRandomEmail('recovery');
    await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const client = createTestClient();
    const { error } = await client.auth.resetPasswordForEmail(email, { redirectTo: `${SITE_URL}/mot-de-passe` });
    expect(error).toBeNull();
    const [mail] = await listMail(stack.apiUrl, email);
    expect(mail?.tags).toEqual({ kind: 'recovery' });
    expect(mail?.subject).toBe('Réinitialisez votre mot de passe — Comptoir');
    const { status, location } = await followLink(findVerifyLink(mail?.html ?? ''));
    expect(status).toBe(303);
    expect(location.startsWith(`${SITE_URL}/mot-de-passe#`)).toBe(true);
    const { fragment } = readRedirectParams(location);
    expect(fragment.get('type')).toBe('recovery');

    const session = await client.auth.setSession({
      access_token: fragment.get('access_token') ?? '',
      refresh_token: fragment.get('refresh_token') ?? '',
    });
    expect(session.error).toBeNull();
    const same = await client.auth.updateUser({ password: PASSWORD });
    expect(same.error?.code).toBe('same_password');
    expect(same.error?.status).toBe(422);
    const weak = await client.auth.updateUser({ password: 'court' });
    expect(weak.error?.code).toBe('weak_password');
    const changed = await client.auth.updateUser({ password: 'Nouveau-mot-2026' });
    expect(changed.error).toBeNull();
    expect((await createTestClient().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe(
      'invalid_credentials',
    );
    expect(
      (await createTestClient().auth.signInWithPassword({ email, password: 'Nouveau-mot-2026' })).error,
    ).toBeNull();
  });
});

describe('email change', () => {
  it('needs the links sent to both addresses before the address changes', async () => {
    const email = createRandomEmail('before');
    const newEmail = createRandomEmail('after');
    await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const client = createTestClient();
    await client.auth.signInWithPassword({ email, password: PASSWORD });
    const requested = await client.auth.updateUser({ email: newEmail });
    expect(requested.error).toBeNull();
    expect(requested.data.user?.email).toBe(email);
    expect(requested.data.user?.new_email).toBe(newEmail);

    const [toNew] = await listMail(stack.apiUrl, newEmail);
    const [toCurrent] = await listMail(stack.apiUrl, email);
    expect(toNew?.tags).toEqual({ kind: 'email_change' });
    expect(toCurrent?.tags).toEqual({ kind: 'email_change' });
    expect(toNew?.html).toContain(newEmail);

    const first = await followLink(findVerifyLink(toCurrent?.html ?? ''));
    expect(readRedirectParams(first.location).fragment.get('message')).toBe(
      'Confirmation link accepted. Please proceed to confirm link sent to the other email',
    );
    expect((await client.auth.getUser()).data.user?.email).toBe(email);

    const second = await followLink(findVerifyLink(toNew?.html ?? ''));
    expect(readRedirectParams(second.location).fragment.get('type')).toBe('email_change');
    const { data } = await client.auth.getUser();
    expect(data.user?.email).toBe(newEmail);
    expect(data.user?.new_email).toBeUndefined();
    expect(
      (await createTestClient().auth.signInWithPassword({ email: newEmail, password: PASSWORD })).error,
    ).toBeNull();
  });

  it('refuses an address another account already uses', async () => {
    const email = createRandomEmail('taken-a');
    const taken = createRandomEmail('taken-b');
    await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    await admin.auth.admin.createUser({ email: taken, password: PASSWORD, email_confirm: true });
    const client = createTestClient();
    await client.auth.signInWithPassword({ email, password: PASSWORD });
    const { error } = await client.auth.updateUser({ email: taken });
    expect(error?.status).toBe(422);
    expect(error?.code).toBe('email_exists');
  });
});

describe('invitation', () => {
  it('the invite link confirms the invited user and signs them in', async () => {
    const email = createRandomEmail('invite');
    const invited = await admin.auth.admin.inviteUserByEmail(email, { redirectTo: `${SITE_URL}/invitation` });
    expect(invited.error).toBeNull();
    const [mail] = await listMail(stack.apiUrl, email);
    expect(mail?.subject).toBe('Vous êtes invité·e sur Comptoir');
    const { status, location } = await followLink(findVerifyLink(mail?.html ?? ''));
    expect(status).toBe(303);
    expect(location.startsWith(`${SITE_URL}/invitation#`)).toBe(true);
    const { fragment } = readRedirectParams(location);
    expect(fragment.get('type')).toBe('invite');
    const user = await admin.auth.admin.getUserById(invited.data.user?.id ?? '');
    expect(user.data.user?.email_confirmed_at).toEqual(expect.any(String));
    const again = await admin.auth.admin.inviteUserByEmail(email);
    expect(again.error?.code).toBe('email_exists');
  });

  it('generate_link creates a signup link for a new address without sending mail', async () => {
    const email = createRandomEmail('generated');
    const { data, error } = await admin.auth.admin.generateLink({ type: 'signup', email, password: PASSWORD });
    expect(error).toBeNull();
    expect(data.properties?.verification_type).toBe('signup');
    expect(data.properties?.action_link).toContain('type=signup');
    expect(await listMail(stack.apiUrl, email)).toEqual([]);
    const { location } = await followLink(data.properties?.action_link ?? '');
    expect(readRedirectParams(location).fragment.get('access_token')).toEqual(expect.any(String));
    expect((await createTestClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  });
});
