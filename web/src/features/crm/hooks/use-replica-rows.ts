/**
 * Reads of the local replica (Dexie liveQuery through the engine): lists, one record, search.
 * They re-render on every local write and every pulled change, so another device's edit shows
 * up without a reload. `undefined` means "still reading", `null` "no such record".
 */
import { useEffect, useState } from 'react';
import type { Company, Contact } from '@shared/crm/index.ts';
import { searchCompanies, searchContacts, useReplicaQuery, useSyncState } from '@web/lib/db/index.ts';

/**
 * Whole-table lists wait for the end of a first sync: read live, they would re-read up to 100,000
 * rows after each pulled page. Meanwhile the screen shows the first-sync progress instead.
 */
function useIsFirstSyncing(): boolean {
  return useSyncState().phase === 'initial';
}

export function useContacts(): readonly Contact[] | undefined {
  const isFirstSyncing = useIsFirstSyncing();
  return useReplicaQuery<readonly Contact[] | undefined>(
    (db) => (isFirstSyncing ? undefined : db.contacts.toArray()),
    [isFirstSyncing],
    undefined,
  );
}

export function useCompanies(): readonly Company[] | undefined {
  const isFirstSyncing = useIsFirstSyncing();
  return useReplicaQuery<readonly Company[] | undefined>(
    (db) => (isFirstSyncing ? undefined : db.companies.toArray()),
    [isFirstSyncing],
    undefined,
  );
}

export function useContact(id: string): Contact | null | undefined {
  return useReplicaQuery<Contact | null | undefined>(
    async (db) => (await db.contacts.get(id)) ?? null,
    [id],
    undefined,
  );
}

export function useCompany(id: string): Company | null | undefined {
  return useReplicaQuery<Company | null | undefined>(
    async (db) => (await db.companies.get(id)) ?? null,
    [id],
    undefined,
  );
}

export function useCompanyContacts(companyId: string): readonly Contact[] | undefined {
  return useReplicaQuery<readonly Contact[] | undefined>(
    (db) => db.contacts.where('company_id').equals(companyId).toArray(),
    [companyId],
    undefined,
  );
}

/** Enough for any screen; past it, the user refines the search. */
const SEARCH_LIMIT = 5000;

type SearchState = { readonly query: string; readonly ids: readonly string[] };

/**
 * Ids matching a search, best first (the engine's index); null when the query is blank (every
 * row), undefined until the first answer for this query. The engine's index is not a Dexie
 * read, so a live query would not see pulled rows: the search runs again whenever `rows` (the
 * live list) changes instead, keeping the previous answer on screen meanwhile.
 */
export function useSearchIds(
  table: 'contacts' | 'companies',
  query: string,
  rows: readonly unknown[] | undefined,
): readonly string[] | null | undefined {
  const trimmed = query.trim();
  const [state, setState] = useState<SearchState | null>(null);
  useEffect(() => {
    if (trimmed === '' || rows === undefined) return undefined;
    let isCurrent = true;
    const search = table === 'contacts' ? searchContacts : searchCompanies;
    search(trimmed, { limit: SEARCH_LIMIT }).then(
      (found) => {
        if (isCurrent) setState({ query: trimmed, ids: found.map((row) => row.id) });
      },
      (error: unknown) => console.error('search failed', error),
    );
    return () => {
      isCurrent = false;
    };
  }, [table, trimmed, rows]);
  if (trimmed === '') return null;
  return state?.query === trimmed ? state.ids : undefined;
}

/** Changes of this record not yet acknowledged by the server (the "waiting to sync" badge). */
export function usePendingCount(table: 'contacts' | 'companies', id: string): number {
  return useReplicaQuery(
    (db) =>
      db.outbox
        .where('[table+rowId]')
        .equals([table, id])
        .filter((entry) => entry.txid === undefined)
        .count(),
    [table, id],
    0,
  );
}
