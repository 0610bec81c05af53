/** Sync routes: "À traiter", the writes the server refused, waiting for the user's decision. */
import type { RouteObject } from 'react-router';

export const SYNC_PATHS = {
  attention: '/a-traiter',
} as const;

export const syncRoutes: RouteObject[] = [
  {
    path: SYNC_PATHS.attention,
    lazy: async () => ({ Component: (await import('./components/needs-attention-page.tsx')).NeedsAttentionPage }),
  },
];
