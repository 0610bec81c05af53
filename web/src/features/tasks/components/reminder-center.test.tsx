/**
 * Reminders surfaced in the app: a reminder that passed while the app was closed is listed on
 * start, once per task per device — opening the app again does not repeat it.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import { createRow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import {
  OTHER_USER_ID,
  renderWithProviders,
  startTestReplica,
  stopTestReplica,
  TEST_TENANT_ID,
  TEST_USER_ID,
} from '@web/test/replica.tsx';
import { ReminderCenter } from './reminder-center.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('sales'));
vi.mock('@web/features/tasks/queries.ts', async () => (await import('@web/test/replica.tsx')).mockTeamQueries());

// A busy machine (parallel suites) can take more than the default second to sync a write.
configure({ asyncUtilTimeout: 5000 });

const text = fr.tasks;
const norm = (message: string) => message.replace(/\s+/g, ' ');
const MINUTE = 60_000;

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

describe('ReminderCenter', () => {
  it('lists missed reminders on start, once per task per device', async () => {
    const past = new Date(Date.now() - 10 * MINUTE).toISOString();
    const { id } = await createRow('tasks', {
      title: 'Rappeler Garage Martin',
      assignee_id: TEST_USER_ID,
      remind_at: past,
    });
    await createRow('tasks', {
      title: 'Pas encore',
      assignee_id: TEST_USER_ID,
      remind_at: new Date(Date.now() + 60 * MINUTE).toISOString(),
    });
    await createRow('tasks', { title: 'Pour Sophie', assignee_id: OTHER_USER_ID, remind_at: past });
    await createRow('tasks', { title: 'Déjà faite', assignee_id: TEST_USER_ID, remind_at: past, status: 'done' });

    const first = renderWithProviders(<ReminderCenter />);
    expect(await screen.findByText(norm(text.reminders.title_one.replace('{{count}}', '1')))).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Rappeler Garage Martin' })).toHaveAttribute('href', `/taches/${id}`);
    expect(screen.queryByText('Pas encore')).not.toBeInTheDocument();
    expect(screen.queryByText('Pour Sophie')).not.toBeInTheDocument();
    expect(screen.queryByText('Déjà faite')).not.toBeInTheDocument();
    // Recorded on this device as shown.
    await waitFor(() =>
      expect(
        JSON.parse(localStorage.getItem(`comptoir.tasks.reminded.${TEST_USER_ID}.${TEST_TENANT_ID}`) ?? '{}'),
      ).toEqual({
        [id]: past,
      }),
    );
    first.unmount();

    // The app opens again: a reminder missed since then shows, the one already seen does not.
    await createRow('tasks', { title: 'Nouveau rappel', assignee_id: TEST_USER_ID, remind_at: past });
    renderWithProviders(<ReminderCenter />);
    expect(await screen.findByRole('link', { name: 'Nouveau rappel' })).toBeInTheDocument();
    expect(screen.queryByText('Rappeler Garage Martin')).not.toBeInTheDocument();
  });

  it(
    'shows a reminder in a toast when it passes while the app is open, with a "Voir" action',
    { timeout: 20_000 },
    async () => {
      renderWithProviders(<ReminderCenter />);
      const { id } = await createRow('tasks', {
        title: 'Appeler le client',
        assignee_id: TEST_USER_ID,
        // Far enough ahead that a loaded machine has stored and shown the task before it is due
        // (otherwise it is a reminder missed while closed: the banner, not the toast).
        remind_at: new Date(Date.now() + 3000).toISOString(),
      });
      const toast = await screen.findByText(
        norm(text.reminders.toast.replace('{{title}}', 'Appeler le client')),
        undefined,
        {
          timeout: 10_000,
        },
      );
      const card = toast.closest('.toast');
      expect(card).not.toBeNull();
      expect(within(card as HTMLElement).getByRole('button', { name: text.reminders.open })).toBeInTheDocument();
      await waitFor(() =>
        expect(localStorage.getItem(`comptoir.tasks.reminded.${TEST_USER_ID}.${TEST_TENANT_ID}`)).toContain(id),
      );
      // A live reminder is a toast, not the missed-reminders banner.
      expect(screen.queryByRole('link', { name: 'Appeler le client' })).not.toBeInTheDocument();
    },
  );

  it(
    'shows at once a reminder that had already passed when its task reached the device',
    { timeout: 20_000 },
    async () => {
      renderWithProviders(<ReminderCenter />);
      // The app has been open a moment; then a task arrives whose reminder passed meanwhile
      // (written offline elsewhere, synced late): no timer can be pending for it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await createRow('tasks', {
        title: 'Relancer le devis',
        assignee_id: TEST_USER_ID,
        remind_at: new Date(Date.now() - 100).toISOString(),
      });
      expect(
        await screen.findByText(norm(text.reminders.toast.replace('{{title}}', 'Relancer le devis')), undefined, {
          timeout: 10_000,
        }),
      ).toBeInTheDocument();
    },
  );
});
