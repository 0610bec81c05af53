/** Layout route guarding signed-in pages: unauthenticated visitors go to sign-in, keeping their path. */
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LoadingState } from '@web/ui/index.ts';
import { useSession } from '../hooks/use-session.ts';
import { AUTH_PATHS } from '../routes.tsx';

export function RequireSession() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();
  if (session.status === 'loading') return <LoadingState label={t('app.loading')} />;
  if (session.status === 'signed-out') {
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={AUTH_PATHS.signIn} replace state={{ from }} />;
  }
  return <Outlet />;
}
