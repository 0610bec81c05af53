/**
 * Deleting a contact from its page against the real engine: it leaves the list at once, the
 * toast offers "Annuler", and undoing within the window brings it back (the delete was held in
 * the outbox, never sent).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow, getSyncState } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { renderRoutes, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { ContactDetailPage } from './contact-detail-page.tsx';
import { ContactsPage } from './contacts-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('manager'));

const text = fr.crm;
const activities = fr.activities;
const norm = (message: string) => message.replace(/\s+/g, ' ');

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

describe('ContactDetailPage', () => {
  it('shows every field of the contact', async () => {
    const { id } = await createRow('contacts', {
      first_name: 'Inès',
      last_name: 'Garcia',
      email: 'ines@exemple.fr',
      consent_marketing: true,
      processing_basis: 'consent',
      custom_fields: { parrain: 'Hugo' },
      notes: 'Rappeler en janvier',
    });
    renderRoutes({ '/contacts/:id': <ContactDetailPage /> }, `/contacts/${id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Inès Garcia' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'ines@exemple.fr' })).toHaveAttribute('href', 'mailto:ines@exemple.fr');
    expect(screen.getByText(text.bases.consent)).toBeInTheDocument();
    expect(screen.getByText('parrain').nextElementSibling).toHaveTextContent('Hugo');
    expect(screen.getByText('Rappeler en janvier')).toBeInTheDocument();
  });

  it('deletes at once and brings the contact back with "Annuler"', async () => {
    const { id } = await createRow('contacts', { first_name: 'Marc', last_name: 'Petit' });
    renderRoutes({ '/contacts': <ContactsPage />, '/contacts/:id': <ContactDetailPage /> }, `/contacts/${id}`);
    const user = userEvent.setup();
    await screen.findByRole('heading', { level: 1, name: 'Marc Petit' });

    await user.click(screen.getByRole('button', { name: text.common.delete }));
    const toast = await screen.findByText(norm(text.detail.contactDeleted.replace('{{name}}', 'Marc Petit')));
    expect(
      await screen.findByRole('heading', { name: text.list.contactsEmptyTitle }, { timeout: 5000 }),
    ).toBeInTheDocument();

    await user.click(within(toast.closest('.toast') as HTMLElement).getByRole('button', { name: text.common.undo }));
    expect(await screen.findByText(text.detail.undone)).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: text.nav.contacts });
    expect(within(list).getByRole('listitem')).toHaveTextContent('Marc Petit');
    expect(getSyncState().rejections).toBe(0);
  });

  it("logs a call in two taps from the contact's page and shows it in its timeline", async () => {
    const { id } = await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' });
    renderRoutes({ '/contacts/:id': <ContactDetailPage /> }, `/contacts/${id}`);
    const user = userEvent.setup();
    const history = await screen.findByRole('region', { name: activities.timeline.title }, { timeout: 5000 });

    const quick = screen.getByRole('region', { name: activities.quick.title });
    await user.click(within(quick).getByRole('button', { name: activities.quick.call }));
    await user.click(within(quick).getByRole('button', { name: activities.outcomes.reached }));

    expect(await within(history).findByText(activities.outcomes.reached, {}, { timeout: 5000 })).toBeInTheDocument();
    const calls = within(history)
      .getAllByRole('article')
      .filter((entry) => entry.textContent?.includes(activities.outcomes.reached));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveTextContent(activities.kinds.call);
    expect(screen.getByRole('region', { name: fr.tasks.comments.title })).toBeInTheDocument();
  });
});
