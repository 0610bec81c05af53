/**
 * Single-use artefacts stay single-use under concurrency: a PKCE auth code, an emailed link or
 * code, an MFA challenge and a refresh token are each fired several times at once, the way a
 * double click, a mail scanner racing the user or two tabs would. Exactly one use may succeed;
 * the others get the error a later replay gets.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { Secret, TOTP } from 'otpauth';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { getStack } from '../../test/stack-info.ts';
import { createRandomEmail, findCode, findVerifyLink, listMail, readRedirectParams } from './testing.ts';

const stack = getStack();
const PASSWORD = 'Comptoir-single-2026';
const SITE_URL = 'http://127.0.0.1:5173';
const CONCURRENCY = 6;
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

type Answer = { status: number; body: Record<string, unknown> };

async function postAuth(path: string, body: unknown, accessToken?: string): Promise<Answer> {
  const response = await fetch(`${stack.apiUrl}/auth/v1${path}`, {
    method: 'POST',
    headers: {
      apikey: stack.anonKey,
      'X-Supabase-Api-Version': '2024-01-01',
      ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Starts `count` copies of `run` at once. */
function fireTogether<T>(run: () => Promise<T>, count = CONCURRENCY): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, run));
}

function sortStatuses(answers: readonly Answer[]): number[] {
  return answers.map((a) => a.status).sort((a, b) => a - b);
}

function repeat<T>(value: T, count: number): T[] {
  return Array.from({ length: count }, () => value);
}

async function countSessions(userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from auth.sessions where user_id = $1', [
    userId,
  ]);
  return rows[0]?.n ?? -1;
}

async function createConfirmedUser(label: string): Promise<{ email: string; id: string }> {
  const email = createRandomEmail(label);
  const { data, error } = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  expect(error).toBeNull();
  return { email, id: data.user?.id ?? '' };
}

/** Opens an email link `CONCURRENCY` times at once; returns the redirect fragments. */
async function followLinkTogether(link: string): Promise<URLSearchParams[]> {
  const locations = await fireTogether(async () => {
    const response = await fetch(link, { redirect: 'manual' });
    expect(response.status).toBe(303);
    return response.headers.get('location') ?? '';
  });
  return locations.map((location) => readRedirectParams(location).fragment);
}

function expectOneSessionRedirect(fragments: readonly URLSearchParams[]): void {
  expect(fragments.filter((f) => f.has('access_token'))).toHaveLength(1);
  expect(fragments.filter((f) => f.get('error_code') === 'otp_expired')).toHaveLength(fragments.length - 1);
}

describe('PKCE auth code', () => {
  it('concurrent exchanges of one code give one session; the others are 404 flow_state_not_found', async () => {
    const { email, id } = await createConfirmedUser('pkcerace');
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const otp = await fetch(`${stack.apiUrl}/auth/v1/otp?redirect_to=${encodeURIComponent(`${SITE_URL}/cb`)}`, {
      method: 'POST',
      headers: { apikey: stack.anonKey },
      body: JSON.stringify({ email, create_user: false, code_challenge: challenge, code_challenge_method: 's256' }),
    });
    expect(otp.status).toBe(200);
    const [mail] = await listMail(stack.apiUrl, email);
    const link = await fetch(findVerifyLink(mail?.html ?? ''), { redirect: 'manual' });
    const code = readRedirectParams(link.headers.get('location') ?? '').query.get('code') ?? '';
    expect(code).not.toBe('');

    const answers = await fireTogether(() =>
      postAuth('/token?grant_type=pkce', { auth_code: code, code_verifier: verifier }),
    );
    expect(sortStatuses(answers)).toEqual([200, ...repeat(404, CONCURRENCY - 1)]);
    for (const answer of answers.filter((a) => a.status === 404)) {
      expect(answer.body).toEqual({
        code: 'flow_state_not_found',
        message: 'invalid flow state, no valid flow state found',
      });
    }
    expect(await countSessions(id)).toBe(1);
  });
});

