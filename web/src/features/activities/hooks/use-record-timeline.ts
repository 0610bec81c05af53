/**
 * The activities a record's timeline shows, read live from the replica: an opportunity's own; a
 * contact's own and its opportunities'; a company's own, its contacts' and its opportunities'.
 * Also the labels an entry needs (stages, opportunity titles, contact names), read in the same
 * live query so a renamed stage or a pulled opportunity updates the entries at once.
 */
import { getContactDisplayName } from '@shared/crm/index.ts';
import type { Activity, PipelineStage } from '@shared/sales/index.ts';
import { useReplicaQuery, type ReplicaDb } from '@web/lib/db/index.ts';
import { mergeActivities, type TimelineRecord } from '../internal/timeline.ts';

export type TimelineLabels = {
  readonly stages: ReadonlyMap<string, PipelineStage>;
  readonly opportunityTitles: ReadonlyMap<string, string>;
  readonly contactNames: ReadonlyMap<string, string>;
  /** Activities written here and not yet acknowledged by the server. */
  readonly pendingIds: ReadonlySet<string>;
};

export type TimelineData = TimelineLabels & { readonly activities: readonly Activity[] };

async function readLinked(db: ReplicaDb, field: 'contact_id' | 'company_id' | 'opportunity_id', ids: string[]) {
  if (ids.length === 0) return [] as Activity[];
  // The compound [field+occurred_at] indexes double as indexes on their first field.
  return (await db.activities.where(field).anyOf(ids).toArray()) as Activity[];
}

/**
 * The "created" entry of a contact or a company, derived from the row itself rather than stored:
 * the server writes a `created` activity only for opportunities, since one more row per contact
 * would double what an initial sync of 100,000 contacts transfers. Opportunity entries are real.
 */
function toCreatedEntry(
  row: { id: string; tenant_id: string; owner_id: string | null; created_at: string } | undefined,
  link: 'contact_id' | 'company_id',
): Activity[] {
  if (!row) return [];
  return [
    {
      id: `created:${row.id}`,
      tenant_id: row.tenant_id,
      kind: 'created',
      outcome: null,
      duration_minutes: null,
      occurred_at: row.created_at,
      subject: null,
      body: null,
      company_id: link === 'company_id' ? row.id : null,
      contact_id: link === 'contact_id' ? row.id : null,
      opportunity_id: null,
      details: null,
      owner_id: row.owner_id,
      created_at: row.created_at,
      updated_at: row.created_at,
    },
  ];
}

/** Every activity of the record and of the records under it (pure over the replica). */
export async function readRecordActivities(db: ReplicaDb, record: TimelineRecord): Promise<Activity[]> {
  if (record.table === 'opportunities') return mergeActivities(await readLinked(db, 'opportunity_id', [record.id]));
  if (record.table === 'contacts') {
    const opportunityIds = await db.opportunities.where('contact_id').equals(record.id).primaryKeys();
    const [own, onOpportunities, contact] = await Promise.all([
      readLinked(db, 'contact_id', [record.id]),
      readLinked(db, 'opportunity_id', opportunityIds),
      db.contacts.get(record.id),
    ]);
    return mergeActivities(own, onOpportunities, toCreatedEntry(contact, 'contact_id'));
  }
  const [contactIds, opportunityIds] = await Promise.all([
    db.contacts.where('company_id').equals(record.id).primaryKeys(),
    db.opportunities.where('company_id').equals(record.id).primaryKeys(),
  ]);
  const [own, ofContacts, ofOpportunities, company] = await Promise.all([
    readLinked(db, 'company_id', [record.id]),
    readLinked(db, 'contact_id', contactIds),
    readLinked(db, 'opportunity_id', opportunityIds),
    db.companies.get(record.id),
  ]);
  return mergeActivities(own, ofContacts, ofOpportunities, toCreatedEntry(company, 'company_id'));
}

/** Stage, opportunity and contact labels of these activities. */
export async function readTimelineLabels(db: ReplicaDb, activities: readonly Activity[]): Promise<TimelineLabels> {
  const opportunityIds = [...new Set(activities.flatMap((row) => (row.opportunity_id ? [row.opportunity_id] : [])))];
  const contactIds = [...new Set(activities.flatMap((row) => (row.contact_id ? [row.contact_id] : [])))];
  const [stages, opportunities, contacts, pending] = await Promise.all([
    db.pipeline_stages.toArray(),
    db.opportunities.bulkGet(opportunityIds),
    db.contacts.bulkGet(contactIds),
    db.outbox.filter((entry) => entry.table === 'activities' && entry.txid === undefined).toArray(),
  ]);
  return {
    stages: new Map(stages.map((stage) => [stage.id, stage as PipelineStage])),
    opportunityTitles: new Map(opportunities.flatMap((row) => (row ? [[row.id, row.title] as const] : []))),
    contactNames: new Map(contacts.flatMap((row) => (row ? [[row.id, getContactDisplayName(row)] as const] : []))),
    pendingIds: new Set(pending.map((entry) => entry.rowId)),
  };
}

/** undefined while reading. */
export function useRecordTimeline(record: TimelineRecord): TimelineData | undefined {
  return useReplicaQuery<TimelineData | undefined>(
    async (db) => {
      const activities = await readRecordActivities(db, record);
      return { activities, ...(await readTimelineLabels(db, activities)) };
    },
    [record.table, record.id],
    undefined,
  );
}
