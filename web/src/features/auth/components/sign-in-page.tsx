/** /auth/sign-in — returns the user to the page they wanted once the session exists. */
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AppLink } from '@web/ui/index.ts';
import { useSession } from '../hooks/use-session.ts';
import { readEmailFromState, readFromState } from '../internal/redirect.ts';
import { AUTH_PATHS } from '../routes.tsx';
import { AuthCard, DevMailboxLink } from './auth-card.tsx';
import { GoogleSignInButton } from './google-sign-in-button.tsx';
import { SignInForm } from './sign-in-form.tsx';

export function SignInPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  const from = readFromState(location.state);
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
      <GoogleSignInButton nextPath={from} />
      <SignInForm initialEmail={readEmailFromState(location.state)} />
    </AuthCard>
  );
}
