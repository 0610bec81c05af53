/**
 * Pipeline routes (signed-in, under the SecurityGate). Pages load lazily; the service worker
 * precaches them, so the board opens offline. Static paths come before `:id`.
 */
import type { RouteObject } from 'react-router';
import { PIPELINE_PATHS } from './paths.ts';

export { PIPELINE_PATHS };

export const pipelineRoutes: RouteObject[] = [
  {
    path: PIPELINE_PATHS.board,
    lazy: async () => ({ Component: (await import('./components/pipeline-page.tsx')).PipelinePage }),
  },
  {
    path: PIPELINE_PATHS.opportunityNew,
    lazy: async () => ({ Component: (await import('./components/opportunity-form-pages.tsx')).NewOpportunityPage }),
  },
  {
    path: `${PIPELINE_PATHS.board}/:id/modifier`,
    lazy: async () => ({ Component: (await import('./components/opportunity-form-pages.tsx')).EditOpportunityPage }),
  },
  {
    path: `${PIPELINE_PATHS.board}/:id`,
    lazy: async () => ({ Component: (await import('./components/opportunity-page.tsx')).OpportunityPage }),
  },
  {
    path: PIPELINE_PATHS.settings,
    lazy: async () => ({ Component: (await import('./components/stage-settings-page.tsx')).StageSettingsPage }),
  },
];
