/** Scoring routes (signed-in): the weights settings page, loaded lazily (precached, opens offline). */
import type { RouteObject } from 'react-router';
import { SCORING_PATHS } from './paths.ts';

export const scoringRoutes: RouteObject[] = [
  {
    path: SCORING_PATHS.settings,
    lazy: async () => ({ Component: (await import('./components/scoring-settings-page.tsx')).ScoringSettingsPage }),
  },
];
