/** Home route (signed-in only: mounted under the auth guard by the app router). */
import type { RouteObject } from 'react-router';

export const HOME_PATH = '/';

export const homeRoutes: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({ Component: (await import('./components/home-page.tsx')).HomePage }),
  },
];
