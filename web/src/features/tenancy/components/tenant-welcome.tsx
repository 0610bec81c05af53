/**
 * The home page's company block: "Bienvenue chez Garage du Centre", the user's role and
 * shortcuts to what the role may manage; a reminder when the onboarding wizard is unfinished;
 * the operator console for platform operators. `TenantHomeGate` holds the home page until the
 * user's companies are known, and sends a user without any company to the onboarding wizard
 * (an operator without one is offered it instead) — no flash of an empty home first.
 */
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canAct } from '@shared/permissions/matrix.ts';
import { Alert, AppLink, BuildingIcon, Button, Card, LoadingState } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { useSession } from '@web/features/auth/index.ts';
import { useCurrentTenant } from '../hooks/use-current-tenant.ts';
import { ROLE_LABEL_KEY, VERTICAL_LABEL_KEY } from '../internal/labels.ts';
import { amIOperatorQuery } from '../queries.ts';
import { TENANCY_PATHS } from '../routes.tsx';
import { useOnboardingDraft } from '../store.ts';

function useOperatorStatus() {
  const session = useSession();
  const userId = session.status === 'signed-in' ? session.user.id : '';
  const isConfirmed = session.status === 'signed-in' && session.isConfirmed;
  return { userId, operator: useQuery(amIOperatorQuery(userId, isConfirmed)) };
}

/**
 * Renders the home page once the user's companies are known (or cannot be known: offline with
 * nothing stored, or an error — the welcome block then says so).
 */
export function TenantHomeGate({ children }: { readonly children: ReactNode }) {
  const { t } = useTranslation();
  const current = useCurrentTenant();
  const { operator } = useOperatorStatus();
  if (current.status === 'loading') return <LoadingState label={t('tenancy.current.loading')} />;
  if (current.hasNoTenant) {
    // An operator may have no company of their own: wait to know before redirecting.
    if (operator.isPending && operator.fetchStatus !== 'idle') {
      return <LoadingState label={t('tenancy.current.loading')} />;
    }
    if (operator.data !== true) return <Navigate to={TENANCY_PATHS.onboarding} replace />;
  }
  return <>{children}</>;
}

export function TenantWelcome() {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const current = useCurrentTenant();
  const { userId, operator } = useOperatorStatus();
  const draft = useOnboardingDraft(userId);
  const isOperator = operator.data === true;

  const operatorCard = isOperator ? (
    <Card title={t('tenancy.home.operatorTitle')}>
      <p>{t('tenancy.home.operatorBody')}</p>
      <div>
        <AppLink to={TENANCY_PATHS.operator} asButton="secondary">
          {t('tenancy.home.openOperator')}
        </AppLink>
      </div>
    </Card>
  ) : null;

  if (current.hasNoTenant) {
    // Wait to know whether this is an operator (who may have no company of their own).
    if (operator.isPending && operator.fetchStatus !== 'idle')
      return <LoadingState label={t('tenancy.current.loading')} />;
    if (!isOperator) return <Navigate to={TENANCY_PATHS.onboarding} replace />;
    return (
      <div className="stack">
        {operatorCard}
        <Card title={t('tenancy.home.companyTitle')}>
          <p>{t('tenancy.home.noCompany')}</p>
          <div>
            <AppLink to={TENANCY_PATHS.onboarding} asButton="primary">
              {t('tenancy.home.createCompany')}
            </AppLink>
          </div>
        </Card>
      </div>
    );
  }

  const { tenant } = current;
  if (!tenant) {
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

  const role = t(ROLE_LABEL_KEY[tenant.role]);
  const isResumable = draft.isTenantCreated && draft.tenantId === tenant.id && draft.step !== 'done';
  return (
    <div className="stack">
      <Card
        title={
          <span className="welcome__company">
            <BuildingIcon />
            {t('tenancy.home.welcome', { tenant: tenant.name })}
          </span>
        }
        subtitle={t('tenancy.home.role', { role })}
      >
        <dl className="details">
          <div className="details__row">
            <dt>{t('tenancy.home.vertical')}</dt>
            <dd>{t(VERTICAL_LABEL_KEY[tenant.vertical])}</dd>
          </div>
        </dl>
        {canAct(tenant.role, 'memberships', 'update') || canAct(tenant.role, 'tenants', 'update') ? (
          <div className="form-actions">
            {canAct(tenant.role, 'memberships', 'update') ? (
              <AppLink to={TENANCY_PATHS.team} asButton="secondary">
                {t('tenancy.home.manageTeam')}
              </AppLink>
            ) : null}
            {canAct(tenant.role, 'tenants', 'update') ? (
              <AppLink to={TENANCY_PATHS.settings} asButton="secondary">
                {t('tenancy.home.openSettings')}
              </AppLink>
            ) : null}
          </div>
        ) : null}
      </Card>
      {isResumable ? (
        <Alert
          tone="info"
          title={t('tenancy.home.resumeTitle')}
          actions={
            <AppLink to={TENANCY_PATHS.onboarding} asButton="primary">
              {t('tenancy.home.resume')}
            </AppLink>
          }
        >
          {t('tenancy.home.resumeBody', { tenant: tenant.name })}
        </Alert>
      ) : null}
      {operatorCard}
    </div>
  );
}
