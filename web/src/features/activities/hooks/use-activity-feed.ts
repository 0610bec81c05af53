/**
 * The activity feed, read live from the replica (a pulled change re-runs the query, so the feed
 * moves as the team's work syncs in): the newest `limit` items of the team — or, for one client,
 * everything on the company, its contacts and its opportunities — with the labels they need.
 */
import { getContactDisplayName } from '@shared/crm/index.ts';
import type { Activity, Comment, Task } from '@shared/sales/index.ts';
import { useReplicaQuery, type ReplicaDb } from '@web/lib/db/index.ts';
import {
  buildFeedItems,
  filterFeedItems,
  getFeedKind,
  getItemCompanyId,
  type FeedFilters,
  type FeedItem,
  type FeedLinks,
} from '../internal/feed.ts';
import { readRecordActivities, readTimelineLabels, type TimelineLabels } from './use-record-timeline.ts';

export type FeedData = TimelineLabels &
  FeedLinks & {
    readonly items: readonly FeedItem[];
    readonly hasMore: boolean;
    readonly companyNames: ReadonlyMap<string, string>;
  };

type Sources = { activities: Activity[]; comments: Comment[]; tasks: Task[] };

function byNewest<T>(getInstant: (row: T) => string) {
  return (a: T, b: T) => (getInstant(a) < getInstant(b) ? 1 : getInstant(a) > getInstant(b) ? -1 : 0);
}

async function readClientSources(db: ReplicaDb, companyId: string): Promise<Sources> {
  const [contactIds, opportunityIds] = await Promise.all([
    db.contacts.where('company_id').equals(companyId).primaryKeys(),
    db.opportunities.where('company_id').equals(companyId).primaryKeys(),
  ]);
  const contacts = new Set(contactIds);
  const opportunities = new Set(opportunityIds);
  const records: [string, string][] = [
    ['companies', companyId],
    ...contactIds.map((id): [string, string] => ['contacts', id]),
    ...opportunityIds.map((id): [string, string] => ['opportunities', id]),
  ];
  const [activities, comments, tasks] = await Promise.all([
    readRecordActivities(db, { table: 'companies', id: companyId }),
    db.comments.where('[record_table+record_id]').anyOf(records).toArray(),
    db.tasks
      .filter(
        (task) =>
          task.company_id === companyId ||
          (task.contact_id !== null && contacts.has(task.contact_id)) ||
          (task.opportunity_id !== null && opportunities.has(task.opportunity_id)),
      )
      .toArray(),
  ]);
  return { activities, comments: comments as Comment[], tasks: tasks as Task[] };
}

/**
 * The team's newest rows of each source. Kind and person filters run inside the reads, so a
 * rare kind still fills the page; the client filter needs links and runs after.
 */
async function readTeamSources(db: ReplicaDb, filters: FeedFilters, limit: number): Promise<Sources> {
  const wants = (kind: 'activity' | 'comment' | 'task') =>
    filters.kind === null ||
    (kind === 'comment' || kind === 'task'
      ? filters.kind === kind
      : filters.kind !== 'comment' && filters.kind !== 'task');
  const isByPerson = (id: string | null) => filters.personId === null || id === filters.personId;
  // With a client filter, read deeper: most rows will be someone else's client.
  const depth = filters.companyId === null ? limit + 1 : Math.max(2000, limit * 10);
  const activities = wants('activity')
    ? ((await db.activities
        .orderBy('occurred_at')
        .reverse()
        .filter(
          (row) =>
            isByPerson(row.owner_id) &&
            (filters.kind === null ||
              getFeedKind({ type: 'activity', key: '', at: '', actorId: null, row: row as Activity }) === filters.kind),
        )
        .limit(depth)
        .toArray()) as Activity[])
    : [];
  const comments = wants('comment')
    ? ((await db.comments.filter((row) => isByPerson(row.owner_id)).toArray()) as Comment[])
        .sort(byNewest((row) => row.created_at))
        .slice(0, depth)
    : [];
  const tasks = wants('task')
    ? ((await db.tasks.filter((row) => isByPerson(row.owner_id) || isByPerson(row.assignee_id)).toArray()) as Task[])
        .sort(byNewest((row) => row.completed_at ?? row.created_at))
        .slice(0, depth)
    : [];
  return { activities, comments, tasks };
}

export async function readFeed(
  db: ReplicaDb,
  filters: FeedFilters,
  limit: number,
  scope: { readonly companyId?: string } = {},
): Promise<FeedData> {
  const sources = scope.companyId
    ? await readClientSources(db, scope.companyId)
    : await readTeamSources(db, filters, limit);
  const all = buildFeedItems(sources.activities, sources.comments, sources.tasks);
  const contactIds = new Set<string>();
  const opportunityIds = new Set<string>();
  for (const item of all) {
    if (item.type === 'comment') {
      if (item.row.record_table === 'contacts') contactIds.add(item.row.record_id);
      if (item.row.record_table === 'opportunities') opportunityIds.add(item.row.record_id);
    } else {
      if (item.row.contact_id) contactIds.add(item.row.contact_id);
      if (item.row.opportunity_id) opportunityIds.add(item.row.opportunity_id);
    }
  }
  const [contacts, opportunities] = await Promise.all([
    db.contacts.bulkGet([...contactIds]),
    db.opportunities.bulkGet([...opportunityIds]),
  ]);
  const links: FeedLinks = {
    contactCompanies: new Map(contacts.flatMap((row) => (row ? [[row.id, row.company_id] as const] : []))),
    opportunityCompanies: new Map(opportunities.flatMap((row) => (row ? [[row.id, row.company_id] as const] : []))),
  };
  // In a client's scope every item concerns the client already (through a contact or a deal).
  const filtered = filterFeedItems(all, scope.companyId ? { ...filters, companyId: null } : filters, links);
  const items = filtered.slice(0, limit);
  const companyIds = new Set<string>();
  for (const item of items) {
    const companyId = getItemCompanyId(item, links);
    if (companyId) companyIds.add(companyId);
  }
  if (filters.companyId) companyIds.add(filters.companyId);
  const companies = await db.companies.bulkGet([...companyIds]);
  const labelRows: Activity[] = items.flatMap((item): Activity[] => (item.type === 'activity' ? [item.row] : []));
  const labels = await readTimelineLabels(db, labelRows);
  const contactNames = new Map(labels.contactNames);
  const opportunityTitles = new Map(labels.opportunityTitles);
  for (const row of contacts) {
    if (row && !contactNames.has(row.id)) {
      contactNames.set(row.id, getContactDisplayName(row));
    }
  }
  for (const row of opportunities) if (row) opportunityTitles.set(row.id, row.title);
  return {
    ...links,
    stages: labels.stages,
    pendingIds: labels.pendingIds,
    contactNames,
    opportunityTitles,
    items,
    hasMore: filtered.length > limit,
    companyNames: new Map(companies.flatMap((row) => (row ? [[row.id, row.name] as const] : []))),
  };
}

/** undefined while reading. `companyId` scopes the feed to one client (its page). */
export function useActivityFeed(filters: FeedFilters, limit: number, companyId?: string): FeedData | undefined {
  return useReplicaQuery<FeedData | undefined>(
    (db) => readFeed(db, filters, limit, companyId ? { companyId } : {}),
    [filters.kind, filters.personId, filters.companyId, limit, companyId],
    undefined,
  );
}
