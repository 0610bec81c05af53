/**
 * Tenant settings against the real supabase-js client, with only `fetch` faked: a refused save
 * is explained in words and keeps what the user typed; mfa_required reaches the step-up
 * listener; only changed fields are sent; roles that cannot edit get a read-only page.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { TenantRole } from '@shared/permissions/roles.ts';
import { onMfaRequired } from '@web/lib/supabase/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import {
  answerJson,
  answerRpcError,
  GARAGE,
  installFakeBackend,
  resetTenancyStores,
  signInForTests,
  SOPHIE,
  storeSession,
  type FakeHandler,
} from '../../internal/fake-backend.ts';
import type { TenantRow } from '../../internal/types.ts';
import { SettingsPage } from './settings-page.tsx';

const text = fr.tenancy;

const ROW: TenantRow = {
  id: GARAGE.id,
  name: 'Garage du Centre',
  vertical: 'garage',
  plan: 'pro',
  legal_name: 'Garage du Centre SARL',
  legal_form: 'SARL',
  share_capital_cents: 1_000_000,
  siren: '912345675',
  siret: '91234567500017',
  registry_kind: 'RCS',
  registry_city: 'Lyon',
  vat_number: 'FR65912345675',
  address_line1: '12 rue de la République',
  address_line2: null,
  postal_code: '69002',
  city: 'Lyon',
  country: 'FR',
  logo_path: null,
  locale: 'fr-FR',
  time_zone: 'Europe/Paris',
  currency: 'EUR',
  session_timeout_minutes: 30,
  mfa_required_for_admins: true,
  numbering_prefix: 'GDC',
  created_at: '2025-10-17T08:00:00Z',
  updated_at: '2026-11-01T08:00:00Z',
};

function installBackend(role: TenantRole, extra: Readonly<Record<string, FakeHandler>> = {}) {
  return installFakeBackend({
    'rpc:list_my_tenants': () => answerJson(200, [{ ...GARAGE, role }]),
    'rpc:get_tenant': () => answerJson(200, ROW),
    'rpc:list_support_access': () => answerJson(200, []),
    ...extra,
  });
}

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={['/parametres']}>
        <SettingsPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

async function findCard(title: string): Promise<HTMLElement> {
  return screen.findByRole('region', { name: title });
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

describe('SettingsPage', () => {
  it('keeps what was typed when the database refuses a field, and says which one', async () => {
    const calls = installBackend('admin', {
      'rpc:update_tenant': () => answerRpcError(400, 'invalid_input', { field: 'registry_city' }),
    });
    const user = renderPage();
    const identity = await findCard(text.settings.identityTitle);
    const city = within(identity).getByLabelText(text.identity.fields.registryCity);
    await user.clear(city);
    await user.type(city, 'Villeurbanne');
    await user.click(within(identity).getByRole('button', { name: text.common.save }));

    expect(await within(identity).findByRole('alert')).toHaveTextContent(fr.errors.rpc.invalid_input);
    expect(city).toHaveValue('Villeurbanne');
    expect(city).toHaveAccessibleDescription(expect.stringContaining(text.identity.errors.server));
    expect(city).toHaveFocus();
    // Only what changed is sent, so the audit log lists exactly that.
    expect(calls.find((call) => call.name === 'rpc:update_tenant')?.body).toEqual({
      p_tenant_id: GARAGE.id,
      p_changes: { registry_city: 'Villeurbanne' },
    });
  });

  it('explains mfa_required, lets the account feature offer the step-up, and keeps the new value', async () => {
    installBackend('admin', { 'rpc:update_tenant': () => answerRpcError(403, 'mfa_required') });
    const stepUp = vi.fn();
    const stopListening = onMfaRequired(stepUp);
    const user = renderPage();
    const security = await findCard(text.settings.securityTitle);
    const timeout = within(security).getByLabelText(text.settings.fields.sessionTimeout);
    await user.clear(timeout);
    await user.type(timeout, '15');
    await user.click(within(security).getByRole('button', { name: text.common.save }));

    expect(await within(security).findByRole('alert')).toHaveTextContent(fr.errors.rpc.mfa_required);
    expect(timeout).toHaveValue(15);
    expect(stepUp).toHaveBeenCalledTimes(1);
    stopListening();
  });

  it('checks French identifiers before sending, and confirms a save', async () => {
    const calls = installBackend('owner', {
      'rpc:update_tenant': (body) =>
        answerJson(200, {
          ...ROW,
          ...(body['p_changes'] as Record<string, unknown>),
          updated_at: '2026-11-21T10:00:00Z',
        }),
    });
    const user = renderPage();
    const identity = await findCard(text.settings.identityTitle);
    const siren = within(identity).getByLabelText(text.identity.fields.siren);
    await user.clear(siren);
    await user.type(siren, '912345676');
    expect(siren).toHaveAccessibleDescription(expect.stringContaining(text.identity.errors.sirenKey));
    await user.click(within(identity).getByRole('button', { name: text.common.save }));
    expect(siren).toHaveFocus();
    expect(calls.map((call) => call.name)).not.toContain('rpc:update_tenant');

    const numbering = await findCard(text.settings.numberingTitle);
    const prefix = within(numbering).getByLabelText(text.settings.fields.numberingPrefix);
    await user.clear(prefix);
    await user.type(prefix, 'gdc-lyon');
    await user.click(within(numbering).getByRole('button', { name: text.common.save }));
    expect(await within(numbering).findByText(text.common.saved)).toBeInTheDocument();
    expect(calls.find((call) => call.name === 'rpc:update_tenant')?.body).toEqual({
      p_tenant_id: GARAGE.id,
      p_changes: { numbering_prefix: 'GDC-LYON' },
    });
  });

  it('shows the settings read-only to a manager, without support access or deletion', async () => {
    installBackend('manager');
    renderPage();
    const identity = await findCard(text.settings.identityTitle);
    expect(screen.getByText(text.settings.readOnly)).toBeInTheDocument();
    expect(within(identity).getByLabelText(text.identity.fields.name)).toHaveAttribute('readonly');
    expect(screen.queryByRole('button', { name: text.common.save })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: text.support.title })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: text.danger.delete })).not.toBeInTheDocument();
  });

  it('lets an owner delete the company only after typing its name', async () => {
    const calls = installBackend('owner', { 'rpc:delete_tenant': () => answerJson(200, null) });
    const user = renderPage();
    await user.click(await screen.findByRole('button', { name: text.danger.delete }));
    const dialog = screen.getByRole('dialog', { name: 'Supprimer Garage du Centre\u202f?' });
    const confirmName = within(dialog).getByLabelText(text.danger.confirmLabel);
    expect(confirmName).toHaveFocus();
    await user.type(confirmName, 'Garage du');
    await user.click(within(dialog).getByRole('button', { name: text.danger.confirm }));
    expect(confirmName).toHaveAccessibleDescription(expect.stringContaining(text.danger.mismatch));
    expect(calls.map((call) => call.name)).not.toContain('rpc:delete_tenant');

    await user.type(confirmName, ' Centre');
    await user.click(within(dialog).getByRole('button', { name: text.danger.confirm }));
    await vi.waitFor(() =>
      expect(calls.find((call) => call.name === 'rpc:delete_tenant')?.body).toEqual({
        p_tenant_id: GARAGE.id,
        p_confirm_name: 'Garage du Centre',
      }),
    );
  });
});
