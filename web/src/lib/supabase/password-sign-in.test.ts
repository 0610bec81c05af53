/**
 * The protected sign-in against the real supabase-js client (fetch faked): its answers are
 * mapped to translated errors, and a project without the function still lets people sign in.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isAppError } from '@shared/errors/app-error.ts';
import { configureSupabase } from './client.ts';
import { getSessionState } from './session.ts';
import { signOut } from './auth.ts';
import { signInThroughFunction } from './password-sign-in.ts';

const SUPABASE_URL = 'http://supabase.test';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function createAccessToken(): string {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${encode({ alg: 'HS256' })}.${encode({ sub: 'u-1', exp, aal: 'aal1', role: 'authenticated' })}.c2ln`;
}

const USER = { id: 'u-1', aud: 'authenticated', email: 'claire@example.fr', app_metadata: {}, user_metadata: {} };

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

beforeAll(() => {
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: 'anon-key' });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('signInThroughFunction', () => {
  it('maps the per-IP refusal to "try again in N minutes"', async () => {
    vi.stubGlobal('fetch', async () =>
      answer(429, {
        code: 'RATE_LIMITED',
        userMessage: 'auth.errors.too_many_attempts',
        details: { retry_after_seconds: 61 },
      }),
    );
    const error = await captureError(signInThroughFunction('claire@example.fr', 'x'));
    expect(isAppError(error) && [error.code, error.userMessage, error.details]).toEqual([
      'RATE_LIMITED',
      'auth.errors.too_many_attempts',
      { count: 2 },
    ]);
  });

  it('reads GoTrue errors passed through in the older envelope too', async () => {
    vi.stubGlobal('fetch', async () =>
      answer(400, { code: 400, error_code: 'email_not_confirmed', msg: 'Email not confirmed' }),
    );
    const error = await captureError(signInThroughFunction('claire@example.fr', 'x'));
    expect(isAppError(error) && error.userMessage).toBe('auth.errors.email_not_confirmed');
  });

  it('says "unavailable" when the function fails, and "network" when nothing answers', async () => {
    vi.stubGlobal('fetch', async () => answer(503, { code: 'UNAVAILABLE', userMessage: 'errors.databaseUnavailable' }));
    const unavailable = await captureError(signInThroughFunction('claire@example.fr', 'x'));
    expect(isAppError(unavailable) && unavailable.userMessage).toBe('errors.databaseUnavailable');

    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const offline = await captureError(signInThroughFunction('claire@example.fr', 'x'));
    expect(isAppError(offline) && [offline.code, offline.userMessage]).toEqual(['UNAVAILABLE', 'errors.network']);
  });

  it('signs in with GoTrue directly when the project has no sign-in function deployed', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (input: unknown) => {
      const url = String(input);
      urls.push(url);
      if (url.endsWith('/functions/v1/sign-in')) {
        return answer(404, { code: 'NOT_FOUND', message: 'Requested function was not found' });
      }
      if (url.includes('/auth/v1/token?grant_type=password')) {
        return answer(200, {
          access_token: createAccessToken(),
          refresh_token: 'r-1',
          token_type: 'bearer',
          expires_in: 3600,
          expires_at: Math.floor(Date.now() / 1000) + 3600,
          user: USER,
        });
      }
      return answer(404, {});
    });

    await signInThroughFunction('claire@example.fr', 'secret-123');

    expect(urls).toEqual([`${SUPABASE_URL}/functions/v1/sign-in`, `${SUPABASE_URL}/auth/v1/token?grant_type=password`]);
    expect(getSessionState()).toMatchObject({ status: 'signed-in', user: { id: 'u-1' } });
    vi.stubGlobal('fetch', async () => new Response(null, { status: 204 }));
    await signOut();
  });

  it('does not mistake a 404 from inside the function for a missing function', async () => {
    vi.stubGlobal('fetch', async () => answer(404, { code: 'user_not_found', message: 'User not found' }));
    const error = await captureError(signInThroughFunction('claire@example.fr', 'x'));
    expect(isAppError(error) && error.userMessage).toBe('auth.errors.unexpected');
  });
});
