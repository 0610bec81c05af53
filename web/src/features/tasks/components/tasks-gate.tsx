/**
 * Renders a task page once the active company is known and the user's role may read tasks
 * (client accounts never do); loading, offline and refusal states otherwise.
 */
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, LoadingState } from '@web/ui/index.ts';
import { TENANCY_PATHS, useCurrentTenant } from '@web/features/tenancy/index.ts';
import { useTasksContext, type TasksContext } from '../hooks/use-tasks-context.ts';

export function TasksGate({ children }: { readonly children: (context: TasksContext) => ReactNode }) {
  const { t } = useTranslation();
  const current = useCurrentTenant();
  const context = useTasksContext();
  if (current.hasNoTenant) return <Navigate to={TENANCY_PATHS.onboarding} replace />;
  if (!current.tenant) {
    if (current.status === 'offline') return <Alert tone="warning">{t('tenancy.current.offline')}</Alert>;
    return <LoadingState label={t('tasks.common.loading')} />;
  }
  if (!context) return <Alert tone="info">{t('tasks.common.noAccess')}</Alert>;
  return <>{children(context)}</>;
}
