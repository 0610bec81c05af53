/** The inactivity lock in the profile: how long before it locks (tenant setting) and "Lock now". */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionTimeoutMinutes } from '../hooks/use-session-timeout.ts';
import { LockNowButton } from './lock-now-button.tsx';

export function LockSettings() {
  const { t } = useTranslation();
  const timeoutMinutes = useSessionTimeoutMinutes();
  const titleId = useId();
  return (
    <section className="account-subsection" aria-labelledby={titleId}>
      <h3 id={titleId} className="account-subsection__title">
        {t('account.lock.sectionTitle')}
      </h3>
      <p className="card__subtitle">{t('account.lock.timeout', { count: timeoutMinutes })}</p>
      <p className="card__subtitle">{t('account.lock.lockNowHint')}</p>
      <div className="form-actions">
        <LockNowButton />
      </div>
    </section>
  );
}
