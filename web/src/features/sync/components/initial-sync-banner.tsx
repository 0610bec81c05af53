/**
 * While the first sync of a company fills this device, a banner under the header says so, with
 * a progress bar (rows received and percent): the lists fill as pages arrive, and the user can
 * already work.
 */
import { useTranslation } from 'react-i18next';
import { useSyncState } from '@web/lib/db/index.ts';
import './sync.css';

/** Percent done, 0..100, rounded down (100 only when everything arrived). */
export function computePercent(progress: { readonly done: number; readonly total: number }): number {
  if (progress.total <= 0) return 0;
  return Math.min(100, Math.floor((progress.done / progress.total) * 100));
}

export function InitialSyncBanner() {
  const { t } = useTranslation();
  const { phase, progress } = useSyncState();
  const isInitial = phase === 'initial';
  return (
    <div role="status" aria-live="polite">
      {isInitial ? (
        <div className="banner initial-sync">
          <p className="banner__text">
            <strong>{t('crm.initialSync.title')}</strong>
            {progress ? (
              <span>
                {' '}
                {t('crm.initialSync.progress', {
                  done: progress.done,
                  total: progress.total,
                  percent: computePercent(progress),
                })}
              </span>
            ) : null}
          </p>
          <progress
            className="initial-sync__bar"
            max={progress?.total || 1}
            value={progress?.done ?? 0}
            aria-label={t('crm.initialSync.title')}
          />
          <p className="initial-sync__hint">{t('crm.initialSync.hint')}</p>
        </div>
      ) : null}
    </div>
  );
}
