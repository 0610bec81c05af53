/**
 * Who works where, for the CRM screens: the user, the active company, their role's rights on
 * contacts (permission matrix; the database refuses the rest anyway), and the members by id.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getGrant } from '@shared/permissions/matrix.ts';
import { membersQuery, type CurrentTenant, type MemberSummary } from '@web/features/tenancy/index.ts';

export type CrmContext = {
  readonly tenant: CurrentTenant;
  readonly userId: string;
  readonly canCreate: boolean;
  /** Whether the user may change or delete a record owned by `ownerId`. */
  readonly canEdit: (ownerId: string | null) => boolean;
  readonly members: readonly MemberSummary[];
  readonly membersById: ReadonlyMap<string, MemberSummary>;
};

export function useCrmContext(tenant: CurrentTenant, userId: string): CrmContext {
  const members = useQuery(membersQuery(userId, tenant.id));
  const list = useMemo(() => members.data ?? [], [members.data]);
  const membersById = useMemo(() => new Map(list.map((member) => [member.user_id, member])), [list]);
  const createGrant = getGrant(tenant.role, 'contacts', 'create');
  const updateGrant = getGrant(tenant.role, 'contacts', 'update');
  return {
    tenant,
    userId,
    canCreate: createGrant !== 'deny',
    canEdit: (ownerId) => updateGrant === 'allow' || (updateGrant === 'own' && ownerId === userId),
    members: list,
    membersById,
  };
}
