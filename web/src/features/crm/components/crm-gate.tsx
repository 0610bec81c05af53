/**
 * Renders a CRM page once the active company is known and the user's role may read contacts
 * (client accounts never see the CRM); loading, offline and refusal states otherwise. The page
 * gets the CRM context: rights, members by id.
 */
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import type { MatrixRole } from '@shared/permissions/roles.ts';
import { Alert, LoadingState } from '@web/ui/index.ts';
import { TENANCY_PATHS, useCurrentTenant, type CurrentTenant } from '@web/features/tenancy/index.ts';
import { useCrmContext, type CrmContext } from '../hooks/use-crm-context.ts';

/** Whether a role may open the CRM screens. */
export function canUseCrm(role: MatrixRole): boolean {
  return role !== 'client' && canAct(role, 'contacts', 'read');
}

export function CrmGate({ children }: { readonly children: (context: CrmContext) => ReactNode }) {
  const { t } = useTranslation();
  const current = useCurrentTenant();
  if (current.hasNoTenant) return <Navigate to={TENANCY_PATHS.onboarding} replace />;
  if (!current.tenant) {
    if (current.status === 'offline') return <Alert tone="warning">{t('tenancy.current.offline')}</Alert>;
    return <LoadingState label={t('crm.common.loading')} />;
  }
  if (!canUseCrm(current.tenant.role)) return <Alert tone="info">{t('crm.common.noAccess')}</Alert>;
  return (
    <CrmContextProvider key={current.tenant.id} tenant={current.tenant} userId={current.userId}>
      {children}
    </CrmContextProvider>
  );
}

function CrmContextProvider({
  tenant,
  userId,
  children,
}: {
  readonly tenant: CurrentTenant;
  readonly userId: string;
  readonly children: (context: CrmContext) => ReactNode;
}) {
  const context = useCrmContext(tenant, userId);
  return <>{children(context)}</>;
}
