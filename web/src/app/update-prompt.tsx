/** "New version available — Reload" banner, shown when a new service worker is waiting. */
import { useTranslation } from 'react-i18next';
import { Button, InfoIcon } from '@web/ui/index.ts';
import { useServiceWorkerUpdate } from './service-worker.ts';

export function UpdatePrompt() {
  const { t } = useTranslation();
  const { isUpdateReady, isDismissed, applyUpdate, dismissUpdate } = useServiceWorkerUpdate();
  return (
    <div role="status" aria-live="polite">
      {isUpdateReady && !isDismissed ? (
        <div className="banner banner--update">
          <p className="banner__text">
            <InfoIcon className="banner__icon" />
            <span>{t('update.available')}</span>
          </p>
          <div className="banner__actions">
            <Button size="small" onClick={applyUpdate}>
              {t('update.reload')}
            </Button>
            <Button size="small" variant="ghost" onClick={dismissUpdate}>
              {t('update.later')}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
