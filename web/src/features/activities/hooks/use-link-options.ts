/**
 * Records an activity logged from a page may also be linked to: the company's contacts, and the
 * opportunities of the contact or company. Small sets, read live from the replica.
 */
import { getContactDisplayName } from '@shared/crm/index.ts';
import { useReplicaQuery } from '@web/lib/db/index.ts';

export type LinkOption = { readonly id: string; readonly label: string };
export type LinkOptions = { readonly contacts: readonly LinkOption[]; readonly opportunities: readonly LinkOption[] };

const NO_OPTIONS: LinkOptions = { contacts: [], opportunities: [] };

export function useLinkOptions(companyId: string | null, contactId: string | null): LinkOptions {
  return useReplicaQuery<LinkOptions>(
    async (db) => {
      const [contacts, byCompany, byContact] = await Promise.all([
        companyId ? db.contacts.where('company_id').equals(companyId).toArray() : [],
        companyId ? db.opportunities.where('company_id').equals(companyId).toArray() : [],
        contactId ? db.opportunities.where('contact_id').equals(contactId).toArray() : [],
      ]);
      const opportunities = new Map([...byCompany, ...byContact].map((row) => [row.id, row.title]));
      return {
        contacts: contacts
          .map((row) => ({ id: row.id, label: getContactDisplayName(row) }))
          .sort((a, b) => a.label.localeCompare(b.label)),
        opportunities: [...opportunities]
          .map(([id, label]) => ({ id, label }))
          .sort((a, b) => a.label.localeCompare(b.label)),
      };
    },
    [companyId, contactId],
    NO_OPTIONS,
  );
}
