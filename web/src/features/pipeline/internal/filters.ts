/**
 * The pipeline's view, filters and sort, kept in the address (shareable, survive a reload and the
 * back button): `?vue=liste&responsable=moi&etiquette=VIP&mois=2026-12&score=hot&tri=montant`.
 * Pure functions, so the board, the list and the funnel agree on what "filtered" means.
 */
import type { Opportunity } from '@shared/sales/index.ts';
import { getScoreBand as getBadgeBand } from '@web/features/scoring/index.ts';

export const PIPELINE_VIEWS = ['board', 'list', 'funnel'] as const;
export type PipelineView = (typeof PIPELINE_VIEWS)[number];

export const SORT_ORDERS = ['score', 'close', 'amount'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Score bands of the filter: the badge's colour bands (hot, warm, cold), plus "no score yet". */
export const SCORE_BANDS = ['hot', 'warm', 'cold', 'unscored'] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];

export type PipelineFilters = {
  /** null: the screen's default (board on wide screens, list on phones). */
  readonly view: PipelineView | null;
  /** '' everyone, 'me', 'none' (unassigned) or a member's id. */
  readonly owner: string;
  readonly tag: string;
  /** 'YYYY-MM' of the expected close date, or ''. */
  readonly month: string;
  readonly band: ScoreBand | '';
  readonly sort: SortOrder;
};

/** Address parameter names (French, like the paths). */
const PARAMS = {
  view: 'vue',
  owner: 'responsable',
  tag: 'etiquette',
  month: 'mois',
  band: 'score',
  sort: 'tri',
} as const;

const VIEW_PARAMS: Readonly<Record<PipelineView, string>> = { board: 'tableau', list: 'liste', funnel: 'entonnoir' };
const SORT_PARAMS: Readonly<Record<SortOrder, string>> = { score: 'score', close: 'cloture', amount: 'montant' };

function findKey<K extends string>(map: Readonly<Record<K, string>>, value: string | null): K | null {
  const entry = Object.entries(map).find(([, text]) => text === value);
  return entry ? (entry[0] as K) : null;
}

/** The filters an address holds; unknown or malformed values are ignored (defaults). */
export function parseFilters(params: URLSearchParams): PipelineFilters {
  const band = params.get(PARAMS.band) ?? '';
  const month = params.get(PARAMS.month) ?? '';
  return {
    view: findKey(VIEW_PARAMS, params.get(PARAMS.view)),
    owner: params.get(PARAMS.owner) ?? '',
    tag: params.get(PARAMS.tag) ?? '',
    month: /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : '',
    band: (SCORE_BANDS as readonly string[]).includes(band) ? (band as ScoreBand) : '',
    sort: findKey(SORT_PARAMS, params.get(PARAMS.sort)) ?? 'score',
  };
}

/** The address parameters of `filters` (defaults left out, so a plain /pipeline stays plain). */
export function buildFilterParams(filters: PipelineFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.view) params.set(PARAMS.view, VIEW_PARAMS[filters.view]);
  if (filters.owner) params.set(PARAMS.owner, filters.owner);
  if (filters.tag) params.set(PARAMS.tag, filters.tag);
  if (filters.month) params.set(PARAMS.month, filters.month);
  if (filters.band) params.set(PARAMS.band, filters.band);
  if (filters.sort !== 'score') params.set(PARAMS.sort, SORT_PARAMS[filters.sort]);
  return params;
}

/** Whether any filter (not the view or the sort) narrows the list. */
export function hasActiveFilters(filters: PipelineFilters): boolean {
  return filters.owner !== '' || filters.tag !== '' || filters.month !== '' || filters.band !== '';
}

/** Something with a score (useOpportunityScores' results). */
export type Scored = { readonly score: number };

/** The score shown for an opportunity: computed on the device, else the server's, else none. */
export function getOpportunityScore(
  opportunity: Pick<Opportunity, 'id' | 'score'>,
  scores: ReadonlyMap<string, Scored>,
): number | null {
  return scores.get(opportunity.id)?.score ?? opportunity.score ?? null;
}

/** The band the badge shows for this score, or 'unscored'. */
export function getScoreBand(score: number | null): ScoreBand {
  return score === null ? 'unscored' : getBadgeBand(score);
}

/** The opportunities the filters keep. */
export function filterOpportunities<T extends Opportunity>(
  opportunities: readonly T[],
  filters: PipelineFilters,
  scores: ReadonlyMap<string, Scored>,
  userId: string,
): T[] {
  const owner = filters.owner === 'me' ? userId : filters.owner;
  const tag = filters.tag.trim().toLocaleLowerCase('fr');
  return opportunities.filter((opportunity) => {
    if (owner === 'none' ? opportunity.owner_id !== null : owner !== '' && opportunity.owner_id !== owner) return false;
    if (tag && !opportunity.tags.some((candidate) => candidate.toLocaleLowerCase('fr') === tag)) return false;
    if (filters.month && !(opportunity.expected_close_date ?? '').startsWith(filters.month)) return false;
    if (filters.band && getScoreBand(getOpportunityScore(opportunity, scores)) !== filters.band) return false;
    return true;
  });
}

/**
 * Sorted for a column or the list: best score first (unscored last), soonest close date first
 * (undated last), or largest amount first; ties by title so the order never flickers.
 */
export function sortOpportunities<T extends Opportunity>(
  opportunities: readonly T[],
  sort: SortOrder,
  scores: ReadonlyMap<string, Scored>,
): T[] {
  const byTitle = (a: T, b: T) => a.title.localeCompare(b.title, 'fr') || a.id.localeCompare(b.id);
  const compare: Record<SortOrder, (a: T, b: T) => number> = {
    score: (a, b) => (getOpportunityScore(b, scores) ?? -1) - (getOpportunityScore(a, scores) ?? -1),
    close: (a, b) => (a.expected_close_date ?? '9999-12-31').localeCompare(b.expected_close_date ?? '9999-12-31'),
    amount: (a, b) => b.amount_cents - a.amount_cents,
  };
  return [...opportunities].sort((a, b) => compare[sort](a, b) || byTitle(a, b));
}

/** Every tag in use, for the tag filter's choices (case-insensitive, first spelling kept). */
export function listTags(opportunities: readonly Opportunity[]): string[] {
  const seen = new Map<string, string>();
  for (const opportunity of opportunities) {
    for (const tag of opportunity.tags) {
      const key = tag.toLocaleLowerCase('fr');
      if (!seen.has(key)) seen.set(key, tag);
    }
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b, 'fr'));
}

/** Every close month in use ('YYYY-MM'), soonest first. */
export function listCloseMonths(opportunities: readonly Opportunity[]): string[] {
  const months = new Set<string>();
  for (const opportunity of opportunities) {
    if (opportunity.expected_close_date) months.add(opportunity.expected_close_date.slice(0, 7));
  }
  return [...months].sort();
}
