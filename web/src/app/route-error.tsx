/** Shown when a page fails to render or its code cannot load (e.g. offline before it was cached). */
import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, usePageTitle } from '@web/ui/index.ts';

export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  usePageTitle(t('app.routeError.title'));
  console.error(error);
  return (
    <div className="empty-state" role="alert">
      <h1>{t('app.routeError.title')}</h1>
      <p>{t('app.routeError.body')}</p>
      <Button onClick={() => window.location.reload()}>{t('app.routeError.reload')}</Button>
    </div>
  );
}
