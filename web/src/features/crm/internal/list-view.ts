/**
 * What the companies list shows: search text, filters and sort, read from and written to the
 * URL search params (shareable, kept by Back/Forward), and applied to replica rows in memory.
 * (Contacts use the shared view model, shared/crm/views.ts; it has no companies counterpart yet.)
 */
import type { Company } from '@shared/crm/index.ts';

export const PERIODS = ['any', 'last7', 'last30', 'last90', 'older90'] as const;
export type Period = (typeof PERIODS)[number];

export const SORTS = ['name_asc', 'name_desc', 'created_desc', 'created_asc', 'updated_desc'] as const;
export type Sort = (typeof SORTS)[number];

export type ListView = {
  readonly q: string;
  readonly tag: string;
  /** '' any, 'me', 'none' (unassigned) or a member's id. */
  readonly owner: string;
  readonly created: Period;
  readonly sort: Sort;
};

export const DEFAULT_VIEW: ListView = { q: '', tag: '', owner: '', created: 'any', sort: 'name_asc' };

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The view in a URL's search params; unknown values fall back to the defaults. */
export function readView(params: URLSearchParams): ListView {
  return {
    q: params.get('q') ?? '',
    tag: params.get('tag') ?? '',
    owner: params.get('owner') ?? '',
    created: pick(params.get('created'), PERIODS, 'any'),
    sort: pick(params.get('sort'), SORTS, DEFAULT_VIEW.sort),
  };
}

/** Search params of a view, defaults left out (short, readable URLs). */
export function writeView(view: ListView): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_VIEW) as (keyof ListView)[]) {
    if (view[key] !== DEFAULT_VIEW[key]) params.set(key, view[key]);
  }
  return params;
}

/** How many filters (not search, not sort) differ from the default. */
export function countActiveFilters(view: ListView): number {
  return [view.tag !== '', view.owner !== '', view.created !== 'any'].filter(Boolean).length;
}

const DAY_MS = 86_400_000;

function isInPeriod(iso: string, period: Period, now: number): boolean {
  if (period === 'any') return true;
  const age = now - Date.parse(iso);
  if (period === 'older90') return age > 90 * DAY_MS;
  const days = period === 'last7' ? 7 : period === 'last30' ? 30 : 90;
  return age <= days * DAY_MS;
}

type FilterableRow = {
  readonly id: string;
  readonly tags: readonly string[];
  readonly owner_id: string | null;
  readonly created_at: string;
  readonly updated_at: string;
};

function matchesFilters(row: FilterableRow, view: ListView, userId: string, now: number): boolean {
  if (view.tag && !row.tags.some((tag) => tag.toLocaleLowerCase('fr') === view.tag.toLocaleLowerCase('fr'))) {
    return false;
  }
  if (view.owner === 'me' && row.owner_id !== userId) return false;
  if (view.owner === 'none' && row.owner_id !== null) return false;
  if (view.owner && view.owner !== 'me' && view.owner !== 'none' && row.owner_id !== view.owner) return false;
  return isInPeriod(row.created_at, view.created, now);
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function compareRows<T extends FilterableRow>(sort: Sort, nameOf: (row: T) => string) {
  return (a: T, b: T): number => {
    switch (sort) {
      case 'name_desc':
        return collator.compare(nameOf(b), nameOf(a));
      case 'created_desc':
        return b.created_at.localeCompare(a.created_at);
      case 'created_asc':
        return a.created_at.localeCompare(b.created_at);
      case 'updated_desc':
        return b.updated_at.localeCompare(a.updated_at);
      default:
        return collator.compare(nameOf(a), nameOf(b));
    }
  };
}

/**
 * The companies a view shows: the search's ids (best first) or every row, then the filters,
 * then the sort — except that a search with the default sort keeps the search's ranking.
 */
export function applyCompanyListView(
  rows: readonly Company[],
  searchIds: readonly string[] | null,
  view: ListView,
  userId: string,
  now: number,
): Company[] {
  let candidates: Company[];
  if (searchIds) {
    const byId = new Map(rows.map((row) => [row.id, row]));
    candidates = searchIds.flatMap((id) => byId.get(id) ?? []);
  } else {
    candidates = [...rows];
  }
  const filtered = candidates.filter((row) => matchesFilters(row, view, userId, now));
  if (searchIds && view.sort === DEFAULT_VIEW.sort) return filtered;
  return filtered.sort(compareRows(view.sort, (row) => row.name));
}

/** Every tag used in the rows, sorted (for the tag filter). */
export function listTags(rows: readonly { readonly tags: readonly string[] }[]): string[] {
  const seen = new Map<string, string>();
  for (const row of rows)
    for (const tag of row.tags) if (!seen.has(tag.toLocaleLowerCase('fr'))) seen.set(tag.toLocaleLowerCase('fr'), tag);
  return [...seen.values()].sort(collator.compare);
}
