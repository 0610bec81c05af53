/**
 * In-app notifications against the real engine and the in-memory server's triggers: a colleague
 * mentions the user or gives them a task; the bell counts the unread ones, the list shows them
 * newest first, each links to its record and is marked read when opened; "Tout marquer comme lu".
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRow, syncNow } from '@web/lib/db/index.ts';
import { fr } from '@web/i18n/locales/fr.ts';
import {
  getTestDb,
  OTHER_USER_ID,
  renderRoutes,
  startTestReplica,
  stopTestReplica,
  TEST_USER_ID,
  writeAsMember,
} from '@web/test/replica.tsx';
import { buildNotificationTarget } from '../internal/targets.ts';
import { NotificationBell } from './notification-bell.tsx';
import { NotificationsPage } from './notifications-page.tsx';

vi.mock('@web/features/tenancy/index.ts', async () => (await import('@web/test/replica.tsx')).mockTenancy('sales'));
vi.mock('@web/features/tasks/queries.ts', async () => {
  const { mockTeamQueries, TEST_MEMBERS } = await import('@web/test/replica.tsx');
  return mockTeamQueries(TEST_MEMBERS);
});

// A busy machine (parallel suites) can take more than the default second to sync a write.
configure({ asyncUtilTimeout: 5000 });

const text = fr.tasks.notifications;
const format = (message: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((result, [key, value]) => result.replace(`{{${key}}}`, String(value)), message);

type Seeded = { opportunityId: string; contactId: string; companyId: string; taskId: string };

/** Sophie mentions the user on an opportunity, a contact and a company, then gives them a task. */
async function seedNotifications(): Promise<Seeded> {
  const [stage] = await getTestDb().pipeline_stages.toArray();
  const opportunityId = (await createRow('opportunities', { title: 'Flotte Biotech', stage_id: stage?.id })).id;
  const contactId = (await createRow('contacts', { first_name: 'Inès', last_name: 'Garcia' })).id;
  const companyId = (await createRow('companies', { name: 'Garage Martin' })).id;
  await syncNow();
  const mention = (table: string, id: string, body: string) => ({
    table: 'comments' as const,
    fields: { record_table: table, record_id: id, body, mentions: [TEST_USER_ID] },
  });
  await writeAsMember(OTHER_USER_ID, [mention('opportunities', opportunityId, '@Lucas Martin budget validé ?')]);
  await writeAsMember(OTHER_USER_ID, [mention('contacts', contactId, '@Lucas Martin elle rappelle demain')]);
  await writeAsMember(OTHER_USER_ID, [mention('companies', companyId, '@Lucas Martin nouveau site')]);
  const [taskId] = await writeAsMember(OTHER_USER_ID, [
    { table: 'tasks', fields: { title: 'Passer chez Garage Martin', assignee_id: TEST_USER_ID } },
  ]);
  await waitFor(async () => expect(await getTestDb().notifications.count()).toBe(4));
  return { opportunityId, contactId, companyId, taskId: taskId ?? '' };
}

beforeEach(async () => {
  await startTestReplica();
});

afterEach(async () => {
  await stopTestReplica();
});

describe('notification targets', () => {
  it('leads to the pipeline, CRM and task pages of the record', () => {
    expect(buildNotificationTarget({ record_table: 'opportunities', record_id: 'o1' })).toBe('/pipeline/o1');
    expect(buildNotificationTarget({ record_table: 'contacts', record_id: 'c1' })).toBe('/contacts/c1');
    expect(buildNotificationTarget({ record_table: 'companies', record_id: 'e1' })).toBe('/entreprises/e1');
    expect(buildNotificationTarget({ record_table: 'tasks', record_id: 't1' })).toBe('/taches/t1');
    expect(buildNotificationTarget({ record_table: 'projects', record_id: 'p1' })).toBeNull();
  });
});

describe('NotificationsPage', () => {
  it('lists mentions and a given task newest first, each linking to its record', async () => {
    const seeded = await seedNotifications();
    renderRoutes({ '/notifications': <NotificationsPage /> }, '/notifications');

    const list = await screen.findByRole('list', { name: text.title });
    await waitFor(() => expect(within(list).getAllByRole('link')).toHaveLength(4));
    const links = within(list).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      `/taches/${seeded.taskId}`,
      `/entreprises/${seeded.companyId}`,
      `/contacts/${seeded.contactId}`,
      `/pipeline/${seeded.opportunityId}`,
    ]);
    const norm = (message: string) => message.replace(/\s+/g, ' ');
    expect(links[0]).toHaveTextContent(
      norm(format(text.taskAssigned, { actor: 'Sophie Bernard', record: 'Passer chez Garage Martin' })),
    );
    await waitFor(() =>
      expect(links[3]).toHaveTextContent(
        norm(format(text.mention, { actor: 'Sophie Bernard', record: 'Flotte Biotech' })),
      ),
    );
    expect(links[3]).toHaveTextContent(norm(format(text.excerpt, { excerpt: '@Lucas Martin budget validé ?' })));
    expect(within(list).getAllByText(text.unread)).toHaveLength(4);
  });

  it('marks a notification read when it is opened', async () => {
    const seeded = await seedNotifications();
    renderRoutes(
      {
        '/notifications': (
          <>
            <NotificationBell />
            <NotificationsPage />
          </>
        ),
      },
      '/notifications',
    );
    const user = userEvent.setup();
    expect(await screen.findByRole('link', { name: format(text.bellUnread_other, { count: 4 }) })).toHaveAttribute(
      'href',
      '/notifications',
    );

    const list = await screen.findByRole('list', { name: text.title });
    await waitFor(() => expect(within(list).getAllByRole('link')).toHaveLength(4));
    await user.click(within(list).getAllByRole('link')[3] as HTMLElement);
    expect(
      await screen.findByText(`ailleurs\u00a0: /pipeline/${seeded.opportunityId}`, { normalizer: (s) => s }),
    ).toBeInTheDocument();
    await waitFor(async () => {
      const opened = (await getTestDb().notifications.toArray()).filter((row) => row.read_at !== null);
      expect(opened.map((row) => row.record_id)).toEqual([seeded.opportunityId]);
    });
  });

  it('marks every notification read at once and the bell empties', async () => {
    await seedNotifications();
    renderRoutes(
      {
        '/notifications': (
          <>
            <NotificationBell />
            <NotificationsPage />
          </>
        ),
      },
      '/notifications',
    );
    const user = userEvent.setup();
    await screen.findByRole('link', { name: format(text.bellUnread_other, { count: 4 }) });
    await user.click(await screen.findByRole('button', { name: text.markAllRead }));
    expect(await screen.findByRole('link', { name: text.bell }, { timeout: 5000 })).toBeInTheDocument();
    await waitFor(async () =>
      expect((await getTestDb().notifications.toArray()).every((row) => row.read_at !== null)).toBe(true),
    );
    expect(screen.queryByText(text.unread)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: text.markAllRead })).not.toBeInTheDocument();
  });

  it('says so when there is nothing', async () => {
    renderRoutes({ '/notifications': <NotificationsPage /> }, '/notifications');
    expect(await screen.findByRole('heading', { name: text.emptyTitle })).toBeInTheDocument();
  });
});
