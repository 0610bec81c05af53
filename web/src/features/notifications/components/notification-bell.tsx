/**
 * The header's notifications button: a link to /notifications whose accessible name says how
 * many are unread ("Notifications, 3 non lues"); the count shows as a badge (99+ beyond 99).
 * It reads the replica, so it updates live as mentions sync in.
 */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentTenant } from '@web/features/tenancy/index.ts';
import { useUnreadCount } from '../hooks.ts';
import { BellIcon } from '../internal/bell-icon.tsx';
import { NOTIFICATIONS_PATH } from '../internal/targets.ts';
import './notifications.css';

export function NotificationBell() {
  const { t } = useTranslation();
  const current = useCurrentTenant();
  const userId = current.tenant ? current.userId : '';
  const unread = useUnreadCount(userId);
  const label = unread > 0 ? t('tasks.notifications.bellUnread', { count: unread }) : t('tasks.notifications.bell');
  return (
    <Link to={NOTIFICATIONS_PATH} className="notification-bell" aria-label={label} title={label}>
      <BellIcon />
      {unread > 0 ? (
        <span className="notification-bell__badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}
