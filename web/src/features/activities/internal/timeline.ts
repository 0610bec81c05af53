/**
 * Pure timeline logic: which activities a record shows (its own and its related records'),
 * newest first, filtered by type, grouped by the day they happened in the company's time zone.
 */
import type { Activity, ActivityKind } from '@shared/sales/index.ts';
import { getDayKey } from '@web/lib/time/index.ts';

/** A record whose timeline is shown. */
export type TimelineRecord = {
  readonly table: 'contacts' | 'companies' | 'opportunities';
  readonly id: string;
};

/** Filter chips: one per user activity kind, plus the automatic entries together. */
export const TIMELINE_FILTERS = ['call', 'email', 'meeting', 'note', 'visit', 'system'] as const;
export type TimelineFilter = (typeof TIMELINE_FILTERS)[number];

const SYSTEM_KINDS: ReadonlySet<ActivityKind> = new Set(['created', 'stage_change']);

export function isSystemKind(kind: ActivityKind): boolean {
  return SYSTEM_KINDS.has(kind);
}

/** The chip an activity falls under. */
export function getTimelineFilter(kind: ActivityKind): TimelineFilter {
  return isSystemKind(kind) ? 'system' : (kind as TimelineFilter);
}

/** Newest first: by occurred_at, then created_at, then id (UUIDv7, so creation order). */
export function compareNewestFirst(a: Activity, b: Activity): number {
  if (a.occurred_at !== b.occurred_at) return a.occurred_at < b.occurred_at ? 1 : -1;
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The union of several reads (a row linked twice appears once), newest first. */
export function mergeActivities(...lists: readonly (readonly Activity[])[]): Activity[] {
  const byId = new Map<string, Activity>();
  for (const list of lists) for (const row of list) byId.set(row.id, row);
  return [...byId.values()].sort(compareNewestFirst);
}

/** The rows under the selected chips; no chip selected means every row. */
export function filterActivities(rows: readonly Activity[], selected: ReadonlySet<TimelineFilter>): Activity[] {
  if (selected.size === 0) return [...rows];
  return rows.filter((row) => selected.has(getTimelineFilter(row.kind)));
}

export type DayGroup<T> = { readonly day: string; readonly items: readonly T[] };

/** Consecutive items sharing a day (input already newest first). */
export function groupByDay<T>(items: readonly T[], getInstant: (item: T) => string, timeZone: string): DayGroup<T>[] {
  const groups: { day: string; items: T[] }[] = [];
  for (const item of items) {
    const day = getDayKey(getInstant(item), timeZone);
    const last = groups.at(-1);
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return groups;
}
