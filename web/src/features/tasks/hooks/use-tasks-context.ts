/**
 * Who works where, for the task screens: the user, the active company (its time zone decides what
 * "today" is), the team, and the role's rights on tasks from the permission matrix (`assigned`
 * = the task's assignee). The database refuses the rest anyway; the UI hides it.
 */
import { useMemo } from 'react';
import type { Task } from '@shared/sales/index.ts';
import { getGrant, type Grant } from '@shared/permissions/matrix.ts';
import type { MatrixRole } from '@shared/permissions/roles.ts';
import { useCurrentTenant, type CurrentTenant } from '@web/features/tenancy/index.ts';
import { useTeam, type Team } from './use-team.ts';

export type TasksContext = {
  readonly tenant: CurrentTenant;
  readonly userId: string;
  readonly timeZone: string;
  readonly team: Team;
  readonly canCreate: boolean;
  readonly canEdit: (task: Task) => boolean;
  readonly canDelete: (task: Task) => boolean;
};

/** Whether a role may open the task screens (client accounts never do). */
export function canUseTasks(role: MatrixRole): boolean {
  return role !== 'client' && getGrant(role, 'tasks', 'read') !== 'deny';
}

function isGranted(grant: Grant, task: Task, userId: string): boolean {
  if (grant === 'allow') return true;
  if (grant === 'assigned') return task.assignee_id === userId;
  if (grant === 'own') return task.owner_id === userId;
  return false;
}

export function buildTasksContext(tenant: CurrentTenant, userId: string, team: Team): TasksContext {
  const updateGrant = getGrant(tenant.role, 'tasks', 'update');
  const deleteGrant = getGrant(tenant.role, 'tasks', 'delete');
  return {
    tenant,
    userId,
    timeZone: tenant.timeZone,
    team,
    canCreate: getGrant(tenant.role, 'tasks', 'create') !== 'deny',
    canEdit: (task) => isGranted(updateGrant, task, userId),
    canDelete: (task) => isGranted(deleteGrant, task, userId),
  };
}

/** The context once the company is known (null before, or for a role without tasks). */
export function useTasksContext(): TasksContext | null {
  const current = useCurrentTenant();
  const tenant = current.tenant;
  const team = useTeam(current.userId, tenant?.id ?? '');
  return useMemo(
    () => (tenant && canUseTasks(tenant.role) ? buildTasksContext(tenant, current.userId, team) : null),
    [tenant, current.userId, team],
  );
}
