/**
 * /activite against the real engine: activities, comments and tasks of the team in one stream,
 * filtered by type and by client (through a contact's company), live as rows arrive.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow, syncNow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import { renderRoutes, startTestReplica, stopTestReplica } from '@web/test/replica.tsx';
import { ActivityFeedPage } from './activity-feed-page.tsx';
import { ClientFeed } from './client-feed.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => {
  const { mockTenancy, TEST_MEMBERS } = await import('@web/test/replica.tsx');
  return mockTenancy('sales', TEST_MEMBERS);
});

const text = fr.activities;
const norm = (message: string) => message.replace(/\s+/g, ' ');

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

async function seed() {
  const { id: acme } = await createRow('companies', { name: 'Acme' });
  const { id: globex } = await createRow('companies', { name: 'Globex' });
  const { id: ines } = await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia', company_id: acme });
  const now = new Date().toISOString();
  await createRow('activities', {
    kind: 'call',
    outcome: 'reached',
    occurred_at: now,
    subject: 'Appel Inès',
    contact_id: ines,
  });
  await createRow('activities', { kind: 'visit', occurred_at: now, subject: 'Visite Globex', company_id: globex });
  await createRow('comments', { record_table: 'companies', record_id: acme, body: 'Budget validé', mentions: [] });
  await createRow('tasks', { title: 'Envoyer le devis', company_id: globex });
  await syncNow();
  return { acme, globex, ines };
}

// Each test runs the real engine through several syncs: room for a loaded two-core CI machine.
describe('ActivityFeedPage', { timeout: 15_000 }, () => {
  it('shows activities, comments and tasks, filtered by type', async () => {
    await seed();
    renderRoutes({ '/activite': <ActivityFeedPage /> }, '/activite');
    expect(await screen.findByText('Appel Inès')).toBeInTheDocument();
    expect(screen.getByText('Visite Globex')).toBeInTheDocument();
    expect(screen.getByText('Budget validé')).toBeInTheDocument();
    expect(screen.getByText(norm(text.feed.taskCreated.replace('{{title}}', 'Envoyer le devis')))).toBeInTheDocument();
    const user = userEvent.setup();

    await user.selectOptions(screen.getByLabelText(text.feed.kind), text.kinds.visit);
    await waitFor(() => expect(screen.queryByText('Appel Inès')).not.toBeInTheDocument());
    expect(screen.getByText('Visite Globex')).toBeInTheDocument();
    expect(screen.queryByText('Budget validé')).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText(text.feed.kind), text.filters.comment);
    expect(await screen.findByText('Budget validé')).toBeInTheDocument();
    expect(screen.queryByText('Visite Globex')).not.toBeInTheDocument();
  });

  it("filters by client through a contact's company, from the address too", async () => {
    const { acme } = await seed();
    renderRoutes({ '/activite': <ActivityFeedPage /> }, `/activite?client=${acme}`);
    expect(await screen.findByText('Appel Inès')).toBeInTheDocument();
    expect(screen.getByText('Budget validé')).toBeInTheDocument();
    expect(screen.queryByText('Visite Globex')).not.toBeInTheDocument();
    expect(screen.getByLabelText(text.feed.client)).toHaveValue(acme);

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText(text.feed.client), text.feed.allClients);
    expect(await screen.findByText('Visite Globex')).toBeInTheDocument();
  });

  it("keeps a client's feed to the client and updates it live", async () => {
    const { acme, ines } = await seed();
    renderRoutes({ '/': <ClientFeed companyId={acme} /> }, '/');
    expect(await screen.findByText('Appel Inès')).toBeInTheDocument();
    expect(screen.queryByText('Visite Globex')).not.toBeInTheDocument();
    await createRow('activities', {
      kind: 'email',
      occurred_at: new Date().toISOString(),
      subject: 'Devis envoyé',
      contact_id: ines,
    });
    expect(await screen.findByText('Devis envoyé')).toBeInTheDocument();
  });
});
