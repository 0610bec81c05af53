/**
 * Confirms that something happened ("Invitation sent to …") in a live region that exists
 * before it fills, so screen readers announce it; dismissible, and replaced by the next notice.
 */
import { useTranslation } from 'react-i18next';
import { CheckIcon, CloseIcon } from './icons.tsx';

export type LiveNoticeProps = {
  readonly message: string | null;
  readonly onDismiss: () => void;
};

export function LiveNotice({ message, onDismiss }: LiveNoticeProps) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" className="live-notice">
      {message ? (
        <div className="alert alert--success">
          <CheckIcon className="alert__icon" />
          <p className="alert__body">{message}</p>
          <button type="button" className="live-notice__dismiss" aria-label={t('ui.dismiss')} onClick={onDismiss}>
            <CloseIcon />
          </button>
        </div>
      ) : null}
    </div>
  );
}
