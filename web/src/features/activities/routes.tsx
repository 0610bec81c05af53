/** Activity routes (signed-in, under the SecurityGate); the page loads lazily and is precached. */
import type { RouteObject } from 'react-router';
import { ACTIVITIES_PATHS } from './paths.ts';

export { ACTIVITIES_PATHS };

export const activitiesRoutes: RouteObject[] = [
  {
    path: ACTIVITIES_PATHS.feed,
    lazy: async () => ({ Component: (await import('./components/activity-feed-page.tsx')).ActivityFeedPage }),
  },
];
