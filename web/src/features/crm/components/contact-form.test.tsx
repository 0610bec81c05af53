/**
 * Creating and editing a contact against the real engine: problems are checked with the shared
 * rules on blur and on submit, shown in French next to the field and tied to it for screen
 * readers; a valid contact is written and opened; a look-alike triggers the duplicate warning.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { renderRoutes, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { ContactDetailPage } from './contact-detail-page.tsx';
import { NewContactPage } from './new-record-pages.tsx';

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

function renderNewContact() {
  renderRoutes(
    { '/contacts/nouveau': <NewContactPage />, '/contacts/:id': <ContactDetailPage /> },
    '/contacts/nouveau',
  );
  return userEvent.setup();
}

describe('ContactForm', () => {
  it('explains a bad e-mail in French when the field is left, tied to the field', async () => {
    const user = renderNewContact();
    const email = await screen.findByRole('textbox', { name: text.fields.email });
    await user.type(email, 'camille@studio');
    expect(screen.queryByText(norm(text.errors.email))).not.toBeInTheDocument();
    await user.tab();

    const message = await screen.findByText(norm(text.errors.email));
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email.getAttribute('aria-describedby')).toContain(message.id);

    await user.clear(email);
    await user.type(email, 'camille@studio.fr');
    expect(screen.queryByText(norm(text.errors.email))).not.toBeInTheDocument();
    expect(email).not.toHaveAttribute('aria-invalid');
  });

  it('refuses an empty contact on submit, focusing the first problem', async () => {
    const user = renderNewContact();
    await user.click(await screen.findByRole('button', { name: text.common.create }));
    expect(await screen.findByText(text.errors.name_or_email_required)).toBeInTheDocument();
    expect(screen.getByText(text.errors.summary)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: text.fields.last_name })).toHaveFocus();
  });

  it('writes a valid contact, normalised, and opens it', async () => {
    const user = renderNewContact();
    await user.type(await screen.findByRole('textbox', { name: text.fields.first_name }), 'Hélène');
    await user.type(screen.getByRole('textbox', { name: text.fields.last_name }), 'Durand');
    await user.type(screen.getByRole('textbox', { name: new RegExp(`^${text.fields.phone}`) }), '06 12 34 56 78');
    await user.type(screen.getByRole('textbox', { name: new RegExp(`^${text.fields.tags}`) }), 'VIP, Flotte');
    await user.click(screen.getByRole('button', { name: text.common.create }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Hélène Durand' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '+33 6 12 34 56 78' })).toHaveAttribute('href', 'tel:+33612345678');
    expect(screen.getByText('VIP')).toBeInTheDocument();
    expect(screen.getByText(norm(text.form.contactCreated.replace('{{name}}', 'Hélène Durand')))).toBeInTheDocument();
  });

  it('warns about a look-alike before creating, and can create anyway', async () => {
    await createRow('contacts', { first_name: 'Camille', last_name: 'Moreau', email: 'camille@studio-pixel.fr' });
    const user = renderNewContact();
    await user.type(await screen.findByRole('textbox', { name: text.fields.email }), 'Camille@Studio-Pixel.fr');
    await user.click(screen.getByRole('button', { name: text.common.create }));

    const warning = await screen.findByText(text.duplicates.warningTitle);
    const panel = warning.closest('.alert') as HTMLElement;
    expect(within(panel).getByText('Camille Moreau')).toBeInTheDocument();
    expect(within(panel).getByText(`(${text.duplicates.reasons.email})`)).toBeInTheDocument();
    expect(within(panel).getByRole('link', { name: text.duplicates.openExisting })).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/contacts\//),
    );

    await user.click(within(panel).getByRole('button', { name: text.duplicates.createAnyway }));
    expect(await screen.findByRole('heading', { level: 1, name: 'camille@studio-pixel.fr' })).toBeInTheDocument();
  });
});
