/**
 * React bindings of the replica: live queries (Dexie liveQuery: a component re-renders on any
 * local, pulled or other-tab change), the sync status and the "needs attention" list.
 */
import { liveQuery } from 'dexie';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { getReplicaDb, subscribeToReplica } from './runtime.ts';
import type { Rejection, ReplicaDb } from './schema.ts';
import { getSyncState, subscribeToSyncState, type SyncState } from './status.ts';

export function useSyncState(): SyncState {
  return useSyncExternalStore(subscribeToSyncState, getSyncState, getSyncState);
}

/** Runs `query` over the replica and again after every change it depends on. */
export function useReplicaQuery<T>(query: (db: ReplicaDb) => Promise<T> | T, deps: readonly unknown[], initial: T): T {
  const db = useSyncExternalStore(subscribeToReplica, getReplicaDb, getReplicaDb);
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    if (!db) return undefined;
    const subscription = liveQuery(() => query(db)).subscribe({
      next: (next) => setValue(() => next),
      error: (error: unknown) => console.error('replica query failed', error),
    });
    return () => subscription.unsubscribe();
    // The caller lists what `query` reads, as with useEffect; the function itself changes each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, ...deps]);
  return value;
}

const NO_REJECTIONS: Rejection[] = [];

/** "Needs attention": rejected writes, newest first. */
export function useRejections(): Rejection[] {
  return useReplicaQuery((db) => db.rejections.orderBy('rejectedAt').reverse().toArray(), [], NO_REJECTIONS);
}

const EMPTY_QUEUE = { pending: 0, failed: 0 };

export function useAttachmentQueue(): { pending: number; failed: number } {
  return useReplicaQuery(
    async (db) => ({
      pending: await db.attachments.where('status').equals('pending').count(),
      failed: await db.attachments.where('status').equals('failed').count(),
    }),
    [],
    EMPTY_QUEUE,
  );
}
