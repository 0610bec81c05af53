import { describe, expect, it } from 'vitest';
import { AuthApiError } from '@supabase/supabase-js';
import { AppError } from '@shared/errors/app-error.ts';
import { toAuthAppError } from '@web/lib/supabase/errors.ts';
import { changeLanguage, i18n, translateError } from './index.ts';

/** GoTrue's 429 when an email was sent too recently (the wait comes only in the message). */
function createEmailRateLimit(seconds: number): AppError {
  return toAuthAppError(
    new AuthApiError(
      `For security purposes, you can only request this after ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
      429,
      'over_email_send_rate_limit',
    ),
  );
}

/** Written out by hand, not read from the locales: this is what the user must see. */
const NBSP = '\u00a0';

describe('translateError', () => {
  it('renders the plural rate-limit message with the wait in French', () => {
    expect(translateError(i18n.t, createEmailRateLimit(42))).toBe(
      `Pour votre sécurité, patientez 42${NBSP}secondes avant de réessayer.`,
    );
    expect(translateError(i18n.t, createEmailRateLimit(1))).toBe(
      `Pour votre sécurité, patientez 1${NBSP}seconde avant de réessayer.`,
    );
  });

  it('renders the plural rate-limit message with the wait in English', async () => {
    await changeLanguage('en');
    expect(translateError(i18n.t, createEmailRateLimit(42))).toBe(
      'For your security, wait 42 seconds before trying again.',
    );
    expect(translateError(i18n.t, createEmailRateLimit(1))).toBe(
      'For your security, wait 1 second before trying again.',
    );
  });

  it('interpolates details into a plain message', () => {
    const error = new AppError('INVALID_INPUT', 'weak', { userMessage: 'auth.errors.weak_password' });
    expect(translateError(i18n.t, error)).toBe(
      `Ce mot de passe est trop faible${NBSP}: 8${NBSP}caractères minimum, avec des lettres et des chiffres.`,
    );
  });

  it('falls back to the generic message for an unknown key, a subtree or anything else', () => {
    const generic = 'Une erreur inattendue est survenue. Réessayez dans un instant.';
    expect(translateError(i18n.t, new AppError('INTERNAL', 'x', { userMessage: 'auth.errors.brand_new' }))).toBe(
      generic,
    );
    expect(translateError(i18n.t, new AppError('INTERNAL', 'x', { userMessage: 'auth.errors' }))).toBe(generic);
    expect(translateError(i18n.t, new Error('boom'))).toBe(generic);
    // A plural key without a usable count is not a message either.
    expect(
      translateError(
        i18n.t,
        new AppError('RATE_LIMITED', 'x', { userMessage: 'auth.errors.rate_limited_for', details: { count: '42' } }),
      ),
    ).toBe(generic);
  });

  it('treats details from a server as values, never as i18next options', () => {
    const error = new AppError('UNAVAILABLE', 'x', {
      userMessage: 'errors.unavailable',
      details: { lng: 'en', defaultValue: 'injected', returnObjects: false },
    });
    expect(translateError(i18n.t, error)).toBe('Le service est momentanément indisponible. Réessayez dans un instant.');
  });
});
