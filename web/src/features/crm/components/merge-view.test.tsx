/**
 * Merging duplicates against the real engine: the duplicates page groups look-alikes; the merge
 * screen shows each differing field with a choice, writes the kept record and deletes the other,
 * and "Annuler" in the toast puts both back.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow, searchContacts } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { renderRoutes, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { ContactDetailPage } from './contact-detail-page.tsx';
import { DuplicatesPage } from './duplicates-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));

const text = fr.crm;

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

describe('merging duplicates', () => {
  it('keeps the chosen values, deletes the other record, and can be undone', async () => {
    const first = await createRow('contacts', {
      first_name: 'Camille',
      last_name: 'Moreau',
      email: 'camille@pixel.fr',
      job_title: 'Gérante',
    });
    await createRow('contacts', {
      first_name: 'Camille',
      last_name: 'Moreau',
      email: 'camille@pixel.fr',
      job_title: 'Comptable',
      city: 'Nantes',
    });
    renderRoutes(
      { '/contacts/doublons': <DuplicatesPage />, '/contacts/:id': <ContactDetailPage /> },
      '/contacts/doublons',
    );
    const user = userEvent.setup();

    await user.click(await screen.findByRole('link', { name: text.duplicates.compare }));
    expect(await screen.findByRole('heading', { level: 1, name: text.merge.title })).toBeInTheDocument();
    const jobTitle = screen.getByRole('group', { name: text.fields.job_title });
    expect(within(jobTitle).getByRole('radio', { name: /Gérante/ })).toBeChecked();
    await user.click(within(jobTitle).getByRole('radio', { name: /Comptable/ }));
    await user.click(screen.getByRole('button', { name: text.merge.confirm }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Camille Moreau' })).toBeInTheDocument();
    await waitFor(async () => expect(await searchContacts('camille')).toHaveLength(1));
    const [merged] = await searchContacts('camille');
    expect(merged).toMatchObject({ id: first.id, job_title: 'Comptable', city: 'Nantes' });

    await user.click(screen.getByRole('button', { name: text.common.undo }));
    // The undo runs newest first: wait for its end, not for its first step.
    await waitFor(async () => {
      const restored = await searchContacts('camille');
      expect(restored).toHaveLength(2);
      expect(restored.find((row) => row.id === first.id)).toMatchObject({ job_title: 'Gérante', city: null });
    });
  });
});
