/**
 * /auth/callback when the link signs in another person than the one signed in on this device (a
 * colleague's link opened over a locked session): the new user arrives while the page is still
 * waiting for the outcome, and the app then drops the previous user's cached data
 * (`queryClient.clear()`, app/providers.tsx). The page must still finish and move on.
 */
import { describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type * as SupabaseModule from '@web/lib/supabase/index.ts';
import type { AuthRedirectResult } from '@web/lib/supabase/index.ts';
import { rememberNextPath } from '../internal/redirect.ts';
import { AuthCallbackPage } from './auth-callback-page.tsx';

const redirect = vi.hoisted(() => {
  let resolve: (result: AuthRedirectResult) => void = () => undefined;
  const complete = vi.fn(
    () =>
      new Promise<AuthRedirectResult>((settle) => {
        resolve = settle;
      }),
  );
  return { complete, finish: (result: AuthRedirectResult) => resolve(result) };
});

vi.mock('@web/lib/supabase/index.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof SupabaseModule>()),
  completeAuthRedirect: redirect.complete,
}));

describe('AuthCallbackPage', () => {
  it('moves on to the remembered page even when the cache is cleared for the new user meanwhile', async () => {
    rememberNextPath('/profil');
    const queryClient = new QueryClient();
    render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <MemoryRouter initialEntries={['/auth/callback']}>
            <Routes>
              <Route path="/auth/callback" element={<AuthCallbackPage />} />
              <Route path="/profil" element={<h1>Profil</h1>} />
            </Routes>
          </MemoryRouter>
        </QueryClientProvider>
      </StrictMode>,
    );
    expect(screen.getByText('Connexion en cours…')).toBeInTheDocument();
    expect(redirect.complete).toHaveBeenCalledTimes(1);

    // auth-js reports the new user before completeAuthRedirect() returns: the app clears the cache.
    act(() => queryClient.clear());
    await act(async () => redirect.finish({ status: 'signed-in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Profil' })).toBeInTheDocument();
    // Finishing the link has side effects (the remembered path is taken): it runs once.
    expect(redirect.complete).toHaveBeenCalledTimes(1);
  });
});
