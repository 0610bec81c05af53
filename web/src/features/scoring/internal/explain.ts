/**
 * From a score's contributions to translatable lines: which message says why each signal added or
 * took away its points. Keys are written out in full (the locales test looks for each one).
 */
import type { ScoreContribution, ScoreResult } from '@shared/scoring/index.ts';

/** Every reason message, spelled out (not built) so the locale test sees each one used. */
export const REASON_KEYS = {
  recencyNever: 'scoring.reasons.recencyNever',
  recencyToday: 'scoring.reasons.recencyToday',
  recencyStale: 'scoring.reasons.recencyStale',
  recencyRecent: 'scoring.reasons.recencyRecent',
  frequencyWeek: 'scoring.reasons.frequencyWeek',
  frequencyMonth: 'scoring.reasons.frequencyMonth',
  engagement: 'scoring.reasons.engagement',
  stage: 'scoring.reasons.stage',
  stageAge: 'scoring.reasons.stageAge',
  amount: 'scoring.reasons.amount',
  openOpportunities: 'scoring.reasons.openOpportunities',
  completeness: 'scoring.reasons.completeness',
  companyFit: 'scoring.reasons.companyFit',
  won: 'scoring.reasons.won',
  lost: 'scoring.reasons.lost',
} as const;
export type ReasonKey = (typeof REASON_KEYS)[keyof typeof REASON_KEYS];

export type ReasonMessage = { readonly key: ReasonKey; readonly values: Readonly<Record<string, number | string>> };

export type ScoreBand = 'hot' | 'warm' | 'cold';

/** Bands of the badge: ≥ 70 hot, ≥ 40 warm, else cold. */
export function getScoreBand(score: number): ScoreBand {
  if (score >= 70) return 'hot';
  if (score >= 40) return 'warm';
  return 'cold';
}

export const BAND_KEYS = {
  hot: 'scoring.badge.hot',
  warm: 'scoring.badge.warm',
  cold: 'scoring.badge.cold',
} as const satisfies Readonly<Record<ScoreBand, string>>;

const asNumber = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The message explaining one contribution. */
export function describeContribution(c: ScoreContribution): ReasonMessage {
  const p = c.params;
  switch (c.signal) {
    case 'recency': {
      const days = asNumber(p['days']);
      if (p['last'] === null || p['last'] === undefined)
        return { key: REASON_KEYS.recencyNever, values: { count: days } };
      if (days === 0) return { key: REASON_KEYS.recencyToday, values: {} };
      return c.points < 0
        ? { key: REASON_KEYS.recencyStale, values: { count: days } }
        : { key: REASON_KEYS.recencyRecent, values: { count: days } };
    }
    case 'frequency': {
      const week = asNumber(p['week']);
      const month = asNumber(p['month']);
      return week === month
        ? { key: REASON_KEYS.frequencyWeek, values: { count: week } }
        : { key: REASON_KEYS.frequencyMonth, values: { count: month, week } };
    }
    case 'engagement':
      return { key: REASON_KEYS.engagement, values: { count: asNumber(p['count']) } };
    case 'stage':
      return { key: REASON_KEYS.stage, values: { probability: asNumber(p['probability']) } };
    case 'stage_age':
      return {
        key: REASON_KEYS.stageAge,
        values: { count: asNumber(p['days']), typical: asNumber(p['typical_days']) },
      };
    case 'amount':
      return { key: REASON_KEYS.amount, values: { percent: asNumber(p['percent']) } };
    case 'open_opportunities':
      return { key: REASON_KEYS.openOpportunities, values: { count: asNumber(p['count']) } };
    case 'completeness':
      return {
        key: REASON_KEYS.completeness,
        values: { filled: asNumber(p['filled']), total: asNumber(p['total']) },
      };
    case 'company_fit':
      return {
        key: REASON_KEYS.companyFit,
        values: { filled: asNumber(p['filled']), total: asNumber(p['total']) },
      };
    case 'closed':
      return { key: p['kind'] === 'won' ? REASON_KEYS.won : REASON_KEYS.lost, values: {} };
  }
}

/** The lines worth reading: non-zero contributions, biggest effect first (ties keep signal order). */
export function listExplainedContributions(result: ScoreResult): ScoreContribution[] {
  return result.contributions
    .map((c, index) => ({ c, index }))
    .filter(({ c }) => c.points !== 0 || c.signal === 'closed')
    .sort((a, b) => Math.abs(b.c.points) - Math.abs(a.c.points) || a.index - b.index)
    .map(({ c }) => c);
}

/** "+15", "−10" (a real minus sign), "0". */
export function formatPoints(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `\u2212${Math.abs(points)}`;
  return '0';
}

/** Labels of the weights on the settings page, per signal. */
export const SIGNAL_LABEL_KEYS = {
  recency: 'scoring.signals.recency',
  frequency: 'scoring.signals.frequency',
  engagement: 'scoring.signals.engagement',
  stage: 'scoring.signals.stage',
  stage_age: 'scoring.signals.stageAge',
  amount: 'scoring.signals.amount',
  open_opportunities: 'scoring.signals.openOpportunities',
  completeness: 'scoring.signals.completeness',
  company_fit: 'scoring.signals.companyFit',
} as const;
