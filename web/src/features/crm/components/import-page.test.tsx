/**
 * The CSV import wizard against the real engine: a French Excel file is read, its columns are
 * mapped by their headers, the preview marks a bad row, and the import creates, completes an
 * existing contact (same e-mail) and rejects the bad row, with reasons.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow, searchContacts } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { renderWithProviders, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { ImportPage } from './import-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));

const text = fr.crm;
const norm = (message: string) => message.replace(/\s+/g, ' ');

const CSV = [
  'Prénom;Nom;E-mail;Téléphone',
  'Jean;Martin;jean.martin@exemple.fr;06 11 22 33 44',
  'Paul;;pas-un-email;12',
  'Hélène;Dupont;helene@exemple.fr;',
].join('\r\n');

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

describe('ImportPage', () => {
  it('maps, previews, imports and sums up a file', async () => {
    await createRow('contacts', { last_name: 'Dupont', email: 'helene@exemple.fr' });
    renderWithProviders(<ImportPage />, '/contacts/import');
    const user = userEvent.setup();

    const input = (await screen.findByLabelText(text.import.choose)) as HTMLInputElement;
    await user.upload(input, new File([`\uFEFF${CSV}`], 'clients.csv', { type: 'text/csv' }));

    expect(await screen.findByRole('combobox', { name: 'E-mail' })).toHaveValue('email');
    expect(screen.getByRole('combobox', { name: 'Prénom' })).toHaveValue('first_name');
    const preview = screen.getByRole('table');
    const badRow = within(preview).getByRole('row', { name: /pas-un-email/ });
    await waitFor(() => expect(within(badRow).getByText('pas-un-email')).toHaveAttribute('aria-invalid', 'true'));
    expect(within(preview).getByText('jean.martin@exemple.fr')).not.toHaveAttribute('aria-invalid');

    await waitFor(() =>
      expect(screen.getByRole('button', { name: text.import.start })).not.toHaveAttribute('aria-busy'),
    );
    await user.click(screen.getByRole('button', { name: text.import.start }));
    expect(await screen.findByRole('heading', { name: text.import.resultTitle })).toBeInTheDocument();
    const summary = screen.getAllByRole('status').find((node) => node.classList.contains('import-summary'));
    expect(summary).toHaveTextContent('1 contact créé');
    expect(summary).toHaveTextContent('1 contact complété (doublon)');
    expect(summary).toHaveTextContent('1 ligne refusée');
    expect(
      screen.getByText(new RegExp(`^Ligne 3 : ${norm(text.errors.email).replace(/[()]/g, '\\$&')}`)),
    ).toBeInTheDocument();

    expect((await searchContacts('jean martin')).map((row) => row.phone)).toEqual(['+33611223344']);
    const [helene] = await searchContacts('dupont');
    expect(helene).toMatchObject({ first_name: 'Hélène', email: 'helene@exemple.fr' });
  });
});
