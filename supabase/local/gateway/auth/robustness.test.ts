/**
 * The edges of /auth/v1: API keys (§7.4), password rules from config.toml, the seed's demo
 * login, service endpoints (settings, health, JWKS, authorize), and malformed input — which must
 * always get a 4xx in GoTrue's error shape, never a crash or a 5xx.
 */
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { signJwt } from '../jwt.ts';
import { getStack } from '../../test/stack-info.ts';
import { createRandomEmail } from './testing.ts';

const stack = getStack();
const AUTH = `${stack.apiUrl}/auth/v1`;
const V2024 = { 'X-Supabase-Api-Version': '2024-01-01' };

function createTestClient(key: string) {
  return createClient(stack.apiUrl, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  });
}

async function call(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${AUTH}${path}`, {
    method: init.method ?? 'GET',
    headers: { apikey: stack.anonKey, ...V2024, ...init.headers },
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : new Blob([init.body]) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // non-JSON bodies are asserted as text
  }
  return { status: response.status, body, headers: response.headers };
}

describe('API keys (§7.4)', () => {
  it('sb_publishable_ acts as the anon key: sign-up works, admin endpoints are refused', async () => {
    const client = createTestClient(stack.publishableKey);
    const { error } = await client.auth.signUp({
      email: createRandomEmail('publishable'),
      password: 'Comptoir-key-2026',
    });
    expect(error).toBeNull();
    const denied = await client.auth.admin.listUsers();
    expect(denied.error?.status).toBe(403);
    expect(denied.error?.code).toBe('not_admin');
    const user = await call('/user', {
      headers: { apikey: stack.publishableKey, Authorization: `Bearer ${stack.publishableKey}` },
    });
    expect(user.status).toBe(403);
    expect(user.body).toEqual({ code: 'bad_jwt', message: 'invalid claim: missing sub claim' });
  });

  it('sb_secret_ acts as the service_role key for admin endpoints', async () => {
    const client = createTestClient(stack.secretKey);
    const created = await client.auth.admin.createUser({ email: createRandomEmail('secret'), email_confirm: true });
    expect(created.error).toBeNull();
    const listed = await client.auth.admin.listUsers();
    expect(listed.error).toBeNull();
    expect(listed.data.users.length).toBeGreaterThan(0);
  });

  it('a JWT signed with another secret is 403 bad_jwt; no token is 401 no_authorization', async () => {
    const forged = signJwt(
      { sub: '019a8f00-0000-7000-8000-000000000001', role: 'authenticated', exp: Math.floor(Date.now() / 1000) + 60 },
      'another-secret-that-is-at-least-32-characters',
    );
    const bad = await call('/user', { headers: { Authorization: `Bearer ${forged}` } });
    expect(bad.status).toBe(403);
    expect(bad.headers.get('x-sb-error-code')).toBe('bad_jwt');
    expect((bad.body as { message: string }).message).toMatch(/^invalid JWT: unable to parse or verify signature, /);
    const garbage = await call('/user', { headers: { Authorization: 'Bearer not.a.jwt' } });
    expect(garbage.status).toBe(403);
    expect((garbage.body as { code: string }).code).toBe('bad_jwt');
    const none = await fetch(`${AUTH}/user`, { headers: V2024 });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      code: 'no_authorization',
      message: 'This endpoint requires a valid Bearer token',
    });
    const forgedAdmin = signJwt({ role: 'service_role' }, 'another-secret-that-is-at-least-32-characters');
    const adminCall = await call('/admin/users', { headers: { Authorization: `Bearer ${forgedAdmin}` } });
    expect(adminCall.status).toBe(403);
    expect((adminCall.body as { code: string }).code).toBe('bad_jwt');
  });
});

describe('passwords and the seed', () => {
  it('the seed demo user signs in with the bcrypt hash pgcrypto made', async () => {
    const { data, error } = await createTestClient(stack.anonKey).auth.signInWithPassword({
      email: 'marc.durand@garage-du-centre.test',
      password: 'Comptoir-demo-2026',
    });
    expect(error).toBeNull();
    expect(data.user?.id).toBe('019a8f00-0000-7000-8000-000000000001');
    expect(data.user?.user_metadata['display_name']).toBe('Marc Durand');
    expect(data.weakPassword).toBeUndefined();
  });

  it('enforces minimum_password_length and letters_digits with weak_password reasons', async () => {
    const client = createTestClient(stack.anonKey);
    const short = await client.auth.signUp({ email: createRandomEmail('weak'), password: 'abc' });
    expect(short.error?.name).toBe('AuthWeakPasswordError');
    expect(short.error?.status).toBe(422);
    expect(short.error?.code).toBe('weak_password');
    expect((short.error as { reasons?: string[] }).reasons).toEqual(['length', 'characters']);
    expect(short.error?.message).toBe(
      'Password should be at least 8 characters. Password should contain at least one character of each: abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789.',
    );
    const noDigit = await client.auth.signUp({ email: createRandomEmail('weak'), password: 'abcdefghijk' });
    expect((noDigit.error as { reasons?: string[] }).reasons).toEqual(['characters']);

    const legacy = await fetch(`${AUTH}/signup`, {
      method: 'POST',
      headers: { apikey: stack.anonKey },
      body: JSON.stringify({ email: createRandomEmail('weak'), password: '12345678' }),
    });
    expect(legacy.status).toBe(422);
    expect(legacy.headers.get('x-sb-error-code')).toBe('weak_password');
    expect(await legacy.json()).toEqual({
      code: 422,
      error_code: 'weak_password',
      msg: 'Password should contain at least one character of each: abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ, 0123456789.',
      weak_password: { reasons: ['characters'] },
    });
    const tooLong = await call('/signup', {
      method: 'POST',
      body: JSON.stringify({ email: createRandomEmail('long'), password: `A1${'x'.repeat(80)}` }),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual({
      code: 'validation_failed',
      message: 'Password cannot be longer than 72 characters',
    });
  });
});

describe('service endpoints', () => {
  it('GET /settings reports providers and the email rules of config.toml', async () => {
    const { status, body } = await call('/settings');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      external: { email: true, phone: false, google: false, github: false, anonymous_users: false },
      disable_signup: false,
      mailer_autoconfirm: false,
    });
  });

  it('GET /health, /.well-known/jwks.json (no HMAC keys) and /authorize for a disabled provider', async () => {
    expect((await call('/health')).body).toMatchObject({ name: 'GoTrue' });
    const jwks = await call('/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body).toEqual({ keys: [] });
    const authorize = await call('/authorize?provider=google');
    expect(authorize.status).toBe(400);
    expect(authorize.body).toEqual({
      code: 'validation_failed',
      message: 'Unsupported provider: provider is not enabled',
    });
    const unknown = await call('/authorize?provider=myspace');
    expect(unknown.body).toEqual({
      code: 'validation_failed',
      message: 'Unsupported provider: Provider myspace could not be found',
    });
  });

  it('signInWithOAuth builds the /authorize URL GoTrue would redirect from', async () => {
    const { data } = await createTestClient(stack.anonKey).auth.signInWithOAuth({
      provider: 'google',
      options: { skipBrowserRedirect: true },
    });
    expect(data.url).toContain(`${AUTH}/authorize?provider=google`);
  });
});

describe('malformed input never crashes the service', () => {
  it('answers 400 bad_json for unparsable bodies and wrong field types', async () => {
    const invalid = await call('/signup', { method: 'POST', body: '{"email":' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      code: 'bad_json',
      message: 'Could not parse request body as JSON: unexpected end of JSON input',
    });
    const garbage = await call('/token?grant_type=password', { method: 'POST', body: 'hello' });
    expect(garbage.body).toEqual({
      code: 'bad_json',
      message: "Could not parse request body as JSON: invalid character 'h' looking for beginning of value",
    });
    const empty = await call('/otp', { method: 'POST' });
    expect((empty.body as { code: string }).code).toBe('bad_json');
    const wrongType = await call('/signup', { method: 'POST', body: JSON.stringify({ email: 42, password: 'x' }) });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toEqual({
      code: 'bad_json',
      message:
        'Could not parse request body as JSON: json: cannot unmarshal number into Go struct field SignupParams.email of type string',
    });
    const array = await call('/recover', { method: 'POST', body: '[]' });
    expect(array.body).toEqual({
      code: 'bad_json',
      message:
        'Could not parse request body as JSON: json: cannot unmarshal array into Go value of type api.RecoverParams',
    });
    const invalidUtf8 = await call('/signup', {
      method: 'POST',
      body: new Uint8Array([0x7b, 0x22, 0x65, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    });
    expect(invalidUtf8.status).toBeLessThan(500);
  });

  it('answers 400 validation_failed for missing or invalid fields', async () => {
    const noPassword = await call('/signup', {
      method: 'POST',
      body: JSON.stringify({ email: createRandomEmail('x') }),
    });
    expect(noPassword.body).toEqual({ code: 'validation_failed', message: 'Signup requires a valid password' });
    const badEmail = await call('/signup', {
      method: 'POST',
      body: JSON.stringify({ email: 'nope', password: 'Abcdefgh1' }),
    });
    expect(badEmail.body).toEqual({
      code: 'validation_failed',
      message: 'Unable to validate email address: invalid format',
    });
    const verify = await call('/verify', { method: 'POST', body: JSON.stringify({ type: 'email' }) });
    expect(verify.body).toEqual({
      code: 'validation_failed',
      message: 'Verify requires either a token or a token hash',
    });
    const getVerify = await call('/verify');
    expect(getVerify.body).toEqual({ code: 'validation_failed', message: 'Verify requires a verification type' });
    const grant = await call('/token?grant_type=magic', { method: 'POST', body: '{}' });
    expect(grant.body).toEqual({ code: 'invalid_credentials', message: 'unsupported_grant_type' });
    const pkce = await call('/token?grant_type=pkce', {
      method: 'POST',
      body: JSON.stringify({ auth_code: 'x', code_verifier: 'y' }),
    });
    expect(pkce.status).toBe(404);
    expect((pkce.body as { code: string }).code).toBe('flow_state_not_found');
    const refresh = await call('/token?grant_type=refresh_token', { method: 'POST', body: '{}' });
    expect(refresh.status).toBe(400);
    expect(refresh.body).toEqual({ error: 'invalid_request', error_description: 'refresh_token required' });
  });

  it('answers 413 past 1 MiB, 404 for unknown paths and 405 for wrong methods', async () => {
    const huge = await call('/signup', {
      method: 'POST',
      body: JSON.stringify({ email: 'a@b.co', pad: 'x'.repeat(1 << 20) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({
      code: 'request_entity_too_large',
      message: 'Request body too large (max 1048576 bytes)',
    });
    const unknown = await call('/nope/nothing');
    expect(unknown.status).toBe(404);
    expect((unknown.body as { code: string }).code).toBe('not_found');
    const method = await call('/signup');
    expect(method.status).toBe(405);
    expect((method.body as { code: string }).code).toBe('method_not_allowed');
    const factor = await call('/admin/users/not-a-uuid', {
      headers: { apikey: stack.serviceRoleKey, Authorization: `Bearer ${stack.serviceRoleKey}` },
    });
    expect(factor.status).toBe(404);
    expect(factor.body).toEqual({ code: 'validation_failed', message: 'user_id must be an UUID' });
  });

  it('survives a burst of random requests without a 5xx', async () => {
    const paths = [
      '/signup',
      '/token?grant_type=password',
      '/token?grant_type=refresh_token',
      '/otp',
      '/verify',
      '/user',
      '/recover',
      '/factors',
      '/factors/x/verify',
      '/logout?scope=weird',
      '/admin/users',
      '/admin/generate_link',
      '/invite',
    ];
    const bodies = [
      '',
      '{}',
      'null',
      '[1]',
      '{"email":null,"password":{}}',
      '{"type":"signup","token_hash":"x"}',
      '{"email":"a@b.co","token":"1","type":"email"}',
      '{"refresh_token":"aaaaaaaaaaaa"}',
      '{"factor_type":"totp"}',
      '"\\ud800"',
      '{"challenge_id":"zzz","code":"1"}',
      '{"type":"magiclink","email":"x@y.z"}',
    ];
    const auths = [undefined, `Bearer ${stack.anonKey}`, `Bearer ${stack.serviceRoleKey}`, 'Bearer a.b.c', 'Basic x'];
    const statuses: number[] = [];
    for (const path of paths) {
      for (const body of bodies) {
        for (const method of ['POST', 'PUT', 'GET']) {
          const authorization = auths[(path.length + body.length) % auths.length];
          const response = await fetch(`${AUTH}${path}`, {
            method,
            headers: { apikey: stack.anonKey, ...(authorization ? { Authorization: authorization } : {}) },
            ...(method === 'GET' ? {} : { body }),
          });
          await response.arrayBuffer();
          statuses.push(response.status);
        }
      }
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
