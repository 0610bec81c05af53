/**
 * The lock screen beyond the password, with the real supabase-js client and only fetch faked:
 *   - a sign-in link by email (for magic-link and Google users, or a locked password) that comes
 *     back to the page under the lock; the newer session it brings unlocks, and the session it
 *     replaced is revoked on the server;
 *   - signing out works offline: the session ends on this device and no lock is left behind.
 * (In this order: the last test signs out for good.)
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { CurrentTenant } from '@web/features/tenancy/index.ts';
import { configureSupabase, getSessionState } from '@web/lib/supabase/index.ts';
import { getSupabaseClient } from '@web/lib/supabase/client.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { isLockedFor, lockApp, LOCK_STORAGE_KEY } from '../internal/inactivity-lock.ts';
import {
  answerJson,
  createSession,
  installFakeFetch,
  readBearerClaims,
  routeUser,
  storeSession,
  SUPABASE_URL,
  USER_EMAIL,
  USER_ID,
  type FakeRequest,
} from '../fixtures/fake-supabase.ts';
import { SecurityGate } from './security-gate.tsx';

vi.mock('@web/features/tenancy/index.ts', () => ({
  useCurrentTenant: () => ({ tenant: null as CurrentTenant | null, tenants: [], isLoading: false }),
}));

/** The session the app was locked in, and the one an email link brings an hour later. */
const SIGNED_IN_AT = Math.floor(Date.now() / 1000) - 3600;
const LOCKED = { sessionId: '019a8f00-0000-7000-8000-0000000005e1', signedInAt: SIGNED_IN_AT };
const FROM_LINK = { sessionId: '019a8f00-0000-7000-8000-0000000005e2', signedInAt: SIGNED_IN_AT + 3600 };

function renderGate(path = '/devis?id=42') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(
    [{ Component: SecurityGate, children: [{ path: '/devis', Component: () => <h1>Devis D-2026-042</h1> }] }],
    { initialEntries: [path] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

function findLockDialog() {
  return screen.findByRole('dialog', { name: fr.account.lock.title });
}

/** GoTrue's logout, remembering which session each call revoked. */
function routeLogout(revoked: string[]) {
  return ({ method, url, init }: FakeRequest) => {
    if (method !== 'POST' || !url.startsWith(`${SUPABASE_URL}/auth/v1/logout`)) return undefined;
    revoked.push(`${new URL(url).searchParams.get('scope')}:${String(readBearerClaims(init)?.['session_id'])}`);
    return new Response(null, { status: 204 });
  };
}

beforeAll(() => {
  storeSession('aal1', [], LOCKED);
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: 'anon-key' });
});

beforeEach(() => {
  storeSession('aal1', [], LOCKED);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('lock screen', () => {
  it('sends a sign-in link by email that comes back to the page under the lock', async () => {
    const requests = installFakeFetch([
      routeUser([]),
      ({ method, url }) =>
        method === 'POST' && url.startsWith(`${SUPABASE_URL}/auth/v1/otp`) ? answerJson(200, {}) : undefined,
    ]);
    lockApp(USER_ID);
    const user = renderGate();
    const dialog = await findLockDialog();

    await user.click(within(dialog).getByRole('button', { name: fr.account.lock.sendLink }));

    expect(await within(dialog).findByRole('status')).toHaveTextContent(
      `Lien envoyé à ${USER_EMAIL}. Ouvrez-le sur cet appareil`,
    );
    const otp = requests.find((request) => request.url.startsWith(`${SUPABASE_URL}/auth/v1/otp`));
    expect(JSON.parse(String(otp?.init?.body))).toMatchObject({ email: USER_EMAIL });
    expect(new URL(otp?.url ?? '').searchParams.get('redirect_to')).toBe(`${window.location.origin}/auth/callback`);
    // Where /auth/callback continues once the link is opened: this very page.
    expect(localStorage.getItem('comptoir.auth.next')).toBe('/devis?id=42');
    expect(within(dialog).getByRole('button', { name: fr.account.lock.sendLinkAgain })).toBeInTheDocument();
    expect(isLockedFor(USER_ID)).toBe(true);
  });

  it('unlocks when the link brings a newer session of the same user, and revokes the locked one', async () => {
    const revoked: string[] = [];
    installFakeFetch([routeUser([]), routeLogout(revoked)]);
    lockApp(USER_ID);
    renderGate();
    await findLockDialog();

    // A token refresh of the locked session: still locked.
    const refreshed = createSession('aal1', [], LOCKED);
    await getSupabaseClient().auth.setSession(refreshed);
    expect(isLockedFor(USER_ID)).toBe(true);
    expect(screen.getByRole('dialog', { name: fr.account.lock.title })).toBeInTheDocument();

    // What /auth/callback stores when the emailed link is opened (in this tab or another).
    const fromLink = createSession('aal1', [], FROM_LINK);
    await getSupabaseClient().auth.setSession(fromLink);

    expect(await screen.findByRole('heading', { name: 'Devis D-2026-042' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(getSessionState()).toMatchObject({ status: 'signed-in', session: { id: FROM_LINK.sessionId } });
    // The session it replaced no longer works anywhere; the new one is untouched.
    await waitFor(() => expect(revoked).toEqual([`local:${LOCKED.sessionId}`]));
  });

  it('signs out offline: the session ends on this device and no lock is left behind', async () => {
    const revoked: string[] = [];
    let isNetworkUp = false;
    installFakeFetch([
      () => {
        if (!isNetworkUp) throw new TypeError('Failed to fetch');
        return undefined;
      },
      routeUser([]),
      routeLogout(revoked),
    ]);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    window.dispatchEvent(new Event('offline'));
    lockApp(USER_ID);
    const user = renderGate();
    const dialog = await findLockDialog();

    await user.click(within(dialog).getByRole('button', { name: fr.account.lock.signOut }));

    await waitFor(() => expect(getSessionState().status).toBe('signed-out'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(localStorage.getItem('comptoir.auth')).toBeNull();
    expect(localStorage.getItem(LOCK_STORAGE_KEY)).toBeNull();
    expect(revoked).toEqual([]);

    // Back online (page still open): the server forgets that session too.
    isNetworkUp = true;
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(revoked).toEqual([`local:${LOCKED.sessionId}`]));
    expect(localStorage.getItem('comptoir.auth')).toBeNull();
  });
});
