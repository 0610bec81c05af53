/**
 * Who is working where, for the activity screens: the user, the company (time zone), the role's
 * rights on activities and tasks (permission matrix; the database refuses the rest anyway) and
 * the members by id. null until the current company is known.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getGrant } from '@shared/permissions/matrix.ts';
import { membersQuery, useCurrentTenant, type CurrentTenant, type MemberSummary } from '@web/features/tenancy/index.ts';

export type ActivitiesContext = {
  readonly tenant: CurrentTenant;
  readonly userId: string;
  readonly timeZone: string;
  readonly canLog: boolean;
  readonly canPlanTask: boolean;
  /** Whether the user may change or delete an activity written by `ownerId`. */
  readonly canEdit: (ownerId: string | null) => boolean;
  readonly members: readonly MemberSummary[];
  readonly membersById: ReadonlyMap<string, MemberSummary>;
};

export function useActivitiesContext(): ActivitiesContext | null {
  const { tenant, userId } = useCurrentTenant();
  const members = useQuery({ ...membersQuery(userId, tenant?.id ?? ''), enabled: Boolean(tenant && userId) });
  const list = useMemo(() => members.data ?? [], [members.data]);
  const membersById = useMemo(() => new Map(list.map((member) => [member.user_id, member])), [list]);
  return useMemo(() => {
    if (!tenant || !userId) return null;
    const updateGrant = getGrant(tenant.role, 'activities', 'update');
    return {
      tenant,
      userId,
      timeZone: tenant.timeZone,
      canLog: getGrant(tenant.role, 'activities', 'create') !== 'deny',
      canPlanTask: getGrant(tenant.role, 'tasks', 'create') !== 'deny',
      canEdit: (ownerId: string | null) => updateGrant === 'allow' || (updateGrant === 'own' && ownerId === userId),
      members: list,
      membersById,
    };
  }, [tenant, userId, list, membersById]);
}

/** "moi", the member's name, or "un membre de l'équipe" when the list lacks them (offline, left). */
export function getAuthorName(
  ownerId: string | null,
  context: ActivitiesContext,
  labels: { readonly me: string; readonly unknown: string; readonly system: string },
): string {
  if (!ownerId) return labels.system;
  if (ownerId === context.userId) return labels.me;
  const member = context.membersById.get(ownerId);
  return member ? (member.display_name ?? member.email) : labels.unknown;
}
