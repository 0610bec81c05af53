/**
 * Merging companies against the real engine: the merge screen shows each differing field with a
 * choice and how many contacts move; confirming updates the kept company, moves the contacts of
 * the merged-away one to it and deletes that one; "Annuler" in the toast puts everything back.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow, searchCompanies, searchContacts } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { renderRoutes, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { CompanyDetailPage } from './company-detail-page.tsx';
import { CompanyMergePage } from './company-merge-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));

const text = fr.crm;
/** What Testing Library matches against: its default normaliser turns U+00A0 into a space. */
const norm = (message: string) => message.replace(/\s+/g, ' ');

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

function renderMerge(ids: readonly string[]) {
  renderRoutes(
    { '/entreprises/fusion': <CompanyMergePage />, '/entreprises/:id': <CompanyDetailPage /> },
    `/entreprises/fusion?ids=${ids.join(',')}`,
  );
  return userEvent.setup();
}

describe('merging companies', () => {
  it('keeps the chosen values, moves the contacts, deletes the other company, and can be undone', async () => {
    const kept = await createRow('companies', { name: 'Garage Martin', siren: '542065479', city: 'Nantes' });
    const other = await createRow('companies', { name: 'Garage Martin SARL', city: 'Rezé', sector: 'Automobile' });
    const moved = await createRow('contacts', { first_name: 'Paul', last_name: 'Martin', company_id: other.id });
    const untouched = await createRow('contacts', { first_name: 'Lise', last_name: 'Martin', company_id: kept.id });
    const user = renderMerge([kept.id, other.id]);

    expect(await screen.findByRole('heading', { level: 1, name: text.merge.companyTitle })).toBeInTheDocument();
    const city = await screen.findByRole('group', { name: text.fields.city });
    expect(within(city).getByRole('radio', { name: /Nantes/ })).toBeChecked();
    await user.click(within(city).getByRole('radio', { name: /Rezé/ }));
    expect(await screen.findByText(norm(text.merge.relinks_one.replace('{{count}}', '1')))).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: text.merge.confirm }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Garage Martin' })).toBeInTheDocument();
    await waitFor(async () => expect(await searchCompanies('garage')).toHaveLength(1));
    const [merged] = await searchCompanies('garage');
    expect(merged).toMatchObject({ id: kept.id, city: 'Rezé', sector: 'Automobile', siren: '542065479' });
    const contacts = await searchContacts('martin');
    expect(contacts.find((row) => row.id === moved.id)).toMatchObject({ company_id: kept.id });
    expect(contacts.find((row) => row.id === untouched.id)).toMatchObject({ company_id: kept.id });

    await user.click(screen.getByRole('button', { name: text.common.undo }));
    // The undo runs newest first (the deleted company comes back before the kept one's values):
    // wait for its end, not for its first step.
    await waitFor(async () => {
      const restored = await searchCompanies('garage');
      expect(restored).toHaveLength(2);
      expect(restored.find((row) => row.id === kept.id)).toMatchObject({ city: 'Nantes', sector: null });
      const contactsAfter = await searchContacts('martin');
      expect(contactsAfter.find((row) => row.id === moved.id)).toMatchObject({ company_id: other.id });
    });
  });

  it('says so when fewer than two of the companies exist', async () => {
    const only = await createRow('companies', { name: 'Menuiserie Roux' });
    renderMerge([only.id, '019a8f00-0000-7000-8000-00000000dead']);
    expect(await screen.findByText(text.merge.notEnough)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: text.merge.confirm })).not.toBeInTheDocument();
  });
});
