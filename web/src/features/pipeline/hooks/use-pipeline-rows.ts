/**
 * Reads of the local replica for the pipeline (Dexie liveQuery through the engine): stages,
 * opportunities, stage history, and the companies/contacts they name. They re-render on every
 * local write and every pulled change, so a card another device moved shows up without a reload.
 * `undefined` means "still reading", `null` "no such record".
 */
import type { Company, Contact } from '@shared/crm/index.ts';
import type { Opportunity, OpportunityStageHistory, PipelineStage } from '@shared/sales/index.ts';
import { useReplicaQuery, useSyncState } from '@web/lib/db/index.ts';

/** Stages in board order (position, then id so equal positions never swap between renders). */
export function sortStages(stages: readonly PipelineStage[]): PipelineStage[] {
  return [...stages].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/**
 * Whole-table lists wait for the end of a first sync: read live, they would re-read every row after
 * each pulled page. Meanwhile the screen shows the first-sync progress instead.
 */
function useIsFirstSyncing(): boolean {
  return useSyncState().phase === 'initial';
}

export function useStages(): readonly PipelineStage[] | undefined {
  return useReplicaQuery<readonly PipelineStage[] | undefined>(
    async (db) => sortStages(await db.pipeline_stages.toArray()),
    [],
    undefined,
  );
}

export function useOpportunities(): readonly Opportunity[] | undefined {
  const isFirstSyncing = useIsFirstSyncing();
  return useReplicaQuery<readonly Opportunity[] | undefined>(
    (db) => (isFirstSyncing ? undefined : db.opportunities.toArray()),
    [isFirstSyncing],
    undefined,
  );
}

export function useOpportunity(id: string): Opportunity | null | undefined {
  return useReplicaQuery<Opportunity | null | undefined>(
    async (db) => (await db.opportunities.get(id)) ?? null,
    [id],
    undefined,
  );
}

/** The stage changes of one opportunity, oldest first. */
export function useStageHistory(opportunityId: string): readonly OpportunityStageHistory[] | undefined {
  return useReplicaQuery<readonly OpportunityStageHistory[] | undefined>(
    async (db) =>
      (await db.opportunity_stage_history.where('opportunity_id').equals(opportunityId).toArray()).sort((a, b) =>
        a.changed_at.localeCompare(b.changed_at),
      ),
    [opportunityId],
    undefined,
  );
}

/** Every stage change the user may read (the funnel). */
export function useAllStageHistory(): readonly OpportunityStageHistory[] | undefined {
  const isFirstSyncing = useIsFirstSyncing();
  return useReplicaQuery<readonly OpportunityStageHistory[] | undefined>(
    (db) => (isFirstSyncing ? undefined : db.opportunity_stage_history.toArray()),
    [isFirstSyncing],
    undefined,
  );
}

/** Company names by id, for cards and lists (the replica holds every readable company). */
export function useCompanyNames(): ReadonlyMap<string, string> {
  return useReplicaQuery<ReadonlyMap<string, string>>(
    async (db) => new Map((await db.companies.toArray()).map((company) => [company.id, company.name])),
    [],
    EMPTY_NAMES,
  );
}

const EMPTY_NAMES: ReadonlyMap<string, string> = new Map();

export function useCompany(id: string | null): Company | null | undefined {
  return useReplicaQuery<Company | null | undefined>(
    async (db) => (id ? ((await db.companies.get(id)) ?? null) : null),
    [id],
    undefined,
  );
}

export function useContact(id: string | null): Contact | null | undefined {
  return useReplicaQuery<Contact | null | undefined>(
    async (db) => (id ? ((await db.contacts.get(id)) ?? null) : null),
    [id],
    undefined,
  );
}

/** Changes of this opportunity not yet acknowledged by the server (the "waiting to sync" badge). */
export function usePendingCount(id: string): number {
  return useReplicaQuery(
    (db) =>
      db.outbox
        .where('[table+rowId]')
        .equals(['opportunities', id])
        .filter((entry) => entry.txid === undefined)
        .count(),
    [id],
    0,
  );
}
