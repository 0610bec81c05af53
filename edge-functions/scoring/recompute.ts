/**
 * The scoring job's core: a tenant's rows (public.scoring_inputs) → scores with shared/scoring's
 * computeTenantScores, the very function the PWA runs over its replica → public.apply_scores, in
 * batches. No I/O of its own: the database arrives as ScoringDatabase.
 */
import {
  computeTenantScores,
  resolveWeights,
  type ScoreResult,
  type ScoringRows,
  type StoredExplanation,
  toStoredExplanation,
} from '../../shared/scoring/index.ts';

export type ScoreEntry = { readonly id: string; readonly score: number; readonly explanation: StoredExplanation };
export type ScorePayload = { readonly opportunities: readonly ScoreEntry[]; readonly contacts: readonly ScoreEntry[] };
export type Written = { readonly opportunities: number; readonly contacts: number };

export type ScoringDatabase = {
  /** public.list_scoring_tenants() */
  listTenants(): Promise<readonly string[]>;
  /** public.scoring_inputs(p_tenant_id) */
  readInputs(tenantId: string): Promise<unknown>;
  /** public.apply_scores(p_tenant_id, p_scores) */
  applyScores(tenantId: string, scores: ScorePayload): Promise<Written>;
};

/** Entries per apply_scores call: keeps each request body small (an explanation is ~1 KB). */
export const APPLY_BATCH_SIZE = 500;

export type ScoringInputs = {
  readonly rows: ScoringRows;
  readonly models: readonly { kind: string; weights: unknown }[];
};

const TABLES = ['stages', 'opportunities', 'activities', 'history', 'companies', 'contacts', 'models'] as const;

/** Reads public.scoring_inputs' JSON; throws when a list is missing (a schema drift, not bad data). */
export function parseScoringInputs(raw: unknown): ScoringInputs {
  if (typeof raw !== 'object' || raw === null) throw new Error('scoring_inputs: not an object');
  const value = raw as Record<string, unknown>;
  for (const table of TABLES) {
    if (!Array.isArray(value[table])) throw new Error(`scoring_inputs: "${table}" is not a list`);
  }
  const rows = value as unknown as ScoringRows & { models: { kind: string; weights: unknown }[] };
  return {
    rows: {
      stages: rows.stages,
      opportunities: rows.opportunities,
      activities: rows.activities,
      history: rows.history,
      companies: rows.companies,
      contacts: rows.contacts,
    },
    models: rows.models,
  };
}

const toEntries = (results: ReadonlyMap<string, ScoreResult>): ScoreEntry[] =>
  [...results]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, result]) => ({ id, score: result.score, explanation: toStoredExplanation(result) }));

/** The scores of every live opportunity and contact of a tenant, as apply_scores takes them. */
export function computeScorePayload(inputs: ScoringInputs, now: Date): ScorePayload {
  const scores = computeTenantScores(inputs.rows, resolveWeights(inputs.models), now);
  return { opportunities: toEntries(scores.opportunities), contacts: toEntries(scores.contacts) };
}

/** Recomputes one tenant and writes what changed; returns the rows written. */
export async function recomputeTenant(db: ScoringDatabase, tenantId: string, now: Date): Promise<Written> {
  const payload = computeScorePayload(parseScoringInputs(await db.readInputs(tenantId)), now);
  let opportunities = 0;
  let contacts = 0;
  for (let i = 0; i < payload.opportunities.length; i += APPLY_BATCH_SIZE) {
    const written = await db.applyScores(tenantId, {
      opportunities: payload.opportunities.slice(i, i + APPLY_BATCH_SIZE),
      contacts: [],
    });
    opportunities += written.opportunities;
  }
  for (let i = 0; i < payload.contacts.length; i += APPLY_BATCH_SIZE) {
    const written = await db.applyScores(tenantId, {
      opportunities: [],
      contacts: payload.contacts.slice(i, i + APPLY_BATCH_SIZE),
    });
    contacts += written.contacts;
  }
  return { opportunities, contacts };
}
