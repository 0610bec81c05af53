/**
 * /profil — personal details, security (two-factor authentication, this device's PIN, lock),
 * the personal data export, and deleting the account. The security section is reachable as
 * /profil#securite.
 */
import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, PageHeader, usePageTitle } from '@web/ui/index.ts';
import { useSession } from '@web/features/auth/index.ts';
import { ACCOUNT_PATHS } from '../paths.ts';
import { DataExport } from './data-export.tsx';
import { DeleteAccount } from './delete-account.tsx';
import { DevicePinSettings } from './device-pin-settings.tsx';
import { LockSettings } from './lock-settings.tsx';
import { MfaSettings } from './mfa-settings.tsx';
import { ProfileCard } from './profile-form.tsx';
import './account.css';

export function ProfilePage() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  usePageTitle(t('account.profile.title'));

  useEffect(() => {
    // Links to /profil#securite (MFA banner, step-up dialog) land on the security section.
    if (location.hash === `#${ACCOUNT_PATHS.securityAnchor}`) {
      document.getElementById(ACCOUNT_PATHS.securityAnchor)?.scrollIntoView({ block: 'start' });
    }
  }, [location.hash]);

  if (session.status !== 'signed-in') return null;
  const { user, isConfirmed } = session;

  return (
    <div className="account-page">
      <PageHeader title={t('account.profile.title')} intro={t('account.profile.intro')} />
      <div className="stack">
        <ProfileCard user={user} isSessionConfirmed={isConfirmed} />
        <div id={ACCOUNT_PATHS.securityAnchor} className="account-anchor">
          <Card title={t('account.security.title')} subtitle={t('account.security.intro')}>
            <MfaSettings userId={user.id} isSessionConfirmed={isConfirmed} />
            <DevicePinSettings userId={user.id} />
            <LockSettings />
          </Card>
        </div>
        <DataExport />
        <DeleteAccount user={user} />
      </div>
    </div>
  );
}
