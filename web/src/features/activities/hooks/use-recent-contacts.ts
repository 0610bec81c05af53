/** Contacts for the quick call sheet: the user's latest contacted ones, or a local search. */
import { useEffect, useState } from 'react';
import type { Contact } from '@shared/crm/index.ts';
import { searchContacts, useReplicaQuery } from '@web/lib/db/index.ts';

const RECENT_COUNT = 6;
const SEARCH_COUNT = 8;

/** The last contacts the user logged an activity with, newest first (undefined while reading). */
export function useRecentContacts(userId: string): readonly Contact[] | undefined {
  return useReplicaQuery<readonly Contact[] | undefined>(
    async (db) => {
      const ids: string[] = [];
      // Walks the activities newest first and stops as soon as enough distinct contacts are found.
      await db.activities
        .orderBy('occurred_at')
        .reverse()
        .until(() => ids.length >= RECENT_COUNT)
        .each((row) => {
          if (row.owner_id === userId && row.contact_id && !ids.includes(row.contact_id)) ids.push(row.contact_id);
        });
      const rows = await db.contacts.bulkGet(ids);
      return rows.filter((row): row is Contact => row !== undefined);
    },
    [userId],
    undefined,
  );
}

/** Contacts matching `query` (the replica's search index); undefined until the first answer. */
export function useContactSearch(query: string): readonly Contact[] | undefined {
  const trimmed = query.trim();
  const [state, setState] = useState<{ query: string; rows: readonly Contact[] } | null>(null);
  useEffect(() => {
    if (!trimmed) return undefined;
    let isCurrent = true;
    searchContacts(trimmed, { limit: SEARCH_COUNT }).then(
      (rows) => {
        if (isCurrent) setState({ query: trimmed, rows });
      },
      (error: unknown) => console.error('contact search failed', error),
    );
    return () => {
      isCurrent = false;
    };
  }, [trimmed]);
  return state?.query === trimmed ? state.rows : undefined;
}
