/**
 * Two-factor authentication in the profile, with the real supabase-js client and only fetch
 * faked: once a factor is enrolled (first code verified) or removed, the database is told
 * (reconcile_my_mfa, which audits the change); a database without that RPC yet (404 PGRST202)
 * does not undo or hide the change — it is logged.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configureSupabase } from '@web/lib/supabase/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import {
  answerJson,
  CHALLENGE_ID,
  createSession,
  FACTOR_ID,
  installFakeFetch,
  routeUser,
  storeSession,
  SUPABASE_URL,
  USER_ID,
  type FakeFactor,
  type FakeRequest,
} from '../fixtures/fake-supabase.ts';
import { MfaSettings } from './mfa-settings.tsx';

const text = fr.account.mfa;
const plain = (value: string) => value.replace(/[\u00a0\u202f]/g, ' ');
const RECONCILE_URL = `${SUPABASE_URL}/rest/v1/rpc/reconcile_my_mfa`;
const PHONE: FakeFactor = { id: FACTOR_ID, friendly_name: 'iPhone de Marc', status: 'verified' };

function renderSettings() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MfaSettings userId={USER_ID} isSessionConfirmed />
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

/** "POST /auth/v1/factors/…/verify" → "verify", in the order the requests were sent. */
function describeSteps(requests: readonly FakeRequest[]): string[] {
  return requests
    .map(({ method, url }): string | undefined => {
      if (url === RECONCILE_URL) return 'reconcile';
      if (method === 'POST' && url.endsWith('/verify')) return 'verify';
      if (method === 'DELETE' && url.includes('/auth/v1/factors/')) return 'unenroll';
      return undefined;
    })
    .filter((step): step is string => step !== undefined);
}

beforeAll(() => {
  storeSession('aal1');
  configureSupabase({ supabaseUrl: SUPABASE_URL, supabaseAnonKey: 'anon-key' });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('MfaSettings', () => {
  it('tells the database once the first code of a new device is verified', async () => {
    storeSession('aal1');
    let isVerified = false;
    const requests = installFakeFetch([
      ({ method, url }) =>
        method === 'GET' && url === `${SUPABASE_URL}/auth/v1/user`
          ? answerJson(200, createSession('aal1', isVerified ? [PHONE] : []).user)
          : undefined,
      ({ method, url }) =>
        method === 'POST' && url === `${SUPABASE_URL}/auth/v1/factors`
          ? answerJson(200, {
              id: FACTOR_ID,
              type: 'totp',
              friendly_name: 'iPhone de Marc',
              totp: { qr_code: '<svg/>', secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Comptoir' },
            })
          : undefined,
      ({ method, url }) =>
        method === 'POST' && url === `${SUPABASE_URL}/auth/v1/factors/${FACTOR_ID}/challenge`
          ? answerJson(200, { id: CHALLENGE_ID, type: 'totp', expires_at: Math.floor(Date.now() / 1000) + 300 })
          : undefined,
      ({ method, url }) => {
        if (method !== 'POST' || url !== `${SUPABASE_URL}/auth/v1/factors/${FACTOR_ID}/verify`) return undefined;
        isVerified = true;
        return answerJson(200, createSession('aal2', [PHONE]));
      },
      ({ url }) => (url === RECONCILE_URL ? answerJson(200, 1) : undefined),
    ]);
    const user = renderSettings();

    await user.click(await screen.findByRole('button', { name: text.add }));
    await user.clear(screen.getByLabelText(text.enrol.nameLabel));
    await user.type(screen.getByLabelText(text.enrol.nameLabel), 'iPhone de Marc');
    await user.click(screen.getByRole('button', { name: text.enrol.start }));
    await user.type(await screen.findByLabelText(plain(fr.account.code.label)), '123456');
    expect(describeSteps(requests)).toEqual([]);
    await user.click(screen.getByRole('button', { name: text.enrol.verify }));

    expect(await screen.findByText(text.enrol.success)).toBeInTheDocument();
    expect(describeSteps(requests)).toEqual(['verify', 'reconcile']);
  });

  it('tells the database a device was removed, and keeps going when the RPC is not deployed yet', async () => {
    storeSession('aal2', [PHONE]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const requests = installFakeFetch([
      routeUser([PHONE]),
      ({ method, url }) =>
        method === 'DELETE' && url === `${SUPABASE_URL}/auth/v1/factors/${FACTOR_ID}`
          ? answerJson(200, { id: FACTOR_ID })
          : undefined,
      ({ url }) =>
        url === RECONCILE_URL
          ? answerJson(404, {
              code: 'PGRST202',
              message: 'Could not find the function public.reconcile_my_mfa without parameters in the schema cache',
              details: 'Searched for the function public.reconcile_my_mfa without parameters',
              hint: null,
            })
          : undefined,
    ]);
    const user = renderSettings();

    await user.click(await screen.findByRole('button', { name: 'Retirer l’appareil «\u00a0iPhone de Marc\u00a0»' }));
    const dialog = screen.getByRole('dialog', { name: text.removeDialog.title });
    await user.click(within(dialog).getByRole('button', { name: text.removeDialog.confirm }));

    expect(await screen.findByText(text.removeDialog.removed)).toBeInTheDocument();
    expect(describeSteps(requests)).toEqual(['unenroll', 'reconcile']);
    await waitFor(() =>
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('reconcile_my_mfa is not deployed'), expect.anything()),
    );
  });
});
