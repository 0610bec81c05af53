/**
 * /auth/sign-in — returns the user to the page they wanted once the session exists. Shows once
 * the message left by whoever ended the session (e.g. "your account has been deleted").
 */
import { useEffect, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, AppLink } from '@web/ui/index.ts';
import { useSession } from '../hooks/use-session.ts';
import { readEmailFromState, readFromState } from '../internal/redirect.ts';
import { clearSignInNotice, readSignInNotice } from '../internal/sign-in-notice.ts';
import { AUTH_PATHS } from '../routes.tsx';
import { AuthCard, DevMailboxLink } from './auth-card.tsx';
import { GoogleSignInButton } from './google-sign-in-button.tsx';
import { SignInForm } from './sign-in-form.tsx';

export function SignInPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  const from = readFromState(location.state);
  const [notice] = useState(readSignInNotice);
  // Shown on this visit only (read above, during the first render).
  useEffect(() => clearSignInNotice(), []);
  if (session.status === 'signed-in') return <Navigate to={from} replace />;
  return (
    <AuthCard
      title={t('auth.signIn.title')}
      subtitle={t('auth.signIn.subtitle')}
      footer={
        <>
          <p>
            <AppLink to={AUTH_PATHS.magicLink} state={location.state}>
              {t('auth.signIn.magicLink')}
            </AppLink>
          </p>
          <p>
            {t('auth.signIn.noAccount')}{' '}
            <AppLink to={AUTH_PATHS.signUp} state={location.state}>
              {t('auth.signIn.createAccount')}
            </AppLink>
          </p>
          <DevMailboxLink />
        </>
      }
    >
      {notice === 'account-deleted' ? <Alert tone="success">{t('auth.signIn.accountDeleted')}</Alert> : null}
      <GoogleSignInButton nextPath={from} />
      <SignInForm initialEmail={readEmailFromState(location.state)} nextPath={from} />
    </AuthCard>
  );
}
