import { describe, expect, it } from 'vitest';
import {
  AuthApiError,
  AuthImplicitGrantRedirectError,
  AuthRetryableFetchError,
  AuthWeakPasswordError,
  FunctionsFetchError,
  FunctionsHttpError,
} from '@supabase/supabase-js';
import { createTooManyAttemptsError, toAuthAppError, toFunctionsAppError } from './errors.ts';

describe('toAuthAppError', () => {
  it('maps a known GoTrue code to its i18n key', () => {
    const error = toAuthAppError(new AuthApiError('User already registered', 422, 'user_already_exists'));
    expect(error.code).toBe('CONFLICT');
    expect(error.userMessage).toBe('auth.errors.user_already_exists');
  });

  it('reads the wait time of an email rate limit', () => {
    const error = toAuthAppError(
      new AuthApiError(
        'For security purposes, you can only request this after 42 seconds.',
        429,
        'over_email_send_rate_limit',
      ),
    );
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.userMessage).toBe('auth.errors.rate_limited_for');
    expect(error.details).toEqual({ count: 42 });
  });

  it('keeps the reasons of a weak password', () => {
    const error = toAuthAppError(new AuthWeakPasswordError('Password is too weak', 422, ['length', 'characters']));
    expect(error.userMessage).toBe('auth.errors.weak_password');
    expect(error.details).toEqual({ reasons: ['length', 'characters'] });
  });

  it('reports an expired email link from the URL fragment', () => {
    const error = toAuthAppError(
      new AuthImplicitGrantRedirectError('Email link is invalid or has expired', {
        error: 'access_denied',
        code: 'otp_expired',
      }),
    );
    expect(error.userMessage).toBe('auth.errors.otp_expired');
  });

  it('calls a missing answer a network problem, and a 5xx an unavailable service', () => {
    expect(toAuthAppError(new AuthRetryableFetchError('Failed to fetch', 0)).userMessage).toBe('errors.network');
    expect(toAuthAppError(new AuthRetryableFetchError('Bad gateway', 502)).userMessage).toBe('errors.unavailable');
    expect(toAuthAppError(new AuthApiError('not implemented', 501, undefined)).userMessage).toBe('errors.unavailable');
  });

  it('reads the wait of a locked account, in minutes rounded up', () => {
    const error = toAuthAppError(new AuthApiError('too_many_attempts retry_after=781', 400, 'invalid_credentials'));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.userMessage).toBe('auth.errors.too_many_attempts');
    expect(error.details).toEqual({ count: 14 });
    expect(createTooManyAttemptsError(1).details).toEqual({ count: 1 });
    expect(createTooManyAttemptsError(0).details).toEqual({ count: 1 });
    expect(createTooManyAttemptsError(900).details).toEqual({ count: 15 });
  });

  it('keeps an ordinary wrong password an ordinary wrong password', () => {
    const error = toAuthAppError(new AuthApiError('Invalid login credentials', 400, 'invalid_credentials'));
    expect(error.userMessage).toBe('auth.errors.invalid_credentials');
  });

  it('explains the MFA refusals', () => {
    expect(
      toAuthAppError(new AuthApiError('Invalid TOTP code entered', 422, 'mfa_verification_failed')).userMessage,
    ).toBe('auth.errors.mfa_verification_failed');
    expect(toAuthAppError(new AuthApiError('AAL2 required', 422, 'insufficient_aal')).code).toBe('FORBIDDEN');
  });

  it('never passes an unknown code through as a key', () => {
    const error = toAuthAppError(new AuthApiError('Something new', 400, 'brand_new_code'));
    expect(error.userMessage).toBe('auth.errors.unexpected');
  });
});

describe('toFunctionsAppError', () => {
  it('uses the AppError body a function sends', async () => {
    const response = new Response(JSON.stringify({ code: 'UNAVAILABLE', userMessage: 'errors.databaseUnavailable' }), {
      status: 503,
      headers: { 'Content-Type': 'application/json' },
    });
    const error = await toFunctionsAppError(new FunctionsHttpError(response));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.userMessage).toBe('errors.databaseUnavailable');
  });

  it('maps the gateway refusing the JWT to "session expired"', async () => {
    const response = new Response(JSON.stringify({ msg: 'Invalid JWT' }), { status: 401 });
    const error = await toFunctionsAppError(new FunctionsHttpError(response));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.userMessage).toBe('errors.unauthenticated');
  });

  it('maps an unreachable function runtime to a network error', async () => {
    const error = await toFunctionsAppError(new FunctionsFetchError(new TypeError('Failed to fetch')));
    expect(error.userMessage).toBe('errors.network');
  });
});
