/**
 * After sign-in, for an owner/admin of a tenant that requires MFA: without any factor, a banner
 * asks to enrol; with a factor but an aal1 session, the code is asked once (step-up dialog), and
 * a banner offers it again if the user chose "later". Nothing shows for other roles or tenants.
 */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, AppLink, Button } from '@web/ui/index.ts';
import type { CurrentTenant } from '@web/features/tenancy/index.ts';
import { ACCOUNT_PATHS } from '../paths.ts';
import { assuranceQuery } from '../queries.ts';
import { rememberMfaPrompted, wasMfaPrompted } from '../internal/mfa-prompt.ts';

export type MfaRequirementBannerProps = {
  readonly userId: string;
  readonly isSessionConfirmed: boolean;
  readonly tenant: CurrentTenant | null;
  /** Opens the step-up dialog. */
  readonly onAskCode: () => void;
};

export function isMfaRequiredFor(tenant: CurrentTenant | null): tenant is CurrentTenant {
  return Boolean(tenant?.isMfaRequiredForAdmins) && (tenant?.role === 'owner' || tenant?.role === 'admin');
}

export function MfaRequirementBanner({ userId, isSessionConfirmed, tenant, onAskCode }: MfaRequirementBannerProps) {
  const { t } = useTranslation();
  const location = useLocation();
  const isRequired = isMfaRequiredFor(tenant);
  const levels = useQuery(assuranceQuery(userId, isRequired && isSessionConfirmed));
  const needsCode = isRequired && levels.data?.next === 'aal2' && levels.data.current !== 'aal2';

  useEffect(() => {
    if (!needsCode || wasMfaPrompted(userId)) return;
    rememberMfaPrompted(userId);
    onAskCode();
  }, [needsCode, userId, onAskCode]);

  if (!isRequired || !levels.data) return null;
  if (levels.data.next !== 'aal2') {
    const isOnProfile = location.pathname === ACCOUNT_PATHS.profile;
    return (
      <div className="account-banner">
        <Alert
          tone="warning"
          actions={
            isOnProfile ? undefined : (
              <AppLink to={`${ACCOUNT_PATHS.profile}#${ACCOUNT_PATHS.securityAnchor}`} asButton="primary">
                {t('account.mfaBanner.enrolAction')}
              </AppLink>
            )
          }
        >
          {t('account.mfaBanner.enrol', { tenant: tenant.name })}
        </Alert>
      </div>
    );
  }
  if (!needsCode) return null;
  return (
    <div className="account-banner">
      <Alert
        tone="info"
        actions={
          <Button size="small" onClick={onAskCode}>
            {t('account.mfaBanner.verifyAction')}
          </Button>
        }
      >
        {t('account.mfaBanner.verify', { tenant: tenant.name })}
      </Alert>
    </div>
  );
}
