/** Unknown address inside the app. */
import { useTranslation } from 'react-i18next';
import { AppLink, usePageTitle } from '@web/ui/index.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('app.notFound.title'));
  return (
    <div className="empty-state">
      <h1>{t('app.notFound.title')}</h1>
      <p>{t('app.notFound.body')}</p>
      <AppLink to="/" asButton="primary">
        {t('app.notFound.home')}
      </AppLink>
    </div>
  );
}
