/**
 * Server-only data the CRM screens need: the company's members, to name a record's owner and to
 * offer owners in forms and filters. Rows themselves come from the local replica (hooks/), never
 * from here. The last answer stays in the TanStack cache, so names survive going offline.
 */
import { queryOptions } from '@tanstack/react-query';
import { callRpc } from '@web/lib/supabase/index.ts';

/** The fields of list_members this feature reads. */
export type CrmMember = {
  readonly user_id: string;
  readonly display_name: string | null;
  readonly email: string;
};

export function crmMembersQuery(userId: string, tenantId: string) {
  return queryOptions({
    queryKey: ['tenancy', userId, tenantId, 'members'],
    queryFn: () => callRpc<CrmMember[]>('list_members', { p_tenant_id: tenantId }),
    // Names change rarely; a member list a few minutes old is fine for labels.
    staleTime: 5 * 60_000,
  });
}
