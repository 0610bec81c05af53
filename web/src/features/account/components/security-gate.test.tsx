/**
 * The SecurityGate around the signed-in pages, with the real supabase-js client and only fetch
 * (and the tenancy feature's current tenant) faked:
 *   - the inactivity lock: timing (fake timers), persistence across a reload, password unlock
 *     through the protected sign-in, PIN unlock offline;
 *   - the MFA step-up when the database answers mfa_required, and the post-sign-in prompt.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { CurrentTenant } from '@web/features/tenancy/index.ts';
import { callRpc, configureSupabase } from '@web/lib/supabase/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { setDevicePin } from '../internal/device-pin.ts';
import { ACTIVITY_STORAGE_KEY, lockApp } from '../internal/inactivity-lock.ts';
import {
  answerAuthError,
  answerJson,
  answerRpcError,
  CHALLENGE_ID,
  createAccessToken,
  createSession,
  FACTOR_ID,
  installFakeFetch,
  readBearerClaims,
  routeUser,
  storeSession,
  SUPABASE_URL,
  USER_EMAIL,
  USER_ID,
  type FakeFactor,
} from '../fixtures/fake-supabase.ts';
import { SecurityGate } from './security-gate.tsx';

const tenantState = vi.hoisted(() => ({
  tenant: null as CurrentTenant | null,
  /** The user's other companies (the current one is added to them). */
  others: [] as CurrentTenant[],
}));
vi.mock('@web/features/tenancy/index.ts', () => ({
  useCurrentTenant: () => ({
    tenant: tenantState.tenant,
    tenants: tenantState.tenant ? [tenantState.tenant, ...tenantState.others] : tenantState.others,
    isLoading: false,
  }),
}));

const GARAGE: CurrentTenant = {
  id: '019a8f00-1000-7000-8000-000000000001',
  name: 'Garage du Centre',
  vertical: 'garage',
  role: 'owner',
  sessionTimeoutMinutes: 15,
  isMfaRequiredForAdmins: false,
  plan: 'starter',
  locale: 'fr-FR',
  timeZone: 'Europe/Paris',
};

/** The page renders U+00A0 as is; Testing Library's default normaliser does not touch the query string. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const IPHONE: FakeFactor = { id: FACTOR_ID, friendly_name: 'iPhone de Marc', status: 'verified' };
const MINUTE = 60_000;

/** A signed-in page with unsaved work and a sensitive action. */
function QuotePage() {
  const translateError = useTranslateError();
  const [message, setMessage] = useState('');
  return (
    <div>
      <h1>Devis D-2026-042</h1>
      <label>
        Note
        <input name="note" />
      </label>
      <button
        type="button"
        onClick={() => {
          callRpc('update_tenant', { p_tenant_id: GARAGE.id, p_changes: { name: 'Garage du Centre-Ville' } }).then(
            () => setMessage('Enregistré'),
            (error: unknown) => setMessage(translateError(error)),
          );
        }}
      >
        Renommer l’entreprise
      </button>
      <p data-testid="outcome">{message}</p>
    </div>
  );
}

function renderGate() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(
    [
      {
        Component: SecurityGate,
        children: [
          { path: '/', Component: QuotePage },
          { path: '/profil', Component: () => <h1>Mon profil</h1> },
        ],
      },
    ],
    { initialEntries: ['/'] },
  );
  return render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

function setBrowserOnline(isOnline: boolean): void {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(isOnline);
  window.dispatchEvent(new Event(isOnline ? 'online' : 'offline'));
}

beforeAll(() => {
  storeSession('aal1');
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: 'anon-key' });
});

