/**
 * Stage history of an opportunity: one row per entry into a stage (creation included), written
 * only by the server (trigger on opportunities) with the server's clock. Time spent in a stage is
 * the next entry's changed_at minus this one's (or now for the current stage).
 */

export type OpportunityStageHistory = {
  readonly id: string;
  readonly tenant_id: string;
  readonly opportunity_id: string;
  readonly from_stage_id: string | null;
  readonly to_stage_id: string;
  readonly changed_by: string | null;
  readonly changed_at: string;
  readonly created_at: string;
  readonly updated_at: string;
};

/** Clients write nothing: the server records every stage change. */
export const OPPORTUNITY_STAGE_HISTORY_WRITABLE_FIELDS =
  [] as const satisfies readonly (keyof OpportunityStageHistory)[];

export const OPPORTUNITY_STAGE_HISTORY_DEFAULTS = {} as const;
