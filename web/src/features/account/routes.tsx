/** Account routes (signed-in, under the SecurityGate). Pages load lazily; the service worker precaches them. */
import type { RouteObject } from 'react-router';
import { ACCOUNT_PATHS } from './paths.ts';

export { ACCOUNT_PATHS };

export const accountRoutes: RouteObject[] = [
  {
    path: ACCOUNT_PATHS.profile,
    lazy: async () => ({ Component: (await import('./components/profile-page.tsx')).ProfilePage }),
  },
];
