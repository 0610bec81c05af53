/**
 * The contacts list against the real sync engine (fake-indexeddb + in-memory server): rows come
 * from the replica, the search box narrows them (accent-insensitive), filters and the empty
 * states say what happened.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { renderWithProviders, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { ContactsPage } from './contacts-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));

const text = fr.crm;

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

function getList() {
  return screen.getByRole('list', { name: text.nav.contacts });
}

describe('ContactsPage', () => {
  it('lists the replica and narrows it as the user types, accents or not', async () => {
    await createRow('contacts', {
      first_name: 'Hélène',
      last_name: 'Durand',
      email: 'helene@garage.fr',
      tags: ['VIP'],
    });
    await createRow('contacts', { first_name: 'Marc', last_name: 'Petit', phone: '06 12 34 56 78' });
    await createRow('contacts', { first_name: 'Léa', last_name: 'Robert' });
    renderWithProviders(<ContactsPage />, '/contacts');

    expect(await screen.findByText('3 contacts')).toBeInTheDocument();
    expect(within(getList()).getAllByRole('listitem')).toHaveLength(3);

    const user = userEvent.setup();
    await user.type(screen.getByRole('searchbox', { name: text.list.searchLabel }), 'helene');
    expect(await screen.findByText('1 contact')).toBeInTheDocument();
    const items = within(getList()).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent('Hélène Durand');
    expect(within(items[0] as HTMLElement).getByRole('link')).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/contacts\//),
    );
  });

  it('offers to clear search and filters when nothing matches, and clearing brings the rows back', async () => {
    await createRow('contacts', { first_name: 'Marc', last_name: 'Petit' });
    renderWithProviders(<ContactsPage />, '/contacts?q=zzz');

    expect(await screen.findByRole('heading', { name: text.list.noResultsTitle })).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: text.list.clearFilters }));
    expect(await screen.findByText('1 contact')).toBeInTheDocument();
    expect(within(getList()).getByRole('listitem')).toHaveTextContent('Marc Petit');
  });

  it('filters by tag from the URL and counts the active filter', async () => {
    await createRow('contacts', { first_name: 'Hugo', last_name: 'Laurent', tags: ['Flotte'] });
    await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' });
    renderWithProviders(<ContactsPage />, '/contacts?tag=flotte');

    expect(await screen.findByText('1 contact')).toBeInTheDocument();
    expect(within(getList()).getByRole('listitem')).toHaveTextContent('Hugo Laurent');
    expect(screen.getByText(/1 filtre actif/)).toBeInTheDocument();
  });

  it('invites to create or import when the company has no contact yet', async () => {
    renderWithProviders(<ContactsPage />, '/contacts');
    expect(await screen.findByRole('heading', { name: text.list.contactsEmptyTitle })).toBeInTheDocument();
    const links = screen.getAllByRole('link', { name: text.list.newContact });
    expect(links.at(-1)).toHaveAttribute('href', '/contacts/nouveau');
    expect(screen.getAllByRole('link', { name: text.list.import }).at(-1)).toHaveAttribute('href', '/contacts/import');
  });

  it('saves the filters as a named view on this device and applies it again', async () => {
    await createRow('contacts', { first_name: 'Hugo', last_name: 'Laurent', tags: ['Flotte'] });
    await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' });
    renderWithProviders(<ContactsPage />, '/contacts?tag=Flotte');
    const user = userEvent.setup();
    expect(await screen.findByText('1 contact')).toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: text.views.name }), 'Flotte');
    await user.click(screen.getByRole('button', { name: text.views.save }));
    const stored = Object.entries(localStorage).find(([key]) => key.startsWith('comptoir.crm.views.contacts.'));
    const views = JSON.parse(stored?.[1] ?? '[]') as { name: string; params: string }[];
    expect(views).toEqual([{ name: 'Flotte', params: expect.stringContaining('"tags":["Flotte"]') as string }]);

    const picker = screen.getByRole('combobox', { name: text.views.label });
    expect(picker).toHaveValue('Flotte');
    await user.selectOptions(picker, '');
    expect(await screen.findByText('2 contacts')).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: text.views.label }), 'Flotte');
    expect(await screen.findByText('1 contact')).toBeInTheDocument();
    expect(within(getList()).getByRole('listitem')).toHaveTextContent('Hugo Laurent');
  });
});
