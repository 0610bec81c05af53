/**
 * The invitation link, signed in, against the real supabase-js client with only `fetch` faked:
 * the invited person joins and lands on home in that company; someone signed in with another
 * account is told so and offered to sign out.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fr } from '@web/i18n/locales/fr.ts';
import type { InvitationPreview } from '../internal/types.ts';
import {
  answerJson,
  answerRpcError,
  GARAGE,
  installFakeBackend,
  resetTenancyStores,
  signInForTests,
  SOPHIE,
  storeSession,
} from '../internal/fake-backend.ts';
import { useTenantSelection } from '../store.ts';
import { InvitationPage } from './invitation-page.tsx';

const text = fr.tenancy.invitation;
const TOKEN = 'b'.repeat(64);

function createPreview(email: string): InvitationPreview {
  return {
    tenant_name: 'Garage du Centre',
    tenant_vertical: 'garage',
    email,
    role: 'admin',
    status: 'pending',
    expires_at: '2026-11-28T10:00:00Z',
    invited_by_name: 'Marc Durand',
  };
}

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[`/invitation?token=${TOKEN}`]}>
        <Routes>
          <Route path="/invitation" element={<InvitationPage />} />
          <Route path="/" element={<p>Accueil de test</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

beforeAll(async () => {
  await signInForTests(SOPHIE);
});

beforeEach(() => {
  storeSession(SOPHIE);
  resetTenancyStores();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('InvitationPage, signed in', () => {
  it('joins with the invited account, switches to that company and goes home', async () => {
    let hasJoined = false;
    const calls = installFakeBackend({
      'rpc:get_invitation': () => answerJson(200, [createPreview('Sophie.Martin@garage-du-centre.test')]),
      'rpc:accept_invitation': () => {
        hasJoined = true;
        return answerJson(200, [{ tenant_id: GARAGE.id, role: 'admin' }]);
      },
      'rpc:list_my_tenants': () => answerJson(200, hasJoined ? [GARAGE] : []),
    });
    const user = renderPage();
    await user.click(await screen.findByRole('button', { name: 'Rejoindre Garage du Centre' }));

    expect(await screen.findByText('Accueil de test')).toBeInTheDocument();
    expect(calls.find((call) => call.name === 'rpc:accept_invitation')?.body).toEqual({ p_token: TOKEN });
    expect(useTenantSelection.getState().selectedByUser[SOPHIE.id]).toBe(GARAGE.id);
    // Home can rely on the list: it was fetched again after joining.
    expect(calls.filter((call) => call.name === 'rpc:list_my_tenants').length).toBeGreaterThan(0);
  });

  it('explains a refusal in words and stays on the page', async () => {
    installFakeBackend({
      'rpc:get_invitation': () => answerJson(200, [createPreview(SOPHIE.email)]),
      'rpc:accept_invitation': () => answerRpcError(409, 'already_member'),
    });
    const user = renderPage();
    await user.click(await screen.findByRole('button', { name: 'Rejoindre Garage du Centre' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(fr.errors.rpc.already_member);
    expect(screen.getByRole('link', { name: text.goHome })).toBeInTheDocument();
  });

  it('tells someone signed in with another account, and offers to sign out', async () => {
    const calls = installFakeBackend({
      'rpc:get_invitation': () => answerJson(200, [createPreview('karim.haddad@garage.test')]),
      '/auth/v1/logout': () => new Response(null, { status: 204 }),
    });
    const user = renderPage();
    expect(await screen.findByText(text.otherAccountTitle)).toBeInTheDocument();
    expect(
      screen.getByText(
        (_content, element) =>
          element?.tagName === 'DIV' &&
          element.textContent ===
            'Vous êtes connecté·e avec sophie.martin@garage-du-centre.test, mais cette invitation a été envoyée à karim.haddad@garage.test. Déconnectez-vous, puis connectez-vous ou créez un compte avec l’adresse invitée.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: text.signOut })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Rejoindre Garage du Centre' })).not.toBeInTheDocument();
    expect(calls.map((call) => call.name)).toEqual(['rpc:get_invitation']);

    // Signed out, the same page offers to create the invited account (this test runs last: it ends the session).
    await user.click(screen.getByRole('button', { name: text.signOut }));
    expect(await screen.findByRole('link', { name: text.createAccount })).toBeInTheDocument();
    expect(calls.map((call) => call.name)).toContain('/auth/v1/logout');
  });
});
