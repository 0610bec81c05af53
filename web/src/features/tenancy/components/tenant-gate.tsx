/**
 * Renders a tenant page once the current tenant is known: loading, offline and error states in
 * words; the onboarding wizard when the user has no company yet; a clear refusal when the
 * user's role may not use the page (the database would refuse anyway — this spares the trip).
 */
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MatrixRole } from '@shared/permissions/roles.ts';
import { Alert, AppLink, Button, LoadingState, usePageTitle } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { useCurrentTenant, type CurrentTenant } from '../hooks/use-current-tenant.ts';
import { TENANCY_PATHS } from '../routes.tsx';

export type TenantGateProps = {
  /** Whether the user's role may see the page (from the permission matrix). */
  readonly isAllowed?: (role: MatrixRole) => boolean;
  readonly children: (context: { readonly tenant: CurrentTenant; readonly userId: string }) => ReactNode;
};

function NoAccess({ tenant }: { readonly tenant: CurrentTenant }) {
  const { t } = useTranslation();
  usePageTitle(t('tenancy.current.noAccessTitle'));
  return (
    <div className="empty-state">
      <h1>{t('tenancy.current.noAccessTitle')}</h1>
      <p>{t('tenancy.current.noAccess', { tenant: tenant.name })}</p>
      <AppLink to="/" asButton="primary">
        {t('tenancy.current.backHome')}
      </AppLink>
    </div>
  );
}

export function TenantGate({ isAllowed, children }: TenantGateProps) {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const current = useCurrentTenant();

  if (current.hasNoTenant) return <Navigate to={TENANCY_PATHS.onboarding} replace />;
  if (current.tenant) {
    if (isAllowed && !isAllowed(current.tenant.role)) return <NoAccess tenant={current.tenant} />;
    return <>{children({ tenant: current.tenant, userId: current.userId })}</>;
  }
  if (current.status === 'offline') return <Alert tone="warning">{t('tenancy.current.offline')}</Alert>;
  if (current.status === 'error') {
    return (
      <Alert
        tone="error"
        title={t('tenancy.current.failed')}
        actions={
          <Button variant="secondary" size="small" onClick={current.refetch}>
            {t('tenancy.common.retry')}
          </Button>
        }
      >
        {translateError(current.error)}
      </Alert>
    );
  }
  return <LoadingState label={t('tenancy.current.loading')} />;
}