describe('emailed links and codes', () => {
  it('concurrent POST /verify {token_hash} give one session; the others are 403 otp_expired', async () => {
    const { email, id } = await createConfirmedUser('hashrace');
    const link = await admin.auth.admin.generateLink({ type: 'magiclink', email });
    const tokenHash = link.data.properties?.hashed_token ?? '';
    const answers = await fireTogether(() => postAuth('/verify', { type: 'magiclink', token_hash: tokenHash }));
    expect(sortStatuses(answers)).toEqual([200, ...repeat(403, CONCURRENCY - 1)]);
    for (const answer of answers.filter((a) => a.status === 403)) {
      expect(answer.body).toEqual({ code: 'otp_expired', message: 'Email link is invalid or has expired' });
    }
    expect(await countSessions(id)).toBe(1);
  });

  it('concurrent POST /verify {email, token} with one code give one session', async () => {
    const { email, id } = await createConfirmedUser('coderace');
    const link = await admin.auth.admin.generateLink({ type: 'magiclink', email });
    const token = link.data.properties?.email_otp ?? '';
    const answers = await fireTogether(() => postAuth('/verify', { type: 'email', email, token }));
    expect(sortStatuses(answers)).toEqual([200, ...repeat(403, CONCURRENCY - 1)]);
    for (const answer of answers.filter((a) => a.status === 403)) {
      expect(answer.body).toEqual({ code: 'otp_expired', message: 'Token has expired or is invalid' });
    }
    expect(await countSessions(id)).toBe(1);
  });

  it('the sign-up confirmation code typed concurrently confirms once', async () => {
    const email = createRandomEmail('signuprace');
    const signUp = await createTestClient().auth.signUp({ email, password: PASSWORD });
    expect(signUp.error).toBeNull();
    const [mail] = await listMail(stack.apiUrl, email);
    const token = findCode(mail?.html ?? '');
    const answers = await fireTogether(() => postAuth('/verify', { type: 'signup', email, token }));
    expect(sortStatuses(answers)).toEqual([200, ...repeat(403, CONCURRENCY - 1)]);
    expect(await countSessions(signUp.data.user?.id ?? '')).toBe(1);
  });

  it('a recovery link opened concurrently signs in once', async () => {
    const { email, id } = await createConfirmedUser('recoveryrace');
    expect((await createTestClient().auth.resetPasswordForEmail(email)).error).toBeNull();
    const [mail] = await listMail(stack.apiUrl, email);
    expectOneSessionRedirect(await followLinkTogether(findVerifyLink(mail?.html ?? '')));
    expect(await countSessions(id)).toBe(1);
  });

  it('an invite link opened concurrently signs in once', async () => {
    const email = createRandomEmail('inviterace');
    const invited = await admin.auth.admin.inviteUserByEmail(email);
    expect(invited.error).toBeNull();
    const [mail] = await listMail(stack.apiUrl, email);
    expectOneSessionRedirect(await followLinkTogether(findVerifyLink(mail?.html ?? '')));
    expect(await countSessions(invited.data.user?.id ?? '')).toBe(1);
  });

  it('both email-change links opened at the same time still change the address', async () => {
    const { email, id } = await createConfirmedUser('changerace');
    const newEmail = createRandomEmail('changed');
    const client = createTestClient();
    await client.auth.signInWithPassword({ email, password: PASSWORD });
    expect((await client.auth.updateUser({ email: newEmail })).error).toBeNull();
    const [toCurrent] = await listMail(stack.apiUrl, email);
    const [toNew] = await listMail(stack.apiUrl, newEmail);
    const fragments = await Promise.all(
      [toCurrent, toNew].map(async (mail) => {
        const response = await fetch(findVerifyLink(mail?.html ?? ''), { redirect: 'manual' });
        return readRedirectParams(response.headers.get('location') ?? '').fragment;
      }),
    );
    // One link records the first confirmation, the other completes the change.
    expect(fragments.filter((f) => f.has('message'))).toHaveLength(1);
    expect(fragments.filter((f) => f.get('type') === 'email_change')).toHaveLength(1);
    const { rows } = await db.query<{ email: string; email_change: string }>(
      'select email, email_change from auth.users where id = $1',
      [id],
    );
    expect(rows).toEqual([{ email: newEmail, email_change: '' }]);
  });
});

describe('MFA challenge', () => {
  it('concurrent verifications of one challenge upgrade once; the others are 422', async () => {
    const { email, id } = await createConfirmedUser('mfarace');
    const client = createTestClient();
    const signedIn = await client.auth.signInWithPassword({ email, password: PASSWORD });
    const accessToken = signedIn.data.session?.access_token ?? '';
    const enrolled = await client.auth.mfa.enroll({ factorType: 'totp' });
    if (!enrolled.data || enrolled.data.type !== 'totp') throw new Error('expected a totp factor');
    const factorId = enrolled.data.id;
    const challenge = await client.auth.mfa.challenge({ factorId });
    const totp = new TOTP({ secret: Secret.fromBase32(enrolled.data.totp.secret), digits: 6, period: 30 });
    const code = totp.generate();

    const answers = await fireTogether(() =>
      postAuth(`/factors/${factorId}/verify`, { challenge_id: challenge.data?.id, code }, accessToken),
    );
    expect(sortStatuses(answers)).toEqual([200, ...repeat(422, CONCURRENCY - 1)]);
    for (const answer of answers.filter((a) => a.status === 422)) {
      // What GoTrue answers any replay of a verified challenge.
      expect(answer.body).toEqual({
        code: 'mfa_ip_address_mismatch',
        message: 'Challenge and verify IP addresses mismatch.',
      });
    }
    // One rotation of the session's refresh token, not one per request.
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from auth.refresh_tokens where user_id = $1',
      [id],
    );
    expect(rows[0]?.n).toBe(2);
  });
});

describe('refresh token', () => {
  it('concurrent refreshes of one token rotate it once and all get the same new token', async () => {
    const { email, id } = await createConfirmedUser('refreshrace');
    const signedIn = await createTestClient().auth.signInWithPassword({ email, password: PASSWORD });
    const refreshToken = signedIn.data.session?.refresh_token ?? '';
    const answers = await fireTogether(() =>
      postAuth('/token?grant_type=refresh_token', { refresh_token: refreshToken }),
    );
    expect(sortStatuses(answers)).toEqual(repeat(200, CONCURRENCY));
    const issued = new Set(answers.map((a) => a.body['refresh_token']));
    expect(issued.size).toBe(1);
    const { rows } = await db.query<{ token: string }>(
      'select token from auth.refresh_tokens where user_id = $1 and revoked = false',
      [id],
    );
    expect(rows.map((r) => r.token)).toEqual([...issued]);
    expect(await countSessions(id)).toBe(1);
  });
});
