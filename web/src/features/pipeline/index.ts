/**
 * Public surface of the pipeline feature (V1): the board, list and funnel, the opportunity form
 * and page, the stage settings, the navigation item and the home screen's hottest opportunities.
 */
export { pipelineRoutes, PIPELINE_PATHS } from './routes.tsx';
export { buildOpportunityPath } from './paths.ts';
export { usePipelineNavigation } from './hooks/use-pipeline-navigation.tsx';
export { HotOpportunities, type HotOpportunitiesProps } from './components/hot-opportunities.tsx';
export { canUsePipeline } from './components/pipeline-gate.tsx';
