/**
 * Reads of tasks from the local replica (Dexie liveQuery): they re-render on every local write
 * and every pulled change. `undefined` means "still reading", `null` "no such task".
 */
import type { Task } from '@shared/sales/index.ts';
import { useReplicaQuery, useSyncState } from '@web/lib/db/index.ts';
import type { LinkedRecordFilter } from '../internal/my-day.ts';

/**
 * Every task of the replica (RLS already limited them to what the user may read). Undefined
 * during a first sync: read live, the list would be re-read after every pulled page.
 */
export function useTasks(): readonly Task[] | undefined {
  const isFirstSyncing = useSyncState().phase === 'initial';
  return useReplicaQuery<readonly Task[] | undefined>(
    (db) => (isFirstSyncing ? undefined : db.tasks.toArray()),
    [isFirstSyncing],
    undefined,
  );
}

/** Tasks assigned to the user (the indexed read "Ma journée" and the reminders need). */
export function useAssignedTasks(userId: string): readonly Task[] | undefined {
  return useReplicaQuery<readonly Task[] | undefined>(
    (db) => db.tasks.where('assignee_id').equals(userId).toArray(),
    [userId],
    undefined,
  );
}

const INDEXED_LINKS = { contacts: 'contact_id', opportunities: 'opportunity_id' } as const;

/** Tasks linked to one record (contacts and opportunities by index, companies by a scan). */
export function useRecordTasks(record: LinkedRecordFilter): readonly Task[] | undefined {
  const { table, id } = record;
  return useReplicaQuery<readonly Task[] | undefined>(
    (db) =>
      table === 'companies'
        ? db.tasks.filter((task) => task.company_id === id).toArray()
        : db.tasks.where(INDEXED_LINKS[table]).equals(id).toArray(),
    [table, id],
    undefined,
  );
}

export function useTask(id: string): Task | null | undefined {
  return useReplicaQuery<Task | null | undefined>(async (db) => (await db.tasks.get(id)) ?? null, [id], undefined);
}
