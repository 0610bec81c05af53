/**
 * Deleting one's account from the profile, with the real supabase-js client and only fetch
 * faked: the typed address must match; the only owner of companies is told which ones need
 * another owner first, with a way to their team page; a deletion ends the session on this device
 * and the sign-in page confirms it. (The last test signs out for good.)
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configureSupabase, getSessionState } from '@web/lib/supabase/index.ts';
import { SignInPage } from '@web/features/auth/components/sign-in-page.tsx';
import { en } from '@web/i18n/locales/en.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { changeLanguage } from '@web/i18n/index.ts';
import { getDevicePinStatus, setDevicePin } from '../internal/device-pin.ts';
import {
  answerAuthError,
  answerRpcError,
  installFakeFetch,
  routeUser,
  storeSession,
  SUPABASE_URL,
  USER_EMAIL,
  USER_ID,
  type FakeRequest,
} from '../fixtures/fake-supabase.ts';
import { DeleteAccount } from './delete-account.tsx';

const tenancy = vi.hoisted(() => ({ switched: [] as string[] }));
vi.mock('@web/features/tenancy/index.ts', () => ({
  TENANCY_PATHS: { team: '/equipe' },
  useCurrentTenant: () => ({ switchTenant: (id: string) => tenancy.switched.push(id) }),
}));

const text = fr.account.deleteAccount;
const DELETE_URL = `${SUPABASE_URL}/rest/v1/rpc/delete_my_account`;

function ProfileStandIn() {
  const session = getSessionState();
  return session.status === 'signed-in' ? <DeleteAccount user={session.user} /> : <p>Déconnecté</p>;
}

function renderProfile() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider
        router={createMemoryRouter(
          [
            { path: '/profil', Component: ProfileStandIn },
            { path: '/equipe', Component: () => <h1>Équipe</h1> },
            { path: '/auth/sign-in', Component: SignInPage },
          ],
          { initialEntries: ['/profil'] },
        )}
      />
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

async function openDialog(user: ReturnType<typeof userEvent.setup>, messages = text) {
  await user.click(screen.getByRole('button', { name: messages.open }));
  return screen.getByRole('dialog', { name: messages.dialogTitle });
}

function countDeletes(requests: readonly FakeRequest[]): number {
  return requests.filter((request) => request.url === DELETE_URL).length;
}

beforeAll(() => {
  storeSession('aal1');
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: 'anon-key' });
});

beforeEach(() => {
  storeSession('aal1');
  tenancy.switched = [];
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('DeleteAccount', () => {
  it('asks for the account’s email address and deletes nothing until it matches', async () => {
    const requests = installFakeFetch([routeUser([])]);
    const user = renderProfile();
    const dialog = await openDialog(user);
    const field = within(dialog).getByLabelText(text.confirmLabel);
    expect(field).toHaveFocus();
    expect(field).toHaveAccessibleDescription(`Pour confirmer, saisissez ${USER_EMAIL}.`);

    await user.type(field, 'marc@autre.test');
    await user.click(within(dialog).getByRole('button', { name: text.confirm }));

    expect(field).toHaveAccessibleDescription(`Pour confirmer, saisissez ${USER_EMAIL}. ${text.mismatch}`);
    expect(field).toHaveFocus();
    expect(countDeletes(requests)).toBe(0);
  });

  it('names the companies that need another owner first, each with a way to its team', async () => {
    const requests = installFakeFetch([
      routeUser([]),
      ({ url }) =>
        url === DELETE_URL
          ? answerRpcError(409, 'last_owner', {
              tenants: [
                { tenant_id: '019a8f00-3000-7000-8000-000000000001', name: 'Atelier Solo' },
                { tenant_id: '019a8f00-1000-7000-8000-000000000001', name: 'Garage du Centre' },
              ],
            })
          : undefined,
    ]);
    const user = renderProfile();
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText(text.confirmLabel), ` ${USER_EMAIL.toUpperCase()} `);
    await user.click(within(dialog).getByRole('button', { name: text.confirm }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Vous êtes le seul propriétaire de 2 entreprises');
    expect(alert).toHaveTextContent(text.lastOwnerBody_other);
    expect(countDeletes(requests)).toBe(1);
    // Nothing was deleted: still signed in.
    expect(getSessionState().status).toBe('signed-in');

    await user.click(within(alert).getByRole('button', { name: 'Ouvrir l’équipe de Garage du Centre' }));
    expect(await screen.findByRole('heading', { name: 'Équipe' })).toBeInTheDocument();
    expect(tenancy.switched).toEqual(['019a8f00-1000-7000-8000-000000000001']);
  });

  it('explains it in English too, in the singular for one company', async () => {
    await changeLanguage('en');
    installFakeFetch([
      routeUser([]),
      ({ url }) =>
        url === DELETE_URL
          ? answerRpcError(409, 'last_owner', { tenants: [{ tenant_id: 'tenant-1', name: 'Atelier Solo' }] })
          : undefined,
    ]);
    const user = renderProfile();
    const dialog = await openDialog(user, en.account.deleteAccount);
    await user.type(within(dialog).getByLabelText(en.account.deleteAccount.confirmLabel), USER_EMAIL);
    await user.click(within(dialog).getByRole('button', { name: en.account.deleteAccount.confirm }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(en.account.deleteAccount.lastOwnerTitle_one);
    expect(within(alert).getByRole('button', { name: 'Open the team of Atelier Solo' })).toBeInTheDocument();
  });

  it('deletes the account, ends the session on this device and says so on the sign-in page', async () => {
    await setDevicePin(USER_ID, '2468');
    const requests = installFakeFetch([
      routeUser([]),
      ({ url }) => (url === DELETE_URL ? new Response(null, { status: 204 }) : undefined),
      // The user no longer exists: GoTrue refuses the logout, which auth-js takes as signed out.
      ({ url }) =>
        url.startsWith(`${SUPABASE_URL}/auth/v1/logout`)
          ? answerAuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist')
          : undefined,
    ]);
    const user = renderProfile();
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText(text.confirmLabel), USER_EMAIL);
    await user.click(within(dialog).getByRole('button', { name: text.confirm }));

    expect(await screen.findByRole('heading', { level: 1, name: fr.auth.signIn.title })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(fr.auth.signIn.accountDeleted);
    await waitFor(() => expect(getSessionState().status).toBe('signed-out'));
    expect(localStorage.getItem('comptoir.auth')).toBeNull();
    expect(getDevicePinStatus(USER_ID)).toEqual({ isSet: false });
    expect(countDeletes(requests)).toBe(1);
  });
});
