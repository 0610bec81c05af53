/**
 * /auth/callback — where confirmation and magic links land. auth-js reads the session (or the
 * error) from the URL fragment; on success we continue to the remembered page, otherwise we
 * explain what went wrong in words and offer a new link.
 */
import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, AppLink, LoadingState, usePageTitle } from '@web/ui/index.ts';
import { useTranslateError } from '@web/i18n/index.ts';
import { authRedirectQuery } from '../queries.ts';
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
  const query = useQuery(authRedirectQuery);

  if (query.isPending) return <CallbackPending />;
  const result = query.data;
  if (result?.status === 'signed-in') return <Navigate to={result.nextPath} replace />;
  const message =
    result?.status === 'failed'
      ? translateError(result.error)
      : result?.status === 'missing'
        ? t('auth.callback.missing')
        : translateError(query.error);
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
