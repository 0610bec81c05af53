/**
 * The header's company control against the real supabase-js client, with only `fetch` faked:
 * the name always shows (from the device's copy when the server cannot be reached), a keyboard-
 * operable menu switches company, and the choice is remembered for this user on this device.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fr } from '@web/i18n/locales/fr.ts';
import {
  answerJson,
  GARAGE,
  installFakeBackend,
  resetTenancyStores,
  signInForTests,
  SOPHIE,
  storeSession,
} from '../internal/fake-backend.ts';
import type { TenantSummary } from '../internal/types.ts';
import { useCurrentTenant } from '../hooks/use-current-tenant.ts';
import { useTenantSelection } from '../store.ts';
import { TenantSwitcher } from './tenant-switcher.tsx';

const STUDIO: TenantSummary = {
  ...GARAGE,
  id: '019a8f00-2000-7000-8000-000000000001',
  name: 'Studio Pixel',
  vertical: 'agency',
  role: 'sales',
  session_timeout_minutes: 15,
};

/** What the account feature reads: the current tenant's role and session policy. */
function CurrentPolicy() {
  const { tenant } = useCurrentTenant();
  return <p data-testid="policy">{tenant ? `${tenant.role}/${tenant.sessionTimeoutMinutes}` : 'none'}</p>;
}

function renderSwitcher() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <TenantSwitcher />
        <CurrentPolicy />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { user: userEvent.setup(), unmount: view.unmount };
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

describe('TenantSwitcher', () => {
  it('shows the only company by name, without a menu', async () => {
    installFakeBackend({ 'rpc:list_my_tenants': () => answerJson(200, [GARAGE]) });
    renderSwitcher();
    expect(await screen.findByText('Garage du Centre')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByTestId('policy')).toHaveTextContent('admin/30');
  });

  it('switches company from the keyboard and remembers the choice for this user', async () => {
    installFakeBackend({ 'rpc:list_my_tenants': () => answerJson(200, [GARAGE, STUDIO]) });
    const { user } = renderSwitcher();
    const button = await screen.findByRole('button', {
      name: 'Entreprise actuelle\u00a0: Garage du Centre. Changer d’entreprise',
    });

    button.focus();
    await user.keyboard('{Enter}');
    const menu = screen.getByRole('menu', { name: fr.tenancy.switcher.menuLabel });
    expect(menu).toBeInTheDocument();
    const garage = screen.getByRole('menuitemradio', { name: /Garage du Centre/ });
    expect(garage).toHaveAttribute('aria-checked', 'true');
    expect(garage).toHaveFocus();
    expect(screen.getByRole('menuitemradio', { name: /Studio Pixel/ })).toHaveAccessibleName(
      expect.stringContaining('Votre rôle\u00a0: Commercial·e'),
    );

    await user.keyboard('{ArrowDown}{Enter}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Studio Pixel/ })).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent('Vous travaillez maintenant dans Studio Pixel.');
    expect(screen.getByTestId('policy')).toHaveTextContent('sales/15');
    expect(useTenantSelection.getState().selectedByUser[SOPHIE.id]).toBe(STUDIO.id);
    expect(localStorage.getItem('comptoir.tenancy.selection')).toContain(STUDIO.id);

    // Escape closes without changing anything.
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menu')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.getByTestId('policy')).toHaveTextContent('sales/15');
  });

  it('still names the company when the server cannot be reached, from the copy kept on the device', async () => {
    installFakeBackend({ 'rpc:list_my_tenants': () => answerJson(200, [GARAGE, STUDIO]) });
    const first = renderSwitcher();
    await screen.findByRole('button', { name: /Garage du Centre/ });
    // Next start (a new page, a new query cache), with no network at all.
    first.unmount();

    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    useTenantSelection.getState().selectTenant(SOPHIE.id, STUDIO.id);
    renderSwitcher();
    expect(screen.getByRole('button', { name: /Studio Pixel/ })).toBeInTheDocument();
    expect(screen.getByTestId('policy')).toHaveTextContent('sales/15');
  });
});
