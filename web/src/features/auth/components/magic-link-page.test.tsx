/**
 * The magic-link page against the real supabase-js client, with only `fetch` faked: GoTrue's
 * email rate limit must reach the user with the wait it names, in words, in either language.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configureSupabase } from '@web/lib/supabase/index.ts';
import { changeLanguage } from '@web/i18n/index.ts';
import { MagicLinkPage } from './magic-link-page.tsx';

/** A loopback URL, as with the local stand-in: the page then offers the dev mailbox. */
const SUPABASE_URL = 'http://127.0.0.1:54321';

/** GoTrue's 429 for an email sent too recently (API version 2024-01-01 envelope). */
function answerEmailRateLimit(seconds: number): Response {
  const code = 'over_email_send_rate_limit';
  return new Response(
    JSON.stringify({ code, message: `For security purposes, you can only request this after ${seconds} seconds.` }),
    {
      status: 429,
      headers: { 'Content-Type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01', 'x-sb-error-code': code },
    },
  );
}

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={['/auth/magic-link']}>
        <MagicLinkPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

/** jsdom keeps U+00A0 in text; compare words, not spacing. */
const normalizeSpaces = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

beforeAll(() => {
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: 'anon-key' });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('MagicLinkPage', () => {
  it('says how many seconds to wait when emails are rate-limited (French)', async () => {
    vi.stubGlobal('fetch', async () => answerEmailRateLimit(42));
    const user = renderPage();

    await user.type(screen.getByLabelText('Adresse e-mail'), 'claire@example.fr');
    await user.click(screen.getByRole('button', { name: 'Envoyer le lien' }));

    const alert = await screen.findByRole('alert');
    expect(normalizeSpaces(alert.textContent)).toBe('Pour votre sécurité, patientez 42 secondes avant de réessayer.');
    expect(screen.getByLabelText('Adresse e-mail')).toHaveValue('claire@example.fr');
  });

  it('says how many seconds to wait when emails are rate-limited (English)', async () => {
    vi.stubGlobal('fetch', async () => answerEmailRateLimit(42));
    await changeLanguage('en');
    const user = renderPage();

    await user.type(screen.getByLabelText('Email address'), 'claire@example.fr');
    await user.click(screen.getByRole('button', { name: 'Send the link' }));

    const alert = await screen.findByRole('alert');
    expect(normalizeSpaces(alert.textContent)).toBe('For your security, wait 42 seconds before trying again.');
  });

  it('once sent, links to the dev mailbox and says it opens a new tab', async () => {
    vi.stubGlobal(
      'fetch',
      async () => new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } }),
    );
    const user = renderPage();

    await user.type(screen.getByLabelText('Adresse e-mail'), 'claire@example.fr');
    await user.click(screen.getByRole('button', { name: 'Envoyer le lien' }));

    const link = await screen.findByRole('link', { name: 'Ouvrir la boîte mail de développement (nouvel onglet)' });
    expect(link).toHaveAttribute('href', `${SUPABASE_URL}/_dev/mail`);
    expect(link).toHaveAttribute('target', '_blank');

    await changeLanguage('en');
    expect(await screen.findByRole('link', { name: 'Open the development mailbox (new tab)' })).toBeInTheDocument();
  });
});
