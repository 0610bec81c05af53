/**
 * The route tree: a root layout; public auth pages; signed-in pages behind the session guard;
 * a not-found page. Feature routes come from each feature's index.ts.
 */
import { createBrowserRouter } from 'react-router';
import { LoadingState } from '@web/ui/index.ts';
import { i18n } from '@web/i18n/index.ts';
import { authRoutes, RequireSession } from '../features/auth/index.ts';
import { homeRoutes } from '../features/home/index.ts';
import { publicTenancyRoutes, tenancyRoutes } from '../features/tenancy/index.ts';
import { accountRoutes, SecurityGate } from '../features/account/index.ts';
import { crmRoutes } from '../features/crm/index.ts';
import { syncRoutes } from '../features/sync/index.ts';
import { pipelineRoutes } from '../features/pipeline/index.ts';
import { activitiesRoutes } from '../features/activities/index.ts';
import { tasksRoutes } from '../features/tasks/index.ts';
import { notificationsRoutes } from '../features/notifications/index.ts';
import { scoringRoutes } from '../features/scoring/index.ts';
import { AppLayout } from './app-layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { RouteError } from './route-error.tsx';

export function createAppRouter() {
  return createBrowserRouter([
    {
      path: '/',
      Component: AppLayout,
      ErrorBoundary: RouteError,
      // Shown while the first lazy page loads.
      hydrateFallbackElement: <LoadingState label={i18n.t('app.loading')} />,
      children: [
        ...authRoutes,
        ...publicTenancyRoutes,
        {
          Component: RequireSession,
          children: [
            {
              Component: SecurityGate,
              children: [
                ...homeRoutes,
                ...tenancyRoutes,
                ...accountRoutes,
                ...crmRoutes,
                ...syncRoutes,
                ...pipelineRoutes,
                ...activitiesRoutes,
                ...tasksRoutes,
                ...notificationsRoutes,
                ...scoringRoutes,
              ],
            },
          ],
        },
        { path: '*', Component: NotFoundPage },
      ],
    },
  ]);
}
