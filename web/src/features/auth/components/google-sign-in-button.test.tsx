/**
 * "Continue with Google" appears only when GoTrue's public settings say the project has Google
 * enabled (locally it is off), on the sign-in and the sign-up pages. Real supabase-js, fake fetch.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configureSupabase } from '@web/lib/supabase/index.ts';
import { changeLanguage } from '@web/i18n/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { en } from '@web/i18n/locales/en.ts';
import { SignInPage } from './sign-in-page.tsx';
import { SignUpPage } from './sign-up-page.tsx';

const SUPABASE_URL = 'http://supabase.test';
const ANON_KEY = 'anon-key';

/** GoTrue's GET /settings, trimmed to what matters here. */
function answerSettings(isGoogleEnabled: boolean): Response {
  return Response.json({
    external: { anonymous_users: false, email: true, phone: false, google: isGoogleEnabled, github: false },
    disable_signup: false,
    mailer_autoconfirm: false,
  });
}

function renderPage(page: 'sign-in' | 'sign-up') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[page === 'sign-in' ? '/auth/sign-in' : '/auth/sign-up']}>
        {page === 'sign-in' ? <SignInPage /> : <SignUpPage />}
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return queryClient;
}

/** Waits until the settings query has settled (answer or failure): then the page shows its final state. */
async function waitForSettings(queryClient: QueryClient, status: 'success' | 'error') {
  await vi.waitFor(() => expect(queryClient.getQueryState(['auth', 'providers'])?.status).toBe(status));
}

beforeAll(() => {
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: ANON_KEY });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('GoogleSignInButton', () => {
  it('is offered on the sign-in page when the project enables Google', async () => {
    const fetchMock = vi.fn(async () => answerSettings(true));
    vi.stubGlobal('fetch', fetchMock);
    renderPage('sign-in');

    expect(await screen.findByRole('button', { name: fr.auth.google.continue })).toBeInTheDocument();
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`${SUPABASE_URL}/auth/v1/settings`);
    expect(new Headers(init.headers).get('apikey')).toBe(ANON_KEY);
    // The email form is still there, below.
    expect(screen.getByRole('button', { name: fr.auth.signIn.submit })).toBeInTheDocument();
  });

  it('is offered on the sign-up page too, in the current language', async () => {
    vi.stubGlobal('fetch', async () => answerSettings(true));
    await changeLanguage('en');
    renderPage('sign-up');

    expect(await screen.findByRole('button', { name: en.auth.google.continue })).toBeInTheDocument();
  });

  it('is absent when Google is off (the local stack), once the settings have been read', async () => {
    vi.stubGlobal('fetch', async () => answerSettings(false));
    const queryClient = renderPage('sign-in');

    await waitForSettings(queryClient, 'success');
    expect(screen.getByRole('button', { name: fr.auth.signIn.submit })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: fr.auth.google.continue })).not.toBeInTheDocument();
  });

  it('is absent when the settings cannot be read', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const queryClient = renderPage('sign-in');

    await waitForSettings(queryClient, 'error');
    expect(screen.queryByRole('button', { name: fr.auth.google.continue })).not.toBeInTheDocument();
  });
});
