/**
 * Public surface of the scoring feature (V1, seed 001 A1): live scores computed on the device,
 * the badge and the explanation other screens show, and the weights settings route.
 */
export type { ScoreResult } from '@shared/scoring/index.ts';
export { scoringRoutes } from './routes.tsx';
export { SCORING_PATHS } from './paths.ts';
export { useContactScores, useOpportunityScores } from './hooks/use-scores.ts';
export { ScoreBadge } from './components/score-badge.tsx';
export { ScoreExplanation } from './components/score-explanation.tsx';
export { getScoreBand, type ScoreBand } from './internal/explain.ts';
