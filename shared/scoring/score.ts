/**
 * Explainable scores (seed 001 A1, seed 002): a weighted sum of signals, clamped to 0..100, where
 * every signal reports the points it added or took away and the figures behind them, so the UI
 * can print "+15 : 3 interactions cette semaine" or "−10 : pas d'interaction depuis 21 jours".
 * Each line is rounded to whole points first and the score is their clamped sum, so the lines a
 * user reads add up to the number shown (unless clamped). Pure and deterministic: the same input,
 * weights and `now` give the same result in the browser, Node and Deno; days are whole Paris days.
 */
import { countParisDays } from './days.ts';
import type { ContactWeights, OpportunityWeights, ScoreSignal } from './weights.ts';

export type ScoreParams = Readonly<Record<string, number | string | null>>;
export type ScoreContribution = {
  readonly signal: ScoreSignal;
  readonly points: number;
  readonly params: ScoreParams;
};
export type ScoreResult = { readonly score: number; readonly contributions: readonly ScoreContribution[] };

export type Fraction = { readonly filled: number; readonly total: number };

/** What an opportunity's score depends on (buildOpportunityScoreInputs derives it from replica rows). */
export type OpportunityScoreInput = {
  readonly stage_kind: 'open' | 'won' | 'lost';
  /** Effective probability 0..100 (the opportunity's own, else its stage's). */
  readonly probability: number;
  readonly created_at: string;
  readonly stage_entered_at: string;
  /** The tenant's median whole days in this stage; null = not enough history (DEFAULT_TYPICAL_STAGE_DAYS). */
  readonly typical_stage_days: number | null;
  readonly amount_cents: number;
  /** The tenant's median amount; null = no amounts yet. */
  readonly median_amount_cents: number | null;
  /** occurred_at of the calls, e-mails, meetings and visits about this deal. */
  readonly interaction_dates: readonly string[];
  /** Quote views and similar (not modelled yet: 0). */
  readonly engagement: number;
  readonly completeness: Fraction;
  readonly company_fit: Fraction;
};

/** What a contact's score depends on. */
export type ContactScoreInput = {
  readonly created_at: string;
  readonly last_contacted_at: string | null;
  readonly interaction_dates: readonly string[];
  readonly engagement: number;
  readonly open_opportunities: number;
  readonly completeness: Fraction;
  readonly company_fit: Fraction;
};

/** Days without interaction at which recency is worth 0 points; twice that is the full penalty. */
export const RECENCY_NEUTRAL_DAYS = 14;
/** Interactions this week count fully, the rest of the last 30 days half; this many earn full points. */
export const FREQUENCY_FULL_COUNT = 4;
export const FREQUENCY_WINDOW_DAYS = 30;
export const ENGAGEMENT_FULL_COUNT = 3;
/** Typical stage age when the tenant's history has fewer than MIN_STAGE_SAMPLES completed stays. */
export const DEFAULT_TYPICAL_STAGE_DAYS = 21;
export const OPEN_OPPORTUNITIES_FULL_COUNT = 2;

const clamp = (x: number, min: number, max: number): number => Math.min(max, Math.max(min, x));
/** Whole points; never −0 (it would print as "−0"). */
const toPoints = (x: number): number => Math.round(x) || 0;
const ratioOf = (f: Fraction): number => (f.total > 0 ? clamp(f.filled / f.total, 0, 1) : 0);

function sumUp(contributions: ScoreContribution[]): ScoreResult {
  const total = contributions.reduce((sum, c) => sum + c.points, 0);
  return { score: clamp(total, 0, 100), contributions };
}

/** Interactions that already happened at `now` (a future-dated entry is a plan, not an interaction). */
function listPastDays(dates: readonly string[], now: Date): number[] {
  const nowMs = now.getTime();
  const days: number[] = [];
  for (const date of dates) {
    const ms = Date.parse(date);
    if (Number.isFinite(ms) && ms <= nowMs) days.push(countParisDays(date, now));
  }
  return days;
}

/** Recency: +weight today, 0 after RECENCY_NEUTRAL_DAYS, −weight after twice that; never a bonus without an interaction. */
function scoreRecency(days: number[], fallbackDays: number, weight: number): ScoreContribution {
  if (days.length === 0) {
    const points = toPoints(Math.min(0, weight * clamp(1 - fallbackDays / RECENCY_NEUTRAL_DAYS, -1, 1)));
    return { signal: 'recency', points, params: { days: fallbackDays, last: null } };
  }
  const last = Math.min(...days);
  const points = toPoints(weight * clamp(1 - last / RECENCY_NEUTRAL_DAYS, -1, 1));
  return { signal: 'recency', points, params: { days: last, last: last } };
}

