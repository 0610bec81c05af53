/**
 * Pure activity-feed logic (seed 001 C2): activities, comments and tasks of every kind merged
 * into one stream, newest first, each tied to the client (company) it concerns, and filtered by
 * type, person and client.
 */
import type { Activity, Comment, Task } from '@shared/sales/index.ts';
import { getTimelineFilter, TIMELINE_FILTERS } from './timeline.ts';

export type FeedItem =
  | {
      readonly type: 'activity';
      readonly key: string;
      readonly at: string;
      readonly actorId: string | null;
      readonly row: Activity;
    }
  | {
      readonly type: 'comment';
      readonly key: string;
      readonly at: string;
      readonly actorId: string | null;
      readonly row: Comment;
    }
  | {
      readonly type: 'task_created' | 'task_done';
      readonly key: string;
      readonly at: string;
      readonly actorId: string | null;
      readonly row: Task;
    };

export const FEED_KINDS = [...TIMELINE_FILTERS, 'comment', 'task'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export type FeedFilters = {
  readonly kind: FeedKind | null;
  readonly personId: string | null;
  readonly companyId: string | null;
};

export type FeedLinks = {
  /** contact id → its company id. */
  readonly contactCompanies: ReadonlyMap<string, string | null>;
  /** opportunity id → its company id. */
  readonly opportunityCompanies: ReadonlyMap<string, string | null>;
};

/** The stream: one item per activity and comment, one or two per task (created, done). */
export function buildFeedItems(
  activities: readonly Activity[],
  comments: readonly Comment[],
  tasks: readonly Task[],
): FeedItem[] {
  const items: FeedItem[] = [
    ...activities.map((row) => ({
      type: 'activity' as const,
      key: `activity:${row.id}`,
      at: row.occurred_at,
      actorId: row.owner_id,
      row,
    })),
    ...comments.map((row) => ({
      type: 'comment' as const,
      key: `comment:${row.id}`,
      at: row.created_at,
      actorId: row.owner_id,
      row,
    })),
  ];
  for (const row of tasks) {
    items.push({ type: 'task_created', key: `task:${row.id}`, at: row.created_at, actorId: row.owner_id, row });
    if (row.status === 'done' && row.completed_at) {
      // Who ticked it is not recorded; the assignee is whose task it was.
      items.push({
        type: 'task_done',
        key: `task-done:${row.id}`,
        at: row.completed_at,
        actorId: row.assignee_id,
        row,
      });
    }
  }
  return items.sort((a, b) => (a.at === b.at ? (a.key < b.key ? 1 : -1) : a.at < b.at ? 1 : -1));
}

type Linked = {
  readonly company_id?: string | null;
  readonly contact_id?: string | null;
  readonly opportunity_id?: string | null;
};

function resolveLinked(row: Linked, links: FeedLinks): string | null {
  if (row.company_id) return row.company_id;
  if (row.contact_id) {
    const company = links.contactCompanies.get(row.contact_id);
    if (company) return company;
  }
  if (row.opportunity_id) return links.opportunityCompanies.get(row.opportunity_id) ?? null;
  return null;
}

/** The company an item concerns: its own link, else its contact's or opportunity's company. */
export function getItemCompanyId(item: FeedItem, links: FeedLinks): string | null {
  if (item.type !== 'comment') return resolveLinked(item.row, links);
  const { record_table: table, record_id: id } = item.row;
  if (table === 'companies') return id;
  if (table === 'contacts') return links.contactCompanies.get(id) ?? null;
  return links.opportunityCompanies.get(id) ?? null;
}

export function getFeedKind(item: FeedItem): FeedKind {
  if (item.type === 'activity') return getTimelineFilter(item.row.kind);
  return item.type === 'comment' ? 'comment' : 'task';
}

export function filterFeedItems(items: readonly FeedItem[], filters: FeedFilters, links: FeedLinks): FeedItem[] {
  return items.filter(
    (item) =>
      (filters.kind === null || getFeedKind(item) === filters.kind) &&
      (filters.personId === null || item.actorId === filters.personId) &&
      (filters.companyId === null || getItemCompanyId(item, links) === filters.companyId),
  );
}
