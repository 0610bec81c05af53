/**
 * The onboarding wizard against the real supabase-js client, with only `fetch` faked: French
 * identifiers checked as the user types, nothing lost across Back/Next and a reload, the
 * tenant created once with a UUIDv7 id made on the device, invitations sent row by row.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { isUuidV7 } from '@shared/ids/uuidv7.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import {
  answerJson,
  GARAGE,
  installFakeBackend,
  resetTenancyStores,
  signInForTests,
  SOPHIE,
  storeSession,
  type FakeHandler,
} from '../../internal/fake-backend.ts';
import { OnboardingPage } from './onboarding-page.tsx';

const text = fr.tenancy;

function renderWizard() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={['/demarrage']}>
        <Routes>
          <Route path="/demarrage" element={<OnboardingPage />} />
          <Route path="/" element={<p>Accueil de test</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { user: userEvent.setup(), unmount: view.unmount };
}

/** A backend where the user has no company yet and create_tenant answers the new row. */
function installBackend(extra: Readonly<Record<string, FakeHandler>> = {}) {
  return installFakeBackend({
    'rpc:list_my_tenants': () => answerJson(200, []),
    'rpc:create_tenant': (body) =>
      answerJson(200, { ...GARAGE, id: body['p_id'], name: body['p_name'], vertical: body['p_vertical'] }),
    ...extra,
  });
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

describe('onboarding wizard — step 1, company identity', () => {
  it('says "clé invalide" as soon as a SIRET is complete, and asks for the name before going on', async () => {
    installBackend();
    const { user } = renderWizard();
    expect(screen.getByRole('heading', { level: 2, name: text.onboarding.identity.title })).toBeInTheDocument();
    expect(screen.getByText('Étape 1 sur 5')).toBeInTheDocument();

    const registration = screen.getByLabelText(`${text.identity.fields.registration} ${text.common.optional}`);
    await user.type(registration, '912 345 675 00018');
    // No blur needed: the 14th digit is enough to check the Luhn key.
    expect(registration).toHaveAccessibleDescription(expect.stringContaining(text.identity.errors.siretKey));
    expect(registration).toHaveAttribute('aria-invalid', 'true');

    await user.click(screen.getByRole('button', { name: text.onboarding.next }));
    const name = screen.getByLabelText(text.identity.fields.name);
    expect(name).toHaveFocus();
    expect(name).toHaveAccessibleDescription(expect.stringContaining(text.identity.errors.nameRequired));
    expect(screen.getByRole('alert')).toHaveTextContent(text.onboarding.identity.fixErrors);

    await user.type(name, 'Garage des Tests');
    await user.clear(registration);
    await user.type(registration, '912 345 675 00017');
    expect(registration).not.toHaveAttribute('aria-invalid');
    await user.click(screen.getByRole('button', { name: text.onboarding.next }));
    expect(screen.getByRole('heading', { level: 2, name: text.onboarding.vertical.title })).toHaveFocus();
  });

  it('checks the VAT key, offers the French number computed from the SIREN, and checks postcodes', async () => {
    installBackend();
    const { user } = renderWizard();
    await user.type(screen.getByLabelText(text.identity.fields.name), 'Garage des Tests');
    const vat = screen.getByLabelText(text.identity.fields.vatNumber);
    await user.type(vat, 'FR00912345675');
    expect(vat).toHaveAccessibleDescription(expect.stringContaining(text.identity.errors.vatKey));

    // The suggestion appears once the SIREN is valid.
    expect(screen.queryByRole('button', { name: text.identity.fields.computeVat })).not.toBeInTheDocument();
    await user.type(screen.getByLabelText(`${text.identity.fields.registration} ${text.common.optional}`), '912345675');
    await user.click(screen.getByRole('button', { name: text.identity.fields.computeVat }));
    expect(vat).toHaveValue('FR65912345675');
    expect(vat).not.toHaveAttribute('aria-invalid');

    const postalCode = screen.getByLabelText(text.identity.fields.postalCode);
    await user.type(postalCode, '6900');
    await user.tab();
    expect(postalCode).toHaveAccessibleDescription(expect.stringContaining(text.identity.errors.postalCode));
    await user.click(screen.getByRole('button', { name: text.onboarding.next }));
    expect(postalCode).toHaveFocus();
  });
});

describe('onboarding wizard — steps 2 to 5', () => {
  it('asks for a vertical, keeps answers across Back/Next and a reload, then creates the tenant once', async () => {
    const calls = installBackend();
    const { user, unmount } = renderWizard();
    await user.type(screen.getByLabelText(text.identity.fields.name), 'Garage des Tests');
    await user.type(
      screen.getByLabelText(`${text.identity.fields.registration} ${text.common.optional}`),
      '91234567500017',
    );
    await user.click(screen.getByRole('button', { name: text.onboarding.next }));

    await user.click(screen.getByRole('button', { name: text.onboarding.next }));
    expect(screen.getByRole('group', { name: text.onboarding.vertical.legend })).toHaveAccessibleDescription(
      expect.stringContaining(text.onboarding.vertical.required),
    );
    await user.click(screen.getByRole('radio', { name: new RegExp(`^${text.verticals.garage}`) }));

    await user.click(screen.getByRole('button', { name: text.onboarding.back }));
    expect(screen.getByLabelText(text.identity.fields.name)).toHaveValue('Garage des Tests');
    await user.click(screen.getByRole('button', { name: text.onboarding.next }));
    expect(screen.getByRole('radio', { name: new RegExp(`^${text.verticals.garage}`) })).toBeChecked();

    // A reload (the page is mounted again from scratch) lands on the same step with the same answers.
    unmount();
    const reloaded = renderWizard();
    expect(screen.getByRole('heading', { level: 2, name: text.onboarding.vertical.title })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: new RegExp(`^${text.verticals.garage}`) })).toBeChecked();
    expect(calls.filter((call) => call.name === 'rpc:create_tenant')).toEqual([]);

    await reloaded.user.click(screen.getByRole('button', { name: text.onboarding.next }));
    expect(await screen.findByRole('heading', { level: 2, name: text.onboarding.team.title })).toBeInTheDocument();
    const creates = calls.filter((call) => call.name === 'rpc:create_tenant');
    expect(creates).toHaveLength(1);
    const body = creates[0]?.body ?? {};
    expect(isUuidV7(String(body['p_id']))).toBe(true);
    expect(body).toMatchObject({
      p_name: 'Garage des Tests',
      p_vertical: 'garage',
      p_identity: { siren: '912345675', siret: '91234567500017' },
    });

    // Back to step 2: the vertical is fixed now; Next saves changes instead of creating again.
    await reloaded.user.click(screen.getByRole('button', { name: text.onboarding.back }));
    expect(screen.getByRole('radio', { name: new RegExp(`^${text.verticals.agency}`) })).toBeDisabled();
  });

  it('sends each invitation once, explains a refused one and keeps its address, then finishes', async () => {
    let invitations = 0;
    const calls = installBackend({
      'fn:invitations': (body) => {
        invitations += 1;
        if (body['email'] === 'deja@garage.test') {
          return answerJson(409, {
            code: 'CONFLICT',
            userMessage: 'errors.rpc.already_invited',
            details: {},
          });
        }
        return answerJson(201, {
          invitation_id: `019a8f00-3000-7000-8000-00000000000${invitations}`,
          email: body['email'],
          role: body['role'],
          expires_at: '2026-11-28T10:00:00Z',
        });
      },
    });
    const { user } = renderWizard();
    await user.type(screen.getByLabelText(text.identity.fields.name), 'Garage des Tests');
    await user.click(screen.getByRole('button', { name: text.onboarding.next }));
    await user.click(screen.getByRole('radio', { name: new RegExp(`^${text.verticals.garage}`) }));
    await user.click(screen.getByRole('button', { name: text.onboarding.next }));
    await screen.findByRole('heading', { level: 2, name: text.onboarding.team.title });

    await user.type(screen.getByLabelText(`${text.onboarding.team.email} 1`), 'claire@garage');
    await user.selectOptions(screen.getByLabelText(`${text.onboarding.team.role} 1`), 'sales');
    await user.click(screen.getByRole('button', { name: text.onboarding.team.addRow }));
    expect(screen.getByLabelText(`${text.onboarding.team.email} 2`)).toHaveFocus();
    await user.keyboard('deja@garage.test');

    await user.click(screen.getByRole('button', { name: text.onboarding.team.send }));
    const first = screen.getByLabelText(`${text.onboarding.team.email} 1`);
    expect(first).toHaveAccessibleDescription(expect.stringContaining(text.invite.errors.emailInvalid));
    expect(calls.filter((call) => call.name === 'fn:invitations')).toEqual([]);

    await user.clear(first);
    await user.type(first, 'claire.petit@garage.test');
    await user.click(screen.getByRole('button', { name: text.onboarding.team.send }));

    await screen.findByText(text.onboarding.team.sent);
    const second = screen.getByLabelText(`${text.onboarding.team.email} 2`);
    expect(second).toHaveValue('deja@garage.test');
    expect(second).toHaveAccessibleDescription(expect.stringContaining(fr.errors.rpc.already_invited));
    const sent = calls.filter((call) => call.name === 'fn:invitations').map((call) => call.body);
    expect(sent).toEqual([
      { tenant_id: expect.stringMatching(/^[0-9a-f-]{36}$/), email: 'claire.petit@garage.test', role: 'sales' },
      { tenant_id: expect.stringMatching(/^[0-9a-f-]{36}$/), email: 'deja@garage.test', role: 'member' },
    ]);

    // The refused row is removed; the sent one is not sent again.
    await user.click(screen.getByRole('button', { name: `${text.onboarding.team.removeRow} 2` }));
    await user.click(screen.getByRole('button', { name: text.onboarding.next }));
    expect(calls.filter((call) => call.name === 'fn:invitations')).toHaveLength(2);

    expect(screen.getByRole('heading', { level: 2, name: text.onboarding.import.title })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: text.onboarding.skip }));
    const done = screen.getByRole('heading', { level: 2, name: text.onboarding.done.title });
    expect(done).toBeInTheDocument();
    expect(within(done.closest('section') ?? document.body).getByText('1 invitation envoyée')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: text.onboarding.done.goHome }));
    expect(screen.getByText('Accueil de test')).toBeInTheDocument();
  });
});
