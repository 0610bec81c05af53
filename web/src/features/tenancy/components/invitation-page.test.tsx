/**
 * The invitation link, signed out, against the real supabase-js client with only `fetch` faked:
 * each state of an invitation (pending, used, revoked, expired, unknown, incomplete link) is
 * explained, and a pending one leads to sign-up or sign-in and back here.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configureSupabase } from '@web/lib/supabase/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { en } from '@web/i18n/locales/en.ts';
import { changeLanguage } from '@web/i18n/index.ts';
import type { InvitationPreview, InvitationStatus } from '../internal/types.ts';
import { answerJson, answerRpcError, installFakeBackend, SUPABASE_URL } from '../internal/fake-backend.ts';
import { forgetInvitationToken } from '../internal/invitation-token.ts';
import { InvitationPage } from './invitation-page.tsx';

const text = fr.tenancy.invitation;
const TOKEN = 'a'.repeat(64);

function createPreview(status: InvitationStatus): InvitationPreview {
  return {
    tenant_name: 'Garage du Centre',
    tenant_vertical: 'garage',
    email: 'karim.haddad@garage.test',
    role: 'technician',
    status,
    expires_at: '2026-11-28T10:00:00Z',
    invited_by_name: 'Marc Durand',
  };
}

/** Shows where a link led, with the state it carried. */
function Destination() {
  const location = useLocation();
  return <pre data-testid="destination">{JSON.stringify({ path: location.pathname, state: location.state })}</pre>;
}

function renderPage(path = `/invitation?token=${TOKEN}`) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/invitation" element={<InvitationPage />} />
          <Route path="/auth/*" element={<Destination />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

beforeAll(() => {
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: 'anon-key' });
});

afterEach(() => {
  vi.unstubAllGlobals();
  forgetInvitationToken();
  sessionStorage.clear();
});

/** Where the page is, as the address bar would show it. */
function Address() {
  const location = useLocation();
  return <output data-testid="address">{`${location.pathname}${location.search}${location.hash}`}</output>;
}

describe('InvitationPage, the token', () => {
  it('leaves the address bar at once, stays out of query keys, and survives a reload of the tab', async () => {
    const calls = installFakeBackend({ 'rpc:get_invitation': () => answerJson(200, [createPreview('pending')]) });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const view = render(
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[`/invitation?token=${TOKEN}&utm_source=mail#haut`]}>
          <Routes>
            <Route
              path="/invitation"
              element={
                <>
                  <InvitationPage />
                  <Address />
                </>
              }
            />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );

    expect(await screen.findByRole('heading', { level: 1, name: 'Rejoindre Garage du Centre' })).toBeInTheDocument();
    expect(screen.getByTestId('address')).toHaveTextContent(/^\/invitation\?utm_source=mail#haut$/);
    expect(calls).toEqual([{ name: 'rpc:get_invitation', body: { p_token: TOKEN } }]);
    const keys = queryClient
      .getQueryCache()
      .getAll()
      .map((query) => JSON.stringify(query.queryKey));
    expect(keys).toHaveLength(1);
    expect(keys.join()).not.toContain(TOKEN);
    expect(sessionStorage.getItem('comptoir.invitation.token')).toBe(TOKEN);
    view.unmount();

    // The tab reloads on /invitation, without the token: the page still knows it.
    renderPage('/invitation');
    expect(await screen.findByRole('heading', { level: 1, name: 'Rejoindre Garage du Centre' })).toBeInTheDocument();
    expect(calls.at(-1)).toEqual({ name: 'rpc:get_invitation', body: { p_token: TOKEN } });
  });
});

describe('InvitationPage, signed out', () => {
  it('shows the company, the role and who invited, then offers to create an account with the invited address', async () => {
    const calls = installFakeBackend({ 'rpc:get_invitation': () => answerJson(200, [createPreview('pending')]) });
    const user = renderPage();

    expect(await screen.findByRole('heading', { level: 1, name: 'Rejoindre Garage du Centre' })).toBeInTheDocument();
    expect(document.title).toBe('Rejoindre Garage du Centre · Comptoir');
    expect(
      screen.getByText(
        (_content, element) =>
          element?.tagName === 'P' &&
          element.textContent ===
            'Marc Durand vous invite à rejoindre Garage du Centre sur Comptoir en tant que Technicien·ne.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('karim.haddad@garage.test')).toBeInTheDocument();
    expect(calls).toEqual([{ name: 'rpc:get_invitation', body: { p_token: TOKEN } }]);

    await user.click(screen.getByRole('link', { name: text.createAccount }));
    expect(JSON.parse(screen.getByTestId('destination').textContent ?? '{}')).toEqual({
      path: '/auth/sign-up',
      state: { from: `/invitation?token=${TOKEN}`, email: 'karim.haddad@garage.test' },
    });
  });

  it('offers to sign in and come back', async () => {
    installFakeBackend({ 'rpc:get_invitation': () => answerJson(200, [createPreview('pending')]) });
    const user = renderPage();
    await user.click(await screen.findByRole('link', { name: text.signIn }));
    expect(JSON.parse(screen.getByTestId('destination').textContent ?? '{}')).toMatchObject({
      path: '/auth/sign-in',
      state: { from: `/invitation?token=${TOKEN}` },
    });
  });

  it.each([
    ['accepted', text.acceptedTitle, 'Cette invitation à rejoindre Garage du Centre a déjà été acceptée.'],
    [
      'revoked',
      text.revokedTitle,
      'Cette invitation à rejoindre Garage du Centre a été annulée. Demandez un nouveau lien si besoin.',
    ],
    [
      'expired',
      text.expiredTitle,
      'Cette invitation à rejoindre Garage du Centre a expiré le 28 novembre 2026. Demandez un nouveau lien.',
    ],
  ] as const)('explains an invitation that is %s', async (status, title, message) => {
    installFakeBackend({ 'rpc:get_invitation': () => answerJson(200, [createPreview(status)]) });
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: text.createAccount })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: text.goSignIn })).toBeInTheDocument();
  });

  it('explains an unknown or replaced link (404 invitation_not_found)', async () => {
    installFakeBackend({ 'rpc:get_invitation': () => answerRpcError(404, 'invitation_not_found') });
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: text.unknownTitle })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(text.unknown);
  });

  it('explains an incomplete link without asking the server', async () => {
    const calls = installFakeBackend({});
    renderPage('/invitation');
    expect(screen.getByRole('heading', { level: 1, name: text.missingTitle })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(text.missing);
    expect(calls).toEqual([]);
  });

  it('speaks English too', async () => {
    await changeLanguage('en');
    installFakeBackend({ 'rpc:get_invitation': () => answerJson(200, [createPreview('pending')]) });
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'Join Garage du Centre' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: en.tenancy.invitation.createAccount })).toBeInTheDocument();
  });
});
