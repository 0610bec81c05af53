/**
 * Public surface of the notifications feature (V1): the header's bell with the unread count and
 * the /notifications list (mentions, tasks given to the user), each linking to its record.
 */
export { notificationsRoutes } from './routes.tsx';
export { NOTIFICATIONS_PATH, buildNotificationTarget } from './internal/targets.ts';
export { NotificationBell } from './components/notification-bell.tsx';
