/**
 * The team page against the real supabase-js client, with only `fetch` faked: the role picker
 * offers exactly what the actor may grant (matrix rules), owners are protected from admins,
 * roles without team rights see no management controls, refusals are translated.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { TenantRole } from '@shared/permissions/roles.ts';
import { changeLanguage } from '@web/i18n/index.ts';
import { en } from '@web/i18n/locales/en.ts';
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
import type { Member } from '../../internal/types.ts';
import { TeamPage } from './team-page.tsx';

const text = fr.tenancy;
const ROLE_NAMES = text.roles;

function createMember(name: string, email: string, role: TenantRole, userId: string): Member {
  return {
    membership_id: `m-${userId}`,
    user_id: userId,
    role,
    status: 'active',
    display_name: name,
    email,
    avatar_path: null,
    has_mfa: role === 'owner',
    last_sign_in_at: '2026-11-20T16:05:00Z',
    joined_at: '2026-01-01T08:00:00Z',
  };
}

const MARC = createMember('Marc Durand', 'marc.durand@garage-du-centre.test', 'owner', 'marc');
const SOPHIE_MEMBER = createMember('Sophie Martin', SOPHIE.email, 'admin', SOPHIE.id);
const CLAIRE = createMember('Claire Petit', 'claire.petit@garage-du-centre.test', 'sales', 'claire');

function installBackend(role: TenantRole, extra: Readonly<Record<string, FakeHandler>> = {}) {
  return installFakeBackend({
    'rpc:list_my_tenants': () => answerJson(200, [{ ...GARAGE, role }]),
    // Security details (MFA, last sign-in) go to owners and admins only: null for the others.
    'rpc:list_members': () =>
      answerJson(
        200,
        role === 'sales'
          ? [{ ...SOPHIE_MEMBER, role, has_mfa: null, last_sign_in_at: null }]
          : [MARC, { ...SOPHIE_MEMBER, role }, CLAIRE],
      ),
    'rpc:list_invitations': () =>
      answerJson(200, [
        {
          invitation_id: 'inv-1',
          email: 'karim@garage.test',
          role: 'technician',
          status: 'pending',
          expires_at: '2026-11-28T10:00:00Z',
          invited_by_name: 'Marc Durand',
          created_at: '2026-11-21T10:00:00Z',
        },
      ]),
    ...extra,
  });
}

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={['/equipe']}>
        <TeamPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return userEvent.setup();
}

/** The list item of a member, found by their name. */
async function findMemberRow(name: string): Promise<HTMLElement> {
  const title = await screen.findByText(name, { exact: false, selector: '.item-list__title' });
  const row = title.closest('li');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
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

describe('TeamPage', () => {
  it('lets an admin give only roles up to admin, and never touch an owner', async () => {
    const calls = installBackend('admin', {
      'rpc:change_member_role': () => answerJson(200, { ...CLAIRE, role: 'manager' }),
    });
    const user = renderPage();

    const owner = await findMemberRow('Marc Durand');
    expect(within(owner).getByText(ROLE_NAMES.owner)).toBeInTheDocument();
    expect(within(owner).getByText(text.team.protected)).toBeInTheDocument();
    expect(within(owner).queryByRole('button')).not.toBeInTheDocument();
    // Last sign-in in the company's time zone (Paris: UTC+1 in November).
    expect(within(owner).getByText(/20 nov\. 2026.*17:05/)).toBeInTheDocument();

    const self = await findMemberRow('Sophie Martin');
    expect(within(self).queryByRole('button', { name: text.team.changeRole })).not.toBeInTheDocument();
    expect(within(self).getByRole('button', { name: text.team.leave })).toBeInTheDocument();

    const claire = await findMemberRow('Claire Petit');
    await user.click(within(claire).getByRole('button', { name: text.team.changeRole }));
    const dialog = screen.getByRole('dialog', { name: 'Rôle de Claire Petit' });
    const offered = within(dialog)
      .getAllByRole('radio')
      .map((radio) => radio.getAttribute('value'));
    expect(offered).toEqual(['admin', 'manager', 'sales', 'technician', 'member', 'client']);
    expect(within(dialog).getByRole('radio', { name: new RegExp(`^${ROLE_NAMES.sales}`) })).toHaveFocus();

    await user.click(within(dialog).getByRole('radio', { name: new RegExp(`^${ROLE_NAMES.manager}`) }));
    await user.click(within(dialog).getByRole('button', { name: text.team.roleDialog.submit }));

    expect(await screen.findByText('Le rôle de Claire Petit est maintenant : Responsable.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls.find((call) => call.name === 'rpc:change_member_role')?.body).toEqual({
      p_membership_id: 'm-claire',
      p_role: 'manager',
    });
  });

  it('lets an owner give the owner role too', async () => {
    installBackend('owner');
    const user = renderPage();
    const claire = await findMemberRow('Claire Petit');
    await user.click(within(claire).getByRole('button', { name: text.team.changeRole }));
    const offered = within(screen.getByRole('dialog'))
      .getAllByRole('radio')
      .map((radio) => radio.getAttribute('value'));
    expect(offered).toEqual(['owner', 'admin', 'manager', 'sales', 'technician', 'member', 'client']);
  });

  it('shows a refusal from the database in the dialog, in words, and keeps the choice', async () => {
    installBackend('admin', { 'rpc:change_member_role': () => answerRpcError(403, 'mfa_required') });
    const user = renderPage();
    const claire = await findMemberRow('Claire Petit');
    await user.click(within(claire).getByRole('button', { name: text.team.changeRole }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: new RegExp(`^${ROLE_NAMES.technician}`) }));
    await user.click(within(dialog).getByRole('button', { name: text.team.roleDialog.submit }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(fr.errors.rpc.mfa_required);
    expect(within(dialog).getByRole('radio', { name: new RegExp(`^${ROLE_NAMES.technician}`) })).toBeChecked();
  });

  it('asks before removing someone, and lists pending invitations with their actions', async () => {
    const calls = installBackend('admin', { 'rpc:remove_member': () => answerJson(200, null) });
    const user = renderPage();
    const claire = await findMemberRow('Claire Petit');
    await user.click(within(claire).getByRole('button', { name: text.team.remove }));
    const dialog = screen.getByRole('dialog', { name: 'Retirer Claire Petit de l’équipe\u202f?' });
    // The safe choice has focus: Enter does not remove anyone.
    expect(within(dialog).getByRole('button', { name: text.common.cancel })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: text.team.removeDialog.confirm }));
    expect(await screen.findByText('Claire Petit a été retiré·e de l’équipe.')).toBeInTheDocument();
    expect(calls.find((call) => call.name === 'rpc:remove_member')?.body).toEqual({ p_membership_id: 'm-claire' });

    const invitation = (await screen.findByText('karim@garage.test')).closest('li');
    expect(invitation).not.toBeNull();
    expect(within(invitation as HTMLElement).getByText(text.invitations.status.pending)).toBeInTheDocument();
    expect(
      within(invitation as HTMLElement).getByRole('button', { name: text.invitations.resend }),
    ).toBeInTheDocument();
    expect(
      within(invitation as HTMLElement).getByRole('button', { name: text.invitations.revoke }),
    ).toBeInTheDocument();
    // The invite form offers the admin's grantable roles only.
    const roles = [...(screen.getByLabelText(text.invite.role) as HTMLSelectElement).options].map((o) => o.value);
    expect(roles).toEqual(['admin', 'manager', 'sales', 'technician', 'member', 'client']);
  });

  it('shows a salesperson only their own access, with no management controls', async () => {
    const calls = installBackend('sales');
    renderPage();
    const self = await findMemberRow('Sophie Martin');
    expect(screen.getByText(text.team.ownOnly)).toBeInTheDocument();
    expect(
      within(self)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual([text.team.leave]);
    expect(screen.queryByRole('heading', { name: text.invite.title })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: text.invitations.title })).not.toBeInTheDocument();
    expect(calls.map((call) => call.name)).not.toContain('rpc:list_invitations');
    // Details they are not given are not invented: no "MFA off", no "never signed in".
    expect(within(self).queryByText(text.team.mfaOff)).not.toBeInTheDocument();
    expect(within(self).queryByText(text.team.neverSignedIn)).not.toBeInTheDocument();
  });

  it('shows an admin who has and has not turned MFA on, and who never signed in', async () => {
    installBackend('admin', {
      'rpc:list_members': () =>
        answerJson(200, [MARC, { ...SOPHIE_MEMBER, role: 'admin' }, { ...CLAIRE, last_sign_in_at: null }]),
    });
    renderPage();
    expect(within(await findMemberRow('Marc Durand')).getByText(text.team.mfaOn)).toBeInTheDocument();
    const claire = await findMemberRow('Claire Petit');
    expect(within(claire).getByText(text.team.mfaOff)).toBeInTheDocument();
    expect(within(claire).getByText(text.team.neverSignedIn)).toBeInTheDocument();
  });

  it('says how many minutes to wait when the invitation quota is reached, and keeps what was typed', async () => {
    const calls = installBackend('admin', {
      'fn:invitations': () =>
        answerJson(429, {
          code: 'RATE_LIMITED',
          userMessage: 'errors.rpc.too_many_invitations',
          details: { scope: 'inviter', limit: 20, retry_after_seconds: 3541 },
        }),
    });
    const user = renderPage();
    const form = (await screen.findByRole('heading', { name: text.invite.title })).closest('section') as HTMLElement;
    await user.type(within(form).getByLabelText(text.invite.email), 'karim.haddad@garage.test');
    await user.selectOptions(within(form).getByLabelText(text.invite.role), 'technician');
    await user.click(within(form).getByRole('button', { name: text.invite.submit }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      /^Vous avez envoyé beaucoup d’invitations en peu de temps\. Réessayez dans 60\sminutes\s: ce que vous avez saisi est conservé\.$/,
    );
    expect(within(form).getByLabelText(text.invite.email)).toHaveValue('karim.haddad@garage.test');
    expect(within(form).getByLabelText(text.invite.role)).toHaveValue('technician');
    expect(calls.filter((call) => call.name === 'fn:invitations')).toHaveLength(1);
  });

  it('says the wait in English too, in the singular for the last minute', async () => {
    await changeLanguage('en');
    installBackend('admin', {
      'fn:invitations': () =>
        answerJson(429, {
          code: 'RATE_LIMITED',
          userMessage: 'errors.rpc.too_many_invitations',
          details: { scope: 'invitation', retry_after_seconds: 42 },
        }),
    });
    const user = renderPage();
    const form = (await screen.findByRole('heading', { name: en.tenancy.invite.title })).closest(
      'section',
    ) as HTMLElement;
    await user.type(within(form).getByLabelText(en.tenancy.invite.email), 'karim.haddad@garage.test');
    await user.click(within(form).getByRole('button', { name: en.tenancy.invite.submit }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'You sent many invitations in a short time. Try again in 1 minute: what you typed is kept.',
    );
  });
});
