/**
 * Scoring weights (seed 002, "scoring explicable et ajustable"; seed 001 A1 FR4): the most points
 * each signal can add (or take away) in a 0..100 score. A tenant tunes them in settings; they are
 * stored per kind in `scoring_models.weights`; no row (or a missing key) means the default here.
 */
import { z } from 'zod';

export const SCORING_KINDS = ['opportunity', 'contact'] as const;
export type ScoringKind = (typeof SCORING_KINDS)[number];

/** Every signal of either kind, in the order explanations list them. */
export const SCORE_SIGNALS = [
  'closed',
  'recency',
  'frequency',
  'engagement',
  'stage',
  'stage_age',
  'amount',
  'open_opportunities',
  'completeness',
  'company_fit',
] as const;
export type ScoreSignal = (typeof SCORE_SIGNALS)[number];

/** The tunable signals of each kind (`closed` is not tunable: a won deal scores 100, a lost one 0). */
export const OPPORTUNITY_SIGNALS = [
  'recency',
  'frequency',
  'engagement',
  'stage',
  'stage_age',
  'amount',
  'completeness',
  'company_fit',
] as const;
export const CONTACT_SIGNALS = [
  'recency',
  'frequency',
  'engagement',
  'open_opportunities',
  'completeness',
  'company_fit',
] as const;

export type OpportunitySignal = (typeof OPPORTUNITY_SIGNALS)[number];
export type ContactSignal = (typeof CONTACT_SIGNALS)[number];
export type OpportunityWeights = Readonly<Record<OpportunitySignal, number>>;
export type ContactWeights = Readonly<Record<ContactSignal, number>>;
export type ScoringWeights = { readonly opportunity: OpportunityWeights; readonly contact: ContactWeights };

export const MAX_WEIGHT = 100;

/**
 * Defaults, chosen so that interactions (recency + frequency) weigh most, as in the calibration
 * report (bench-scoring.ts): a deal nobody talks to does not close, whatever its stage says.
 */
export const DEFAULT_WEIGHTS: ScoringWeights = {
  opportunity: {
    recency: 20,
    frequency: 25,
    engagement: 10,
    stage: 15,
    stage_age: 10,
    amount: 10,
    completeness: 10,
    company_fit: 10,
  },
  contact: {
    recency: 25,
    frequency: 25,
    engagement: 10,
    open_opportunities: 15,
    completeness: 15,
    company_fit: 10,
  },
};

const weight = z.number().int().min(0).max(MAX_WEIGHT);

/**
 * The shape of `scoring_models.weights` for either kind: known signals only, each an integer
 * 0..100, every key optional (missing = default). Keys of the other kind are accepted and ignored,
 * so one schema validates both rows.
 */
export const weightsSchema = z
  .object({
    recency: weight,
    frequency: weight,
    engagement: weight,
    stage: weight,
    stage_age: weight,
    amount: weight,
    open_opportunities: weight,
    completeness: weight,
    company_fit: weight,
  })
  .partial()
  .strict();
export type StoredWeights = z.infer<typeof weightsSchema>;

function pickWeights<K extends string>(
  signals: readonly K[],
  defaults: Readonly<Record<K, number>>,
  stored: unknown,
): Readonly<Record<K, number>> {
  const parsed = weightsSchema.safeParse(stored);
  const values: Partial<Record<string, number>> = parsed.success ? parsed.data : {};
  const out = {} as Record<K, number>;
  for (const signal of signals) out[signal] = values[signal] ?? defaults[signal];
  return out;
}

/** The weights to score with from a stored value: defaults for a missing row, key or an invalid value. */
export function resolveOpportunityWeights(stored: unknown): OpportunityWeights {
  return pickWeights(OPPORTUNITY_SIGNALS, DEFAULT_WEIGHTS.opportunity, stored);
}

/** Same as resolveOpportunityWeights for contacts. */
export function resolveContactWeights(stored: unknown): ContactWeights {
  return pickWeights(CONTACT_SIGNALS, DEFAULT_WEIGHTS.contact, stored);
}

/** Both kinds' weights from the tenant's live `scoring_models` rows (deleted rows ignored). */
export function resolveWeights(
  models: readonly { readonly kind: string; readonly weights: unknown; readonly deleted_at?: string | null }[],
): ScoringWeights {
  const live = models.filter((m) => !m.deleted_at);
  return {
    opportunity: resolveOpportunityWeights(live.find((m) => m.kind === 'opportunity')?.weights),
    contact: resolveContactWeights(live.find((m) => m.kind === 'contact')?.weights),
  };
}
