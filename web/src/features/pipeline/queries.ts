/**
 * Server-only data the pipeline screens need: the company's members, to name an opportunity's
 * owner (initials on cards) and to offer owners in the form and the filters. Same query key as the
 * CRM's, so both features share one cached answer (it survives going offline).
 */
import { queryOptions } from '@tanstack/react-query';
import { callRpc } from '@web/lib/supabase/index.ts';

/** The fields of list_members this feature reads. */
export type PipelineMember = {
  readonly user_id: string;
  readonly display_name: string | null;
  readonly email: string;
};

export function pipelineMembersQuery(userId: string, tenantId: string) {
  return queryOptions({
    queryKey: ['tenancy', userId, tenantId, 'members'],
    queryFn: () => callRpc<PipelineMember[]>('list_members', { p_tenant_id: tenantId }),
    // Names change rarely; a member list a few minutes old is fine for labels.
    staleTime: 5 * 60_000,
  });
}
