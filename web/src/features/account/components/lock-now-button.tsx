/** "Lock now": hides the app behind the lock screen at once (e.g. before lending the device). */
import { useTranslation } from 'react-i18next';
import { Button, type ButtonVariant } from '@web/ui/index.ts';
import { useSession } from '@web/features/auth/index.ts';
import { lockApp } from '../internal/inactivity-lock.ts';

export function LockNowButton({ variant = 'secondary' }: { readonly variant?: ButtonVariant }) {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status !== 'signed-in') return null;
  const userId = session.user.id;
  return (
    <Button variant={variant} onClick={() => lockApp(userId, 'manual')}>
      {t('account.lock.lockNow')}
    </Button>
  );
}
