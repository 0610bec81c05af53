/**
 * /notifications — the user's in-app notifications, newest first: who mentioned them where,
 * which task was given to them. Each links to its record and is marked read when opened;
 * "Tout marquer comme lu" marks the rest. Marking is a local write of `read_at` (the only field
 * a recipient may change), so it works offline and syncs later.
 */
import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Notification } from '@shared/sales/index.ts';
import { updateRow } from '@web/lib/db/index.ts';
import { LOCALE_BY_LANGUAGE, useLanguage, useTranslateError } from '@web/i18n/index.ts';
import { Alert, Badge, Button, LoadingState, PageHeader, usePageTitle } from '@web/ui/index.ts';
import { TENANCY_PATHS, useCurrentTenant } from '@web/features/tenancy/index.ts';
import { useTeam } from '@web/features/tasks/index.ts';
import { useNotifications, useRecordNames } from '../hooks.ts';
import { buildNotificationTarget } from '../internal/targets.ts';
import './notifications.css';

/** Marks a notification read now (local write, synced later). */
export async function markNotificationRead(notification: Notification): Promise<void> {
  if (notification.read_at !== null) return;
  await updateRow('notifications', notification.id, { read_at: new Date().toISOString() });
}

function formatWhen(iso: string, language: 'fr' | 'en', timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(LOCALE_BY_LANGUAGE[language], options).format(date);
  }
}

export function NotificationsPage() {
  const { t } = useTranslation();
  const current = useCurrentTenant();
  usePageTitle(t('tasks.notifications.title'));
  if (current.hasNoTenant) return <Navigate to={TENANCY_PATHS.onboarding} replace />;
  if (!current.tenant) {
    if (current.status === 'offline') return <Alert tone="warning">{t('tenancy.current.offline')}</Alert>;
    return <LoadingState label={t('tasks.notifications.loading')} />;
  }
  return <NotificationList userId={current.userId} tenantId={current.tenant.id} timeZone={current.tenant.timeZone} />;
}

function NotificationList({
  userId,
  tenantId,
  timeZone,
}: {
  readonly userId: string;
  readonly tenantId: string;
  readonly timeZone: string;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const translateError = useTranslateError();
  const notifications = useNotifications(userId);
  const names = useRecordNames(notifications);
  const team = useTeam(userId, tenantId);
  const [failure, setFailure] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const unread = (notifications ?? []).filter((row) => row.read_at === null);

  const markAll = async () => {
    setIsBusy(true);
    setFailure(null);
    try {
      await Promise.all(unread.map((notification) => markNotificationRead(notification)));
    } catch (error) {
      setFailure(translateError(error));
    } finally {
      setIsBusy(false);
    }
  };

  const open = (notification: Notification) => {
    markNotificationRead(notification).catch((error: unknown) => setFailure(translateError(error)));
  };

  const describe = (notification: Notification) => {
    const actor = notification.actor_id
      ? (team.getName(notification.actor_id) ?? t('tasks.common.unknownMember'))
      : t('tasks.notifications.someone');
    // A task's excerpt is its title: a fair name while the task is not on this device yet.
    const record =
      names.get(`${notification.record_table}:${notification.record_id}`) ??
      (notification.kind === 'task_assigned' ? notification.excerpt : null) ??
      t('tasks.notifications.unknownRecord');
    return notification.kind === 'task_assigned'
      ? t('tasks.notifications.taskAssigned', { actor, record })
      : t('tasks.notifications.mention', { actor, record });
  };

  return (
    <div className="stack notifications-page">
      <div className="notifications-page__header">
        <PageHeader title={t('tasks.notifications.title')} />
        {unread.length > 0 ? (
          <Button variant="secondary" isBusy={isBusy} onClick={() => void markAll()}>
            {t('tasks.notifications.markAllRead')}
          </Button>
        ) : null}
      </div>
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      {notifications === undefined ? (
        <LoadingState label={t('tasks.notifications.loading')} />
      ) : notifications.length === 0 ? (
        <div className="empty-state">
          <h2>{t('tasks.notifications.emptyTitle')}</h2>
          <p>{t('tasks.notifications.emptyBody')}</p>
        </div>
      ) : (
        <ul className="notification-list" aria-label={t('tasks.notifications.title')}>
          {notifications.map((notification) => {
            const target = buildNotificationTarget(notification);
            const isUnread = notification.read_at === null;
            const text = describe(notification);
            const content = (
              <>
                <span className="notification__text">{text}</span>
                {notification.excerpt && notification.kind === 'mention' ? (
                  <span className="notification__excerpt">
                    {t('tasks.notifications.excerpt', { excerpt: notification.excerpt })}
                  </span>
                ) : null}
                <time className="notification__time" dateTime={notification.created_at}>
                  {formatWhen(notification.created_at, language, timeZone)}
                </time>
              </>
            );
            return (
              <li key={notification.id} className={isUnread ? 'notification notification--unread' : 'notification'}>
                {isUnread ? <Badge tone="brand">{t('tasks.notifications.unread')}</Badge> : null}
                {target ? (
                  <Link className="notification__link" to={target} onClick={() => open(notification)}>
                    {content}
                  </Link>
                ) : (
                  <div className="notification__link">{content}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
