/**
 * Reads of the user's notifications from the replica (RLS sends each user only their own; the
 * filter on user_id also keeps another member's rows out should a replica ever hold them), and
 * the names of the records they are about.
 */
import type { Notification } from '@shared/sales/index.ts';
import { getContactDisplayName } from '@shared/crm/index.ts';
import { useReplicaQuery } from '@web/lib/db/index.ts';

/** The user's notifications, newest first. */
export function useNotifications(userId: string): readonly Notification[] | undefined {
  return useReplicaQuery<readonly Notification[] | undefined>(
    async (db) => {
      const rows = await db.notifications.where('user_id').equals(userId).toArray();
      return rows.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
    },
    [userId],
    undefined,
  );
}

export function useUnreadCount(userId: string): number {
  return useReplicaQuery(
    (db) =>
      userId === ''
        ? 0
        : db.notifications
            .where('user_id')
            .equals(userId)
            .filter((row) => row.read_at === null)
            .count(),
    [userId],
    0,
  );
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

function idsOf(notifications: readonly Notification[], table: string): string[] {
  return [...new Set(notifications.filter((row) => row.record_table === table).map((row) => row.record_id))].sort();
}

/** `table:id` → the record's name (opportunity title, contact or company name, task title). */
export function useRecordNames(notifications: readonly Notification[] | undefined): ReadonlyMap<string, string> {
  const rows = notifications ?? [];
  const ids = {
    opportunities: idsOf(rows, 'opportunities'),
    contacts: idsOf(rows, 'contacts'),
    companies: idsOf(rows, 'companies'),
    tasks: idsOf(rows, 'tasks'),
  };
  const signature = JSON.stringify(ids);
  return useReplicaQuery<ReadonlyMap<string, string>>(
    async (db) => {
      const [opportunities, contacts, companies, tasks] = await Promise.all([
        db.opportunities.bulkGet(ids.opportunities),
        db.contacts.bulkGet(ids.contacts),
        db.companies.bulkGet(ids.companies),
        db.tasks.bulkGet(ids.tasks),
      ]);
      const names = new Map<string, string>();
      for (const row of opportunities) if (row) names.set(`opportunities:${row.id}`, row.title);
      for (const row of contacts) if (row) names.set(`contacts:${row.id}`, getContactDisplayName(row));
      for (const row of companies) if (row) names.set(`companies:${row.id}`, row.name);
      for (const row of tasks) if (row) names.set(`tasks:${row.id}`, row.title);
      return names;
    },
    [signature],
    NO_NAMES,
  );
}
