/**
 * /auth/callback with a refused email link: the real supabase-js reads the error from the URL
 * fragment, as it does when GoTrue redirects back after a used or expired link.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configureSupabase } from '@web/lib/supabase/index.ts';
import { LanguageSwitch } from '@web/ui/index.ts';
import { AuthCallbackPage } from './auth-callback-page.tsx';

const FAILED_LINK_FRAGMENT =
  '#error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid+or+has+expired';

beforeAll(() => {
  // auth-js reads the URL once, when the client is created.
  window.history.replaceState(null, '', `/auth/callback${FAILED_LINK_FRAGMENT}`);
  configureSupabase({ supabaseUrl: 'http://supabase.test', supabaseAnonKey: 'anon-key' });
});

function renderPage() {
  const queryClient = new QueryClient();
  render(
    // As in the app (boot.tsx): StrictMode runs effects twice on mount.
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={['/auth/callback']}>
          <LanguageSwitch />
          <AuthCallbackPage />
        </MemoryRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
  return userEvent.setup();
}

describe('AuthCallbackPage', () => {
  it('titles the page after what it shows: pending, then the failure, in either language', async () => {
    const user = renderPage();
    expect(document.title).toBe('Connexion en cours… · Comptoir');

    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion impossible' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Ce lien a expiré ou a déjà été utilisé. Demandez-en un nouveau.',
    );
    // The title is set by an effect after the render that shows the heading.
    await waitFor(() => expect(document.title).toBe('Connexion impossible · Comptoir'));

    await user.click(screen.getByRole('button', { name: /English/ }));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Could not sign you in');
    await waitFor(() => expect(document.title).toBe('Could not sign you in · Comptoir'));
  });
});