beforeEach(() => {
  // The global set-up clears storage before each test; auth-js reads the session from it.
  storeSession('aal1', [IPHONE]);
  tenantState.tenant = GARAGE;
  tenantState.others = [];
  installFakeFetch([routeUser([IPHONE])]);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function findLockDialog() {
  return screen.findByRole('dialog', { name: fr.account.lock.title });
}

describe('inactivity lock', () => {
  it('locks after the tenant’s timeout without activity, not before, and activity postpones it', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const { container } = renderGate();
    await screen.findByRole('heading', { name: 'Devis D-2026-042' });

    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Note'), 'Pneus hiver');

    // 14 minutes after the typing: still open (the first 14 minutes no longer count).
    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await vi.advanceTimersByTimeAsync(1 * MINUTE + 1000);
    const dialog = await findLockDialog();
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(within(dialog).getByText(/Après 15\sminutes sans activité/)).toBeInTheDocument();
    // The page is kept (unsaved work survives) but inert and hidden from assistive technology.
    expect(container).toHaveAttribute('inert');
    expect(screen.queryByRole('heading', { name: 'Devis D-2026-042' })).not.toBeInTheDocument();
    expect(container.querySelector('input[name="note"]')).toHaveValue('Pneus hiver');
    expect(within(dialog).getByLabelText(fr.account.lock.password)).toHaveFocus();
  });

  it('uses the strictest timeout of all the user’s companies, not the current one’s', async () => {
    // Working in the garage (15 minutes), also a member of a company that wants 5.
    tenantState.others = [{ ...GARAGE, id: '019a8f00-2000-7000-8000-000000000001', sessionTimeoutMinutes: 5 }];
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderGate();
    await screen.findByRole('heading', { name: 'Devis D-2026-042' });

    await vi.advanceTimersByTimeAsync(4 * MINUTE);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(1 * MINUTE + 1000);
    const dialog = await findLockDialog();
    expect(within(dialog).getByText(/Après 5\sminutes sans activité/)).toBeInTheDocument();
  });

  it('uses 30 minutes while the tenant is not known', async () => {
    tenantState.tenant = null;
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderGate();
    await screen.findByRole('heading', { name: 'Devis D-2026-042' });

    await vi.advanceTimersByTimeAsync(29 * MINUTE);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(1 * MINUTE + 1000);
    expect(await findLockDialog()).toBeInTheDocument();
  });

  it('stays locked across a reload, and a reopened app idle for too long opens locked', async () => {
    lockApp(USER_ID);
    const first = renderGate();
    expect(await findLockDialog()).toBeInTheDocument();
    first.unmount();

    renderGate();
    expect(await findLockDialog()).toBeInTheDocument();
  });

  it('opens locked when the last activity recorded on this device is older than the timeout', async () => {
    localStorage.setItem(ACTIVITY_STORAGE_KEY, JSON.stringify({ userId: USER_ID, at: Date.now() - 16 * MINUTE }));
    renderGate();
    expect(await findLockDialog()).toBeInTheDocument();
  });

  it('does not inherit another user’s old activity', async () => {
    localStorage.setItem(
      ACTIVITY_STORAGE_KEY,
      JSON.stringify({ userId: '019a8f00-0000-7000-8000-000000000bad', at: Date.now() - 60 * MINUTE }),
    );
    renderGate();
    await screen.findByRole('heading', { name: 'Devis D-2026-042' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('unlocks online with the password, signing in again with the same email', async () => {
    lockApp(USER_ID);
    const requests = installFakeFetch([
      ({ url, init }) => {
        if (url !== `${SUPABASE_URL}/functions/v1/sign-in`) return undefined;
        const body = JSON.parse(String(init?.body)) as { password: string };
        return body.password === 'Comptoir-demo-2026'
          ? answerJson(200, createSession('aal1', [IPHONE]))
          : answerAuthError(400, 'invalid_credentials', 'Invalid login credentials');
      },
      routeUser([IPHONE]),
    ]);
    const user = userEvent.setup();
    renderGate();
    const dialog = await findLockDialog();
    expect(within(dialog).getByText(USER_EMAIL)).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText(fr.account.lock.password), 'pas-le-bon');
    await user.click(within(dialog).getByRole('button', { name: fr.account.lock.unlock }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(fr.auth.errors.invalid_credentials);
    expect(within(dialog).getByLabelText(fr.account.lock.password)).toHaveValue('pas-le-bon');

    await user.clear(within(dialog).getByLabelText(fr.account.lock.password));
    await user.type(within(dialog).getByLabelText(fr.account.lock.password), 'Comptoir-demo-2026');
    await user.click(within(dialog).getByRole('button', { name: fr.account.lock.unlock }));

    expect(await screen.findByRole('heading', { name: 'Devis D-2026-042' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const signIns = requests.filter((request) => request.url === `${SUPABASE_URL}/functions/v1/sign-in`);
    expect(signIns.map((request) => (JSON.parse(String(request.init?.body)) as { email: string }).email)).toEqual([
      USER_EMAIL,
      USER_EMAIL,
    ]);
  });

  it('offline, unlocks with this device’s PIN, and 5 wrong PINs disable it until a password unlock', async () => {
    await setDevicePin(USER_ID, '2468');
    lockApp(USER_ID);
    setBrowserOnline(false);
    const user = userEvent.setup();
    renderGate();
    const dialog = await findLockDialog();
    expect(within(dialog).getByText(plain(fr.account.lock.offlinePin))).toBeInTheDocument();
    expect(within(dialog).queryByLabelText(fr.account.lock.password)).not.toBeInTheDocument();
    const pinField = within(dialog).getByLabelText(fr.account.lock.pin);
    expect(pinField).toHaveFocus();

    await user.type(pinField, '1357');
    await user.click(within(dialog).getByRole('button', { name: fr.account.lock.unlock }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /Code PIN incorrect\. Encore 4\sessais avant sa désactivation\./,
    );

    await user.clear(pinField);
    await user.type(pinField, '2468');
    await user.click(within(dialog).getByRole('button', { name: fr.account.lock.unlock }));
    expect(await screen.findByRole('heading', { name: 'Devis D-2026-042' })).toBeInTheDocument();

    // Locked again: five wrong PINs in a row turn PIN unlock off.
    lockApp(USER_ID);
    const again = await findLockDialog();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const field = within(again).getByLabelText(fr.account.lock.pin);
      await user.clear(field);
      await user.type(field, '0000');
      await user.click(within(again).getByRole('button', { name: fr.account.lock.unlock }));
      if (attempt < 4) await within(again).findByText(new RegExp(`Encore ${4 - attempt}\\s`));
    }
    expect(await within(again).findByText(plain(fr.account.lock.pinBlocked))).toBeInTheDocument();
    expect(within(again).queryByLabelText(fr.account.lock.pin)).not.toBeInTheDocument();
  });

  it('offline without a PIN, says the network is needed', async () => {
    lockApp(USER_ID);
    setBrowserOnline(false);
    renderGate();
    const dialog = await findLockDialog();
    expect(within(dialog).getByText(plain(fr.account.lock.offlineNoPin))).toBeInTheDocument();
  });

  it('says so when the user locked it on purpose', async () => {
    lockApp(USER_ID, 'manual');
    renderGate();
    const dialog = await findLockDialog();
    expect(within(dialog).getByText(fr.account.lock.manualReason)).toBeInTheDocument();
    expect(within(dialog).queryByText(/sans activité/)).not.toBeInTheDocument();
  });

  it('cannot be dismissed with Escape', async () => {
    lockApp(USER_ID);
    const user = userEvent.setup();
    renderGate();
    await findLockDialog();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: fr.account.lock.title })).toBeInTheDocument();
  });
});

describe('MFA step-up', () => {
  it('asks for the code when the database requires aal2, then lets the user retry', async () => {
    let isAal2 = false;
    const requests = installFakeFetch([
      routeUser([IPHONE]),
      ({ method, url, init }) => {
        if (method !== 'POST' || url !== `${SUPABASE_URL}/rest/v1/rpc/update_tenant`) return undefined;
        return readBearerClaims(init)?.['aal'] === 'aal2'
          ? answerJson(200, { id: GARAGE.id, name: 'Garage du Centre-Ville' })
          : answerRpcError(403, 'mfa_required');
      },
      ({ method, url }) =>
        method === 'POST' && url === `${SUPABASE_URL}/auth/v1/factors/${FACTOR_ID}/challenge`
          ? answerJson(200, { id: CHALLENGE_ID, type: 'totp', expires_at: Math.floor(Date.now() / 1000) + 300 })
          : undefined,
      ({ method, url, init }) => {
        if (method !== 'POST' || url !== `${SUPABASE_URL}/auth/v1/factors/${FACTOR_ID}/verify`) return undefined;
        const body = JSON.parse(String(init?.body)) as { code: string; challenge_id: string };
        if (body.code !== '123456' || body.challenge_id !== CHALLENGE_ID) {
          return answerAuthError(422, 'mfa_verification_failed', 'Invalid TOTP code entered');
        }
        isAal2 = true;
        return answerJson(200, { ...createSession('aal2', [IPHONE]), access_token: createAccessToken('aal2') });
      },
    ]);
    const user = userEvent.setup();
    renderGate();

    await user.click(await screen.findByRole('button', { name: 'Renommer l’entreprise' }));
    await screen.findByRole('dialog', { name: fr.account.stepUp.title });
    // The factors load first; then the dialog asks for the code, focused.
    const codeField = await screen.findByLabelText(plain(fr.account.code.label));
    expect(codeField).toHaveFocus();
    const dialog = screen.getByRole('dialog', { name: fr.account.stepUp.title });
    expect(dialog).toHaveAccessibleDescription(fr.account.stepUp.actionBody);
    expect(await screen.findByTestId('outcome')).toHaveTextContent(fr.errors.rpc.mfa_required);

    await user.type(codeField, '654321');
    await user.click(within(dialog).getByRole('button', { name: fr.account.stepUp.submit }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(fr.auth.errors.mfa_verification_failed);
    expect(codeField).toHaveValue('654321');
    expect(isAal2).toBe(false);

    await user.clear(codeField);
    await user.type(codeField, '123 456');
    await user.click(within(dialog).getByRole('button', { name: fr.account.stepUp.submit }));
    expect(await screen.findByText(fr.account.stepUp.retryAction)).toBeInTheDocument();
    const done = screen.getByRole('dialog', { name: fr.account.stepUp.title });
    expect(within(done).getByRole('button', { name: fr.account.stepUp.continue })).toHaveFocus();

    await user.click(within(done).getByRole('button', { name: fr.account.stepUp.continue }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Renommer l’entreprise' }));
    expect(await screen.findByText('Enregistré')).toBeInTheDocument();
    const retried = requests.filter((request) => request.url.endsWith('/rpc/update_tenant')).at(-1);
    expect(readBearerClaims(retried?.init)?.['aal']).toBe('aal2');
  });

  it('without any factor, explains and links to the profile to enrol', async () => {
    storeSession('aal1');
    installFakeFetch([routeUser([]), () => answerRpcError(403, 'mfa_required')]);
    const user = userEvent.setup();
    renderGate();

    await user.click(await screen.findByRole('button', { name: 'Renommer l’entreprise' }));
    const dialog = await screen.findByRole('dialog', { name: fr.account.stepUp.noFactorTitle });
    expect(dialog).toHaveAccessibleDescription(fr.account.stepUp.noFactorBody);

    await user.click(within(dialog).getByRole('link', { name: fr.account.stepUp.enrol }));
    expect(await screen.findByRole('heading', { name: 'Mon profil' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('closes with Escape and gives focus back to what the user was on', async () => {
    installFakeFetch([routeUser([IPHONE]), () => answerRpcError(403, 'mfa_required')]);
    const user = userEvent.setup();
    const { container } = renderGate();

    const button = await screen.findByRole('button', { name: 'Renommer l’entreprise' });
    await user.click(button);
    await screen.findByRole('dialog', { name: fr.account.stepUp.title });
    expect(container).toHaveAttribute('inert');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(container).not.toHaveAttribute('inert');
    expect(button).toHaveFocus();
  });
});

describe('MFA required by the tenant, after sign-in', () => {
  it('asks an owner without any factor to enrol', async () => {
    tenantState.tenant = { ...GARAGE, isMfaRequiredForAdmins: true };
    storeSession('aal1');
    renderGate();

    const banner = await screen.findByText(
      `${GARAGE.name} exige la double authentification pour les propriétaires et administrateurs. Activez-la pour effectuer les actions sensibles.`,
    );
    expect(banner).toBeInTheDocument();
    expect(screen.getByRole('link', { name: fr.account.mfaBanner.enrolAction })).toHaveAttribute(
      'href',
      '/profil#securite',
    );
  });

  it('asks an owner with a factor for the code once, then offers it from a banner', async () => {
    tenantState.tenant = { ...GARAGE, isMfaRequiredForAdmins: true };
    const user = userEvent.setup();
    const first = renderGate();

    await screen.findByLabelText(plain(fr.account.code.label));
    const dialog = screen.getByRole('dialog', { name: fr.account.stepUp.title });
    expect(dialog).toHaveAccessibleDescription(
      `${GARAGE.name} exige la double authentification pour les propriétaires et administrateurs. Saisissez le code affiché par votre application.`,
    );
    await user.click(within(dialog).getByRole('button', { name: fr.account.stepUp.later }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const verifyButton = screen.getByRole('button', { name: fr.account.mfaBanner.verifyAction });
    first.unmount();

    // Same tab, another page load: not asked again, the banner stays.
    renderGate();
    expect(await screen.findByRole('button', { name: fr.account.mfaBanner.verifyAction })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(verifyButton).not.toBeInTheDocument();
  });

  it('asks nothing of a member without an admin role', async () => {
    tenantState.tenant = { ...GARAGE, role: 'sales', isMfaRequiredForAdmins: true };
    renderGate();
    await screen.findByRole('heading', { name: 'Devis D-2026-042' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: fr.account.mfaBanner.verifyAction })).not.toBeInTheDocument();
  });
});
