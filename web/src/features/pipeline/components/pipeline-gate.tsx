/**
 * Renders a pipeline page once the active company is known and the user's role may read
 * opportunities (client accounts never see the pipeline); loading, offline and refusal states
 * otherwise. The page gets the pipeline context: rights, members by id.
 */
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import type { MatrixRole } from '@shared/permissions/roles.ts';
import { Alert, LoadingState } from '@web/ui/index.ts';
import { TENANCY_PATHS, useCurrentTenant, type CurrentTenant } from '@web/features/tenancy/index.ts';
import { usePipelineContext, type PipelineContext } from '../hooks/use-pipeline-context.ts';

/** Whether a role may open the pipeline screens. */
export function canUsePipeline(role: MatrixRole): boolean {
  return role !== 'client' && canAct(role, 'opportunities', 'read');
}

export function PipelineGate({ children }: { readonly children: (context: PipelineContext) => ReactNode }) {
  const { t } = useTranslation();
  const current = useCurrentTenant();
  if (current.hasNoTenant) return <Navigate to={TENANCY_PATHS.onboarding} replace />;
  if (!current.tenant) {
    if (current.status === 'offline') return <Alert tone="warning">{t('tenancy.current.offline')}</Alert>;
    return <LoadingState label={t('pipeline.common.loading')} />;
  }
  if (!canUsePipeline(current.tenant.role)) return <Alert tone="info">{t('pipeline.common.noAccess')}</Alert>;
  return (
    <PipelineContextProvider key={current.tenant.id} tenant={current.tenant} userId={current.userId}>
      {children}
    </PipelineContextProvider>
  );
}

function PipelineContextProvider({
  tenant,
  userId,
  children,
}: {
  readonly tenant: CurrentTenant;
  readonly userId: string;
  readonly children: (context: PipelineContext) => ReactNode;
}) {
  const context = usePipelineContext(tenant, userId);
  return <>{children(context)}</>;
}
