/**
 * The sign-in form against the real supabase-js client, with only `fetch` faked: GoTrue's error
 * answers must reach the user as translated sentences, and nothing typed may be lost.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configureSupabase } from '@web/lib/supabase/index.ts';
import { changeLanguage } from '@web/i18n/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { en } from '@web/i18n/locales/en.ts';
import { SignInForm } from './sign-in-form.tsx';

const SUPABASE_URL = 'http://supabase.test';

/** A GoTrue error as auth-js receives it (API version 2024-01-01 envelope). */
function answerAuthError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ code, message }), {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01', 'x-sb-error-code': code },
  });
}

function renderForm() {
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <SignInForm />
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

beforeAll(() => {
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: 'anon-key' });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SignInForm', () => {
  it('shows the translated wrong-password error and keeps the typed email and password', async () => {
    const fetchMock = vi.fn(async () => answerAuthError(400, 'invalid_credentials', 'Invalid login credentials'));
    vi.stubGlobal('fetch', fetchMock);
    const user = renderForm();

    await user.type(screen.getByLabelText(fr.auth.fields.email), 'Claire@Garage-Martin.fr');
    await user.type(screen.getByLabelText(fr.auth.fields.password), 'wrong-password-1');
    await user.click(screen.getByRole('button', { name: fr.auth.signIn.submit }));

    expect(await screen.findByRole('alert')).toHaveTextContent(fr.auth.errors.invalid_credentials);
    expect(screen.getByLabelText(fr.auth.fields.email)).toHaveValue('Claire@Garage-Martin.fr');
    expect(screen.getByLabelText(fr.auth.fields.password)).toHaveValue('wrong-password-1');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`${SUPABASE_URL}/auth/v1/token?grant_type=password`);
    // GoTrue stores addresses trimmed and lower-cased; we send them that way.
    expect(JSON.parse(String(init.body))).toMatchObject({ email: 'claire@garage-martin.fr' });
  });

  it('explains an unconfirmed email address', async () => {
    vi.stubGlobal('fetch', async () => answerAuthError(400, 'email_not_confirmed', 'Email not confirmed'));
    const user = renderForm();

    await user.type(screen.getByLabelText(fr.auth.fields.email), 'nouveau@example.fr');
    await user.type(screen.getByLabelText(fr.auth.fields.password), 'secret123');
    await user.click(screen.getByRole('button', { name: fr.auth.signIn.submit }));

    expect(await screen.findByRole('alert')).toHaveTextContent(fr.auth.errors.email_not_confirmed);
  });

  it('tells a network failure apart from a refusal', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const user = renderForm();

    await user.type(screen.getByLabelText(fr.auth.fields.email), 'claire@example.fr');
    await user.type(screen.getByLabelText(fr.auth.fields.password), 'secret123');
    await user.click(screen.getByRole('button', { name: fr.auth.signIn.submit }));

    expect(await screen.findByRole('alert')).toHaveTextContent(fr.errors.network);
    expect(screen.getByLabelText(fr.auth.fields.email)).toHaveValue('claire@example.fr');
  });

  it('checks the fields before calling the server and focuses the first problem', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const user = renderForm();

    await user.type(screen.getByLabelText(fr.auth.fields.email), 'pas-une-adresse');
    await user.click(screen.getByRole('button', { name: fr.auth.signIn.submit }));

    const email = screen.getByLabelText(fr.auth.fields.email);
    expect(email).toHaveAccessibleDescription(fr.auth.validation.emailInvalid);
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveFocus();
    expect(email).toHaveValue('pas-une-adresse');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows the error in English once the user switched language', async () => {
    vi.stubGlobal('fetch', async () => answerAuthError(400, 'invalid_credentials', 'Invalid login credentials'));
    await changeLanguage('en');
    const user = renderForm();

    await user.type(screen.getByLabelText(en.auth.fields.email), 'claire@example.fr');
    await user.type(screen.getByLabelText(en.auth.fields.password), 'wrong-password-1');
    await user.click(screen.getByRole('button', { name: en.auth.signIn.submit }));

    expect(await screen.findByRole('alert')).toHaveTextContent(en.auth.errors.invalid_credentials);
  });
});
