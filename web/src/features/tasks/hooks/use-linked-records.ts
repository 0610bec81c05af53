/**
 * Names of the records tasks are linked to (contact, company, opportunity), read in one go from
 * the replica for a whole list rather than one live query per row.
 */
import { getContactDisplayName } from '@shared/crm/index.ts';
import type { Task } from '@shared/sales/index.ts';
import { useReplicaQuery } from '@web/lib/db/index.ts';

export type LinkedTable = 'contacts' | 'companies' | 'opportunities';
export type LinkedRecord = { readonly table: LinkedTable; readonly id: string; readonly label: string };

/** Key of a record in the map: `contacts:<id>`. */
export function getLinkKey(table: LinkedTable, id: string): string {
  return `${table}:${id}`;
}

const EMPTY: ReadonlyMap<string, string> = new Map();

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))].sort();
}

/** What carries links: a task, or a form's draft. */
export type Linkable = Pick<Task, 'contact_id' | 'company_id' | 'opportunity_id'>;

/** `table:id` → name, for every record the tasks link to that the replica holds. */
export function useLinkedNames(tasks: readonly Linkable[] | undefined): ReadonlyMap<string, string> {
  const contactIds = unique((tasks ?? []).map((task) => task.contact_id));
  const companyIds = unique((tasks ?? []).map((task) => task.company_id));
  const opportunityIds = unique((tasks ?? []).map((task) => task.opportunity_id));
  const signature = [contactIds.join(','), companyIds.join(','), opportunityIds.join(',')].join('|');
  return useReplicaQuery<ReadonlyMap<string, string>>(
    async (db) => {
      const [contacts, companies, opportunities] = await Promise.all([
        db.contacts.bulkGet(contactIds),
        db.companies.bulkGet(companyIds),
        db.opportunities.bulkGet(opportunityIds),
      ]);
      const names = new Map<string, string>();
      for (const contact of contacts) {
        if (contact) names.set(getLinkKey('contacts', contact.id), getContactDisplayName(contact));
      }
      for (const company of companies) if (company) names.set(getLinkKey('companies', company.id), company.name);
      for (const opportunity of opportunities) {
        if (opportunity) names.set(getLinkKey('opportunities', opportunity.id), opportunity.title);
      }
      return names;
    },
    [signature],
    EMPTY,
  );
}

/** The records a task links to, with their names (a record the replica lacks is left out). */
export function listTaskLinks(task: Linkable, names: ReadonlyMap<string, string>): LinkedRecord[] {
  const links: LinkedRecord[] = [];
  const add = (table: LinkedTable, id: string | null) => {
    if (!id) return;
    const label = names.get(getLinkKey(table, id));
    if (label !== undefined) links.push({ table, id, label });
  };
  add('opportunities', task.opportunity_id);
  add('contacts', task.contact_id);
  add('companies', task.company_id);
  return links;
}
