/**
 * The sign-in form against the real supabase-js client, with only `fetch` faked: the protected
 * sign-in (edge function `sign-in`) passes GoTrue's errors through and adds its own rate limit;
 * every refusal must reach the user as a translated sentence, and nothing typed may be lost.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configureSupabase, getSessionState, signOut } from '@web/lib/supabase/index.ts';
import { changeLanguage } from '@web/i18n/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { en } from '@web/i18n/locales/en.ts';
import { SignInForm } from './sign-in-form.tsx';

const SUPABASE_URL = 'http://supabase.test';

const SIGN_IN_URL = `${SUPABASE_URL}/functions/v1/sign-in`;

/** A GoTrue error as the sign-in function passes it through (API version 2024-01-01 envelope). */
function answerAuthError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ code, message }), {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01', 'x-sb-error-code': code },
  });
}

/** The function's own refusal when the caller's IP is over the failure limit. */
function answerIpRateLimit(retryAfterSeconds: number): Response {
  return new Response(
    JSON.stringify({
      code: 'RATE_LIMITED',
      userMessage: 'auth.errors.too_many_attempts',
      details: { retry_after_seconds: retryAfterSeconds },
    }),
    { status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': String(retryAfterSeconds) } },
  );
}

/** An unsigned JWT: auth-js only decodes the payload (expiry, aal) on the client. */
function createAccessToken(userId: string): string {
  const encode = (value: object) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: userId, exp, aal: 'aal1', role: 'authenticated' })}.c2ln`;
}

const USER = {
  id: '019a8f00-0000-7000-8000-00000000c1a1',
  aud: 'authenticated',
  role: 'authenticated',
  email: 'claire@example.fr',
  app_metadata: {},
  user_metadata: {},
  created_at: '2026-11-01T08:00:00Z',
  last_sign_in_at: '2026-11-21T08:00:00Z',
  factors: [],
};

/** What a request asked for, whatever form supabase-js used to pass it. */
function describeRequest(input: unknown, init: RequestInit | undefined): { url: string; method: string } {
  const url = input instanceof Request ? input.url : String(input);
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  return { url, method };
}

function fillAndSubmit(user: ReturnType<typeof userEvent.setup>, email: string, password: string) {
  return (async () => {
    await user.type(screen.getByLabelText(fr.auth.fields.email), email);
    await user.type(screen.getByLabelText(fr.auth.fields.password), password);
    await user.click(screen.getByRole('button', { name: fr.auth.signIn.submit }));
  })();
}

/** jsdom keeps U+00A0 in text; compare words, not spacing. */
const normalizeSpaces = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

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
  it('signs in through the sign-in function and hands its session to auth-js', async () => {
    const seen: string[] = [];
    const fetchMock = vi.fn(async (input: unknown, init?: RequestInit) => {
      const { url, method } = describeRequest(input, init);
      seen.push(`${method} ${url}`);
      if (url === SIGN_IN_URL) {
        return Response.json({
          access_token: createAccessToken(USER.id),
          token_type: 'bearer',
          expires_in: 3600,
          expires_at: Math.floor(Date.now() / 1000) + 3600,
          refresh_token: 'refresh-1',
          user: USER,
        });
      }
      if (url === `${SUPABASE_URL}/auth/v1/user`) return Response.json(USER);
      return new Response('{}', { status: 404, headers: { 'Content-Type': 'application/json' } });
    });
    vi.stubGlobal('fetch', fetchMock);
    const user = renderForm();

    await fillAndSubmit(user, 'Claire@Example.fr', 'secret-123');

    await waitFor(() => expect(getSessionState()).toMatchObject({ status: 'signed-in', user: { id: USER.id } }));
    expect(seen).toContain(`POST ${SIGN_IN_URL}`);
    // Never GoTrue's /token directly: the function is where failures are counted per IP.
    expect(seen.some((request) => request.includes('/auth/v1/token'))).toBe(false);
    const signInCall = fetchMock.mock.calls.find(([input]) => String(input) === SIGN_IN_URL);
    expect(JSON.parse(String(signInCall?.[1]?.body))).toEqual({ email: 'claire@example.fr', password: 'secret-123' });
    // Leave the client signed out for the next tests.
    vi.stubGlobal('fetch', async () => new Response(null, { status: 204 }));
    await signOut();
    expect(getSessionState().status).toBe('signed-out');
  });

  it('shows the translated wrong-password error and keeps the typed email and password', async () => {
    const fetchMock = vi.fn(async () => answerAuthError(400, 'invalid_credentials', 'Invalid login credentials'));
    vi.stubGlobal('fetch', fetchMock);
    const user = renderForm();

    await fillAndSubmit(user, 'Claire@Garage-Martin.fr', 'wrong-password-1');

    expect(await screen.findByRole('alert')).toHaveTextContent(fr.auth.errors.invalid_credentials);
    expect(screen.getByLabelText(fr.auth.fields.email)).toHaveValue('Claire@Garage-Martin.fr');
    expect(screen.getByLabelText(fr.auth.fields.password)).toHaveValue('wrong-password-1');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(SIGN_IN_URL);
    // GoTrue stores addresses trimmed and lower-cased; we send them that way.
    expect(JSON.parse(String(init.body))).toMatchObject({ email: 'claire@garage-martin.fr' });
  });

  it('says how many minutes to wait when this IP made too many attempts, rounding up', async () => {
    vi.stubGlobal('fetch', async () => answerIpRateLimit(781));
    const user = renderForm();

    await fillAndSubmit(user, 'claire@example.fr', 'secret-123');

    const alert = await screen.findByRole('alert');
    expect(normalizeSpaces(alert.textContent)).toBe(
      'Trop de tentatives avec le mot de passe. Réessayez dans 14 minutes, ou recevez un lien de connexion par e-mail : il fonctionne toujours.',
    );
    expect(screen.getByLabelText(fr.auth.fields.email)).toHaveValue('claire@example.fr');
  });

  it('says the same when the account is locked, in the singular for the last minute', async () => {
    vi.stubGlobal('fetch', async () => answerAuthError(400, 'invalid_credentials', 'too_many_attempts retry_after=42'));
    const user = renderForm();

    await fillAndSubmit(user, 'claire@example.fr', 'secret-123');

    const alert = await screen.findByRole('alert');
    expect(normalizeSpaces(alert.textContent)).toBe(
      'Trop de tentatives avec le mot de passe. Réessayez dans 1 minute, ou recevez un lien de connexion par e-mail : il fonctionne toujours.',
    );
    expect(screen.getByLabelText(fr.auth.fields.email)).toHaveValue('claire@example.fr');
  });

  it('says how long to wait in English too', async () => {
    vi.stubGlobal('fetch', async () =>
      answerAuthError(400, 'invalid_credentials', 'too_many_attempts retry_after=900'),
    );
    await changeLanguage('en');
    const user = renderForm();

    await user.type(screen.getByLabelText(en.auth.fields.email), 'claire@example.fr');
    await user.type(screen.getByLabelText(en.auth.fields.password), 'secret-123');
    await user.click(screen.getByRole('button', { name: en.auth.signIn.submit }));

    const alert = await screen.findByRole('alert');
    expect(normalizeSpaces(alert.textContent)).toBe(
      'Too many password attempts. Try again in 15 minutes, or get a sign-in link by email: that still works.',
    );
    expect(screen.getByRole('button', { name: en.auth.signIn.sendLinkInstead })).toBeInTheDocument();
  });

  it('offers a sign-in link by email right under a password lock, sent to the typed address', async () => {
    const requests: { url: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (input: unknown, init?: RequestInit) => {
      const { url } = describeRequest(input, init);
      requests.push({ url, body: init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined });
      if (url === SIGN_IN_URL) return answerIpRateLimit(600);
      if (url.startsWith(`${SUPABASE_URL}/auth/v1/otp`)) return Response.json({});
      return new Response('{}', { status: 404, headers: { 'Content-Type': 'application/json' } });
    });
    const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
    render(
      <QueryClientProvider client={queryClient}>
        <SignInForm nextPath="/equipe" />
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    // No lock, no offer: an ordinary form.
    expect(screen.queryByRole('button', { name: fr.auth.signIn.sendLinkInstead })).not.toBeInTheDocument();

    await fillAndSubmit(user, 'Claire@Example.fr', 'secret-123');
    await user.click(await screen.findByRole('button', { name: fr.auth.signIn.sendLinkInstead }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Un lien de connexion a été envoyé à claire@example.fr. Ouvrez-le sur cet appareil pour vous connecter.',
    );
    const otp = requests.find((request) => request.url.startsWith(`${SUPABASE_URL}/auth/v1/otp`));
    expect(otp?.body).toMatchObject({ email: 'claire@example.fr', create_user: true });
    expect(new URL(otp?.url ?? '').searchParams.get('redirect_to')).toBe(`${window.location.origin}/auth/callback`);
    // The link comes back to the page the user wanted.
    expect(localStorage.getItem('comptoir.auth.next')).toBe('/equipe');
    expect(screen.getByLabelText(fr.auth.fields.email)).toHaveValue('Claire@Example.fr');
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