function scoreFrequency(days: number[], weight: number): ScoreContribution {
  const week = days.filter((d) => d < 7).length;
  const month = days.filter((d) => d < FREQUENCY_WINDOW_DAYS).length;
  const effective = week + (month - week) / 2;
  const points = toPoints((weight * Math.min(effective, FREQUENCY_FULL_COUNT)) / FREQUENCY_FULL_COUNT);
  return { signal: 'frequency', points, params: { week, month } };
}

function scoreEngagement(count: number, weight: number): ScoreContribution {
  const n = Math.max(0, count);
  return {
    signal: 'engagement',
    points: toPoints((weight * Math.min(n, ENGAGEMENT_FULL_COUNT)) / ENGAGEMENT_FULL_COUNT),
    params: { count: n },
  };
}

function scoreFraction(signal: 'completeness' | 'company_fit', fraction: Fraction, weight: number): ScoreContribution {
  return {
    signal,
    points: toPoints(weight * ratioOf(fraction)),
    params: { filled: fraction.filled, total: fraction.total },
  };
}

/** Scores an open opportunity 0..100 from its signals; a won deal is 100 and a lost one 0. */
export function scoreOpportunity(input: OpportunityScoreInput, weights: OpportunityWeights, now: Date): ScoreResult {
  if (input.stage_kind !== 'open') {
    const points = input.stage_kind === 'won' ? 100 : 0;
    return { score: points, contributions: [{ signal: 'closed', points, params: { kind: input.stage_kind } }] };
  }
  const days = listPastDays(input.interaction_dates, now);
  const contributions: ScoreContribution[] = [
    scoreRecency(days, countParisDays(input.created_at, now), weights.recency),
    scoreFrequency(days, weights.frequency),
    scoreEngagement(input.engagement, weights.engagement),
  ];

  const probability = clamp(input.probability, 0, 100);
  contributions.push({
    signal: 'stage',
    points: toPoints((weights.stage * probability) / 100),
    params: { probability },
  });

  const inStage = countParisDays(input.stage_entered_at, now);
  const typical = Math.max(1, input.typical_stage_days ?? DEFAULT_TYPICAL_STAGE_DAYS);
  contributions.push({
    signal: 'stage_age',
    points: toPoints(-weights.stage_age * clamp(inStage / typical - 1, 0, 1)),
    params: { days: inStage, typical_days: typical },
  });

  // Amount vs the tenant's median, on a log scale: twice the median is +weight, half is −weight.
  const median = input.median_amount_cents;
  if (median !== null && median > 0 && input.amount_cents > 0) {
    const ratio = input.amount_cents / median;
    contributions.push({
      signal: 'amount',
      points: toPoints(weights.amount * clamp(Math.log2(ratio), -1, 1)),
      params: { percent: Math.round(ratio * 100) },
    });
  } else {
    contributions.push({ signal: 'amount', points: 0, params: { percent: null } });
  }

  contributions.push(scoreFraction('completeness', input.completeness, weights.completeness));
  contributions.push(scoreFraction('company_fit', input.company_fit, weights.company_fit));
  return sumUp(contributions);
}

/** Scores a contact 0..100: how warm the relationship is and how well the record fits. */
export function scoreContact(input: ContactScoreInput, weights: ContactWeights, now: Date): ScoreResult {
  const days = listPastDays(
    input.last_contacted_at === null ? input.interaction_dates : [...input.interaction_dates, input.last_contacted_at],
    now,
  );
  // last_contacted_at duplicates the latest call/e-mail/meeting/visit: recency uses it, frequency does not.
  const frequencyDays = listPastDays(input.interaction_dates, now);
  const open = Math.max(0, input.open_opportunities);
  return sumUp([
    scoreRecency(days, countParisDays(input.created_at, now), weights.recency),
    scoreFrequency(frequencyDays, weights.frequency),
    scoreEngagement(input.engagement, weights.engagement),
    {
      signal: 'open_opportunities',
      points: toPoints(
        (weights.open_opportunities * Math.min(open, OPEN_OPPORTUNITIES_FULL_COUNT)) / OPEN_OPPORTUNITIES_FULL_COUNT,
      ),
      params: { count: open },
    },
    scoreFraction('completeness', input.completeness, weights.completeness),
    scoreFraction('company_fit', input.company_fit, weights.company_fit),
  ]);
}
