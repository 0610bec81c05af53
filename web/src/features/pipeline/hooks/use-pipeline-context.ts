/**
 * Who works where, for the pipeline screens: the user, the active company, their role's rights on
 * opportunities and stages (permission matrix; the database refuses the rest anyway), and the
 * members by id.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getGrant } from '@shared/permissions/matrix.ts';
import { membersQuery, type CurrentTenant, type MemberSummary } from '@web/features/tenancy/index.ts';

export type PipelineContext = {
  readonly tenant: CurrentTenant;
  readonly userId: string;
  readonly canCreate: boolean;
  /** Whether the user may change an opportunity owned by `ownerId` (move it, edit it). */
  readonly canEdit: (ownerId: string | null) => boolean;
  /** Whether the user may delete an opportunity owned by `ownerId`. */
  readonly canDelete: (ownerId: string | null) => boolean;
  /** Whether the user may rename, reorder, add and remove stages. */
  readonly canManageStages: boolean;
  readonly members: readonly MemberSummary[];
  readonly membersById: ReadonlyMap<string, MemberSummary>;
};

export function usePipelineContext(tenant: CurrentTenant, userId: string): PipelineContext {
  const members = useQuery(membersQuery(userId, tenant.id));
  const list = useMemo(() => members.data ?? [], [members.data]);
  const membersById = useMemo(() => new Map(list.map((member) => [member.user_id, member])), [list]);
  const updateGrant = getGrant(tenant.role, 'opportunities', 'update');
  const deleteGrant = getGrant(tenant.role, 'opportunities', 'delete');
  return {
    tenant,
    userId,
    canCreate: getGrant(tenant.role, 'opportunities', 'create') !== 'deny',
    canEdit: (ownerId) => updateGrant === 'allow' || (updateGrant === 'own' && ownerId === userId),
    canDelete: (ownerId) => deleteGrant === 'allow' || (deleteGrant === 'own' && ownerId === userId),
    canManageStages: getGrant(tenant.role, 'pipeline_stages', 'update') === 'allow',
    members: list,
    membersById,
  };
}
