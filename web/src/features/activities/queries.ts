/**
 * Server-only data the activity screens need: the company's members, to name authors and to
 * filter the feed by person. Same query key as the CRM's, so one answer serves both and stays
 * cached offline. Rows come from the local replica (hooks/), never from here.
 */
import { queryOptions } from '@tanstack/react-query';
import { callRpc } from '@web/lib/supabase/index.ts';

/** The fields of list_members this feature reads. */
export type ActivityMember = {
  readonly user_id: string;
  readonly display_name: string | null;
  readonly email: string;
};

export function activityMembersQuery(userId: string, tenantId: string) {
  return queryOptions({
    queryKey: ['tenancy', userId, tenantId, 'members'],
    queryFn: () => callRpc<ActivityMember[]>('list_members', { p_tenant_id: tenantId }),
    staleTime: 5 * 60_000,
  });
}
