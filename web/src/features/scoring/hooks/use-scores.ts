/**
 * Live scores from the replica (seed 001 A1): computed on the device with shared/scoring — the
 * same code and the same rows as the server's nightly job — so they work offline and change as
 * soon as an activity is logged or a card moves. Recomputed when the rows change or the Paris day
 * turns (scores count whole days), memoised otherwise.
 */
import { useMemo } from 'react';
import {
  getParisDayNumber,
  resolveWeights,
  scoreContacts,
  scoreOpportunities,
  type ScoreResult,
  type ScoringRows,
  type ScoringWeights,
} from '@shared/scoring/index.ts';
import type { Contact } from '@shared/crm/index.ts';
import type { Opportunity } from '@shared/sales/index.ts';
import { useReplicaQuery, type ReplicaDb } from '@web/lib/db/index.ts';
import { useNow } from '@web/ui/index.ts';

const EMPTY: ReadonlyMap<string, ScoreResult> = new Map();
const INTERACTIONS = new Set(['call', 'email', 'meeting', 'visit']);

export type ScoringSnapshot = {
  /** The replica's rows as they are (full rows: screens also show titles and names). */
  readonly rows: Omit<ScoringRows, 'opportunities' | 'contacts'> & {
    readonly opportunities: readonly Opportunity[];
    readonly contacts: readonly Contact[];
  };
  /** The tenant's live scoring_models rows (none: defaults). */
  readonly models: readonly { readonly id: string; readonly kind: string; readonly weights: unknown }[];
};

const unique = (values: readonly (string | null)[]): string[] => [
  ...new Set(values.filter((v): v is string => v !== null)),
];

/**
 * What opportunity scores read: every opportunity, stage, stage-history entry and interaction,
 * and only the companies and contacts the opportunities link to (a tenant may have 100,000 contacts).
 */
export async function readOpportunityScoring(db: ReplicaDb): Promise<ScoringSnapshot> {
  const [stages, opportunities, history, activities, models] = await Promise.all([
    db.pipeline_stages.toArray(),
    db.opportunities.toArray(),
    db.opportunity_stage_history.toArray(),
    db.activities.filter((a) => INTERACTIONS.has(a.kind)).toArray(),
    db.scoring_models.toArray(),
  ]);
  const [companies, contacts] = await Promise.all([
    db.companies.bulkGet(unique(opportunities.map((o) => o.company_id))),
    db.contacts.bulkGet(unique(opportunities.map((o) => o.contact_id))),
  ]);
  return {
    rows: {
      stages,
      opportunities,
      history,
      activities,
      companies: companies.filter((c) => c !== undefined),
      contacts: contacts.filter((c) => c !== undefined),
    },
    models,
  };
}

/** What contact scores read: every contact and company as well. */
export async function readContactScoring(db: ReplicaDb): Promise<ScoringSnapshot> {
  const [stages, opportunities, activities, companies, contacts, models] = await Promise.all([
    db.pipeline_stages.toArray(),
    db.opportunities.toArray(),
    db.activities.filter((a) => INTERACTIONS.has(a.kind)).toArray(),
    db.companies.toArray(),
    db.contacts.toArray(),
    db.scoring_models.toArray(),
  ]);
  return { rows: { stages, opportunities, history: [], activities, companies, contacts }, models };
}

/** The current Paris day, refreshed every minute: the only part of "now" a score depends on. */
export function useParisDay(): number {
  return getParisDayNumber(new Date(useNow(60_000)));
}

/** The replica's opportunity scoring rows; undefined until the first read. */
export function useOpportunityScoring(): ScoringSnapshot | undefined {
  return useReplicaQuery(readOpportunityScoring, [], undefined);
}

/** The replica's contact scoring rows; undefined until the first read. */
export function useContactScoring(): ScoringSnapshot | undefined {
  return useReplicaQuery(readContactScoring, [], undefined);
}

/** The weights in force: the tenant's models, else the defaults. */
export function getModelWeights(snapshot: ScoringSnapshot | undefined): ScoringWeights {
  return resolveWeights(snapshot?.models ?? []);
}

/** Score per opportunity id (live rows only), computed on the device; empty until the replica answers. */
export function useOpportunityScores(): ReadonlyMap<string, ScoreResult> {
  const snapshot = useOpportunityScoring();
  const day = useParisDay();
  return useMemo(() => {
    if (!snapshot) return EMPTY;
    // `day` only re-runs this when the date turns; the score itself reads the clock.
    void day;
    return scoreOpportunities(snapshot.rows, getModelWeights(snapshot).opportunity, new Date());
  }, [snapshot, day]);
}

/** Score per contact id, computed on the device; empty until the replica answers. */
export function useContactScores(): ReadonlyMap<string, ScoreResult> {
  const snapshot = useContactScoring();
  const day = useParisDay();
  return useMemo(() => {
    if (!snapshot) return EMPTY;
    void day;
    return scoreContacts(snapshot.rows, getModelWeights(snapshot).contact, new Date());
  }, [snapshot, day]);
}
