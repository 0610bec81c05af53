/**
 * /auth/callback — where confirmation and magic links land. auth-js reads the session (or the
 * error) from the URL fragment; on success we continue to the remembered page, otherwise we
 * explain what went wrong in words and offer a new link.
 */
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, AppLink, LoadingState, usePageTitle } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { useAuthRedirectOutcome } from '../hooks/use-auth-redirect-outcome.ts';
import { AUTH_PATHS } from '../routes.tsx';
import { AuthCard } from './auth-card.tsx';

/** Each state titles the page itself: a title set here too would overwrite the card's on re-render. */
function CallbackPending() {
  const { t } = useTranslation();
  usePageTitle(t('auth.callback.pending'));
  return <LoadingState label={t('auth.callback.pending')} />;
}

export function AuthCallbackPage() {
  const { t } = useTranslation();
  const translateError = useTranslateError();
  const state = useAuthRedirectOutcome();

  if (state.status === 'pending') return <CallbackPending />;
  if (state.status === 'done' && state.outcome.status === 'signed-in') {
    return <Navigate to={state.outcome.nextPath} replace />;
  }
  const message =
    state.status === 'error'
      ? translateError(state.error)
      : state.outcome.status === 'failed'
        ? translateError(state.outcome.error)
        : t('auth.callback.missing');
  return (
    <AuthCard
      title={t('auth.callback.failedTitle')}
      footer={<AppLink to={AUTH_PATHS.signIn}>{t('auth.callback.backToSignIn')}</AppLink>}
    >
      <Alert tone="error">{message}</Alert>
      <AppLink to={AUTH_PATHS.magicLink} asButton="primary" isBlock>
        {t('auth.callback.newLink')}
      </AppLink>
    </AuthCard>
  );
}
