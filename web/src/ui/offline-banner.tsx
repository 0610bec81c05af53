/** Tells the user they are offline; the app keeps working from its cache meanwhile. */
import { useTranslation } from 'react-i18next';
import { OfflineIcon } from './icons.tsx';
import { useOnlineStatus } from './use-online-status.ts';

export function OfflineBanner() {
  const { t } = useTranslation();
  const isOnline = useOnlineStatus();
  // The live region exists before it fills, so the change is announced.
  return (
    <div role="status" aria-live="polite">
      {isOnline ? null : (
        <div className="banner banner--offline">
          <p className="banner__text">
            <OfflineIcon className="banner__icon" />
            <span>{t('network.offline')}</span>
          </p>
        </div>
      )}
    </div>
  );
}
