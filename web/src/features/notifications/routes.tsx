/** The notifications route (signed-in, under the SecurityGate); lazy, precached for offline. */
import type { RouteObject } from 'react-router';
import { NOTIFICATIONS_PATH } from './internal/targets.ts';

export const notificationsRoutes: RouteObject[] = [
  {
    path: NOTIFICATIONS_PATH,
    lazy: async () => ({ Component: (await import('./components/notifications-page.tsx')).NotificationsPage }),
  },
];
