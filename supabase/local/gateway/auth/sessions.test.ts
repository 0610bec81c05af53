/**
 * Sessions and accounts over time: sign-out scopes, tokens of deleted or banned users, admin
 * updates, soft deletion, and user creation firing app triggers on auth.users.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { getStack } from '../../test/stack-info.ts';
import { createRandomEmail } from './testing.ts';

const stack = getStack();
const PASSWORD = 'Comptoir-session-2026';
const db = new pg.Pool({ connectionString: stack.superuserUrl, max: 2 });

afterAll(async () => {
  await db.end();
});

function createTestClient(key = stack.anonKey): SupabaseClient {
  return createClient(stack.apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  });
}

const admin = createTestClient(stack.serviceRoleKey);

async function signIn(email: string, password = PASSWORD): Promise<{ client: SupabaseClient; token: string }> {
  const client = createTestClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  expect(error).toBeNull();
  return { client, token: data.session?.access_token ?? '' };
}

async function getUserStatus(token: string): Promise<{ status: number; code: string | undefined }> {
  const response = await fetch(`${stack.apiUrl}/auth/v1/user`, {
    headers: { apikey: stack.anonKey, Authorization: `Bearer ${token}`, 'X-Supabase-Api-Version': '2024-01-01' },
  });
  const body = (await response.json()) as { code?: string };
  return { status: response.status, code: response.status === 200 ? undefined : body.code };
}

describe('sign-out scopes', () => {
  it('local ends only this session, others every other one, global all of them', async () => {
    const email = createRandomEmail('scopes');
    await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const a = await signIn(email);
    const b = await signIn(email);
    const c = await signIn(email);

    expect((await a.client.auth.signOut({ scope: 'local' })).error).toBeNull();
    expect(await getUserStatus(a.token)).toEqual({ status: 403, code: 'session_not_found' });
    expect(await getUserStatus(b.token)).toEqual({ status: 200, code: undefined });

    expect((await b.client.auth.signOut({ scope: 'others' })).error).toBeNull();
    expect(await getUserStatus(c.token)).toEqual({ status: 403, code: 'session_not_found' });
    expect(await getUserStatus(b.token)).toEqual({ status: 200, code: undefined });

    const weird = await fetch(`${stack.apiUrl}/auth/v1/logout?scope=weird`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, Authorization: `Bearer ${b.token}`, 'X-Supabase-Api-Version': '2024-01-01' },
    });
    expect(weird.status).toBe(400);
    expect(await weird.json()).toEqual({ code: 'validation_failed', message: 'Unsupported logout scope "weird"' });

    const global = await fetch(`${stack.apiUrl}/auth/v1/logout`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, Authorization: `Bearer ${b.token}` },
    });
    expect(global.status).toBe(204);
    expect(await getUserStatus(b.token)).toEqual({ status: 403, code: 'session_not_found' });
  });

  it('a deleted user’s token is 403 user_not_found', async () => {
    const email = createRandomEmail('deleted');
    const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const { token } = await signIn(email);
    await admin.auth.admin.deleteUser(created.data.user?.id ?? '');
    expect(await getUserStatus(token)).toEqual({ status: 403, code: 'user_not_found' });
  });
});

describe('admin updates', () => {
  it('merges metadata, bans and unbans, and a new password replaces the old one', async () => {
    const email = createRandomEmail('update');
    const created = await admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { a: 1, b: 1 },
    });
    const id = created.data.user?.id ?? '';
    const updated = await admin.auth.admin.updateUserById(id, {
      user_metadata: { b: null, c: 3 },
      app_metadata: { plan: 'pro' },
      ban_duration: '1h',
    });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toEqual({ a: 1, c: 3, email_verified: true });
    expect(updated.data.user?.app_metadata).toEqual({ provider: 'email', providers: ['email'], plan: 'pro' });
    const bannedUntil = Date.parse(updated.data.user?.banned_until ?? '');
    expect(bannedUntil - Date.now()).toBeGreaterThan(3500_000);
    const banned = await createTestClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(banned.error?.code).toBe('user_banned');
    expect(banned.error?.message).toBe('User is banned');

    const badBan = await admin.auth.admin.updateUserById(id, { ban_duration: 'forever' });
    expect(badBan.error?.status).toBe(400);
    expect(badBan.error?.code).toBe('validation_failed');

    await admin.auth.admin.updateUserById(id, { ban_duration: 'none', password: 'Autre-secret-2026' });
    expect((await createTestClient().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe(
      'invalid_credentials',
    );
    expect(
      (await createTestClient().auth.signInWithPassword({ email, password: 'Autre-secret-2026' })).error,
    ).toBeNull();
  });

  it('soft delete keeps the row but anonymises it and ends its sessions', async () => {
    const email = createRandomEmail('soft');
    const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
    const id = created.data.user?.id ?? '';
    const { token } = await signIn(email);
    expect((await admin.auth.admin.deleteUser(id, true)).error).toBeNull();
    const kept = await admin.auth.admin.getUserById(id);
    expect(kept.data.user?.deleted_at).toEqual(expect.any(String));
    expect(kept.data.user?.email).not.toBe(email);
    expect(await getUserStatus(token)).toEqual({ status: 403, code: 'session_not_found' });
    expect((await createTestClient().auth.signInWithPassword({ email, password: PASSWORD })).error?.code).toBe(
      'invalid_credentials',
    );
  });

  it('admin.createUser refuses an address already registered with 422 email_exists', async () => {
    const email = createRandomEmail('exists');
    await admin.auth.admin.createUser({ email, password: PASSWORD });
    const again = await admin.auth.admin.createUser({ email: email.toUpperCase(), password: PASSWORD });
    expect(again.error?.status).toBe(422);
    expect(again.error?.code).toBe('email_exists');
    expect(again.error?.message).toBe('A user with this email address has already been registered');
  });
});

describe('user creation', () => {
  it('fires app triggers on auth.users, as GoTrue’s plain INSERT does', async () => {
    const email = createRandomEmail('trigger');
    const { data } = await createTestClient().auth.signUp({ email, password: PASSWORD });
    const { rows } = await db.query<{ user_id: string }>(
      'select user_id from public.t_auth_created_users where email = $1',
      [email],
    );
    expect(rows.map((r) => r.user_id)).toEqual([data.user?.id]);
  });
});
